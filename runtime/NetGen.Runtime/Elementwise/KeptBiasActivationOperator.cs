using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NetGen.Runtime;

/// <summary>
/// z += b, then y = f(z), as an in-place update over one row: the bias activation for activations whose derivative
/// needs z (GELU, SiLU), which keeps z for the backward pass and writes y beside it in the same pass.
/// </summary>
internal readonly ref struct KeptBiasActivationOperator<TActivation> : IUpdateOperator
    where TActivation : struct, IActivation
{
    private readonly ref float b;
    private readonly ref float z;
    private readonly ref float y;
    private readonly TActivation activation;

    /// <summary>The caller has checked that z and y hold a row of bias.Length values each.</summary>
    public KeptBiasActivationOperator(ReadOnlySpan<float> bias, Span<float> z, Span<float> y, TActivation activation)
    {
        b = ref MemoryMarshal.GetReference(bias);
        this.z = ref MemoryMarshal.GetReference(z);
        this.y = ref MemoryMarshal.GetReference(y);
        this.activation = activation;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Element(nuint i)
    {
        float v = Unsafe.Add(ref z, i) + Unsafe.Add(ref b, i);
        Unsafe.Add(ref z, i) = v;
        Unsafe.Add(ref y, i) = activation.Apply(v);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Lanes256(nuint i)
    {
        Vector256<float> v = Vector256.LoadUnsafe(ref z, i) + Vector256.LoadUnsafe(ref b, i);
        v.StoreUnsafe(ref z, i);
        activation.Apply(v).StoreUnsafe(ref y, i);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Lanes512(nuint i)
    {
        Vector512<float> v = Vector512.LoadUnsafe(ref z, i) + Vector512.LoadUnsafe(ref b, i);
        v.StoreUnsafe(ref z, i);
        activation.Apply(v).StoreUnsafe(ref y, i);
    }
}
