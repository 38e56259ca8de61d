using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NetGen.Runtime;

/// <summary>
/// Batch norm's input gradient along a row of features, as an in-place update: d = scale·(N·d − dβ − x̂·dγ) with the
/// scale, dβ and dγ per feature.
/// </summary>
internal readonly ref struct BatchNormInputGradientRowOperator : IUpdateOperator
{
    private readonly ref float d;
    private readonly ref float x;
    private readonly ref float scales;
    private readonly ref float dBeta;
    private readonly ref float dGamma;
    private readonly float count;

    /// <summary>The caller has checked that every span covers d.</summary>
    public BatchNormInputGradientRowOperator(Span<float> d, ReadOnlySpan<float> normalized, ReadOnlySpan<float> scales, ReadOnlySpan<float> dBeta, ReadOnlySpan<float> dGamma, float count)
    {
        this.d = ref MemoryMarshal.GetReference(d);
        x = ref MemoryMarshal.GetReference(normalized);
        this.scales = ref MemoryMarshal.GetReference(scales);
        this.dBeta = ref MemoryMarshal.GetReference(dBeta);
        this.dGamma = ref MemoryMarshal.GetReference(dGamma);
        this.count = count;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Element(nuint i)
    {
        ref float r = ref Unsafe.Add(ref d, i);
        r = Unsafe.Add(ref scales, i) * (count * r - Unsafe.Add(ref dBeta, i) - Unsafe.Add(ref x, i) * Unsafe.Add(ref dGamma, i));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Lanes256(nuint i)
    {
        Vector256<float> inner = Vector256.Create(count) * Vector256.LoadUnsafe(ref d, i) - Vector256.LoadUnsafe(ref dBeta, i) - Vector256.LoadUnsafe(ref x, i) * Vector256.LoadUnsafe(ref dGamma, i);
        (Vector256.LoadUnsafe(ref scales, i) * inner).StoreUnsafe(ref d, i);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Lanes512(nuint i)
    {
        Vector512<float> inner = Vector512.Create(count) * Vector512.LoadUnsafe(ref d, i) - Vector512.LoadUnsafe(ref dBeta, i) - Vector512.LoadUnsafe(ref x, i) * Vector512.LoadUnsafe(ref dGamma, i);
        (Vector512.LoadUnsafe(ref scales, i) * inner).StoreUnsafe(ref d, i);
    }
}
