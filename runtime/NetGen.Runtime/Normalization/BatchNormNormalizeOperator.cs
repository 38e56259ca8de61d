using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NetGen.Runtime;

/// <summary>
/// Batch norm's second pass along a row of features, as an in-place update: z = x̂ = (z − μ)·invStd (kept for the
/// backward pass) and y = f(γx̂ + β), with μ, invStd, γ and β per feature.
/// </summary>
internal readonly ref struct BatchNormNormalizeOperator<TActivation> : IUpdateOperator
    where TActivation : struct, IActivation
{
    private readonly ref float z;
    private readonly ref float y;
    private readonly ref float means;
    private readonly ref float inverseStd;
    private readonly ref float gamma;
    private readonly ref float beta;
    private readonly TActivation activation;

    /// <summary>The caller has checked that every span covers z.</summary>
    public BatchNormNormalizeOperator(Span<float> z, ReadOnlySpan<float> means, ReadOnlySpan<float> inverseStd, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, TActivation activation, Span<float> y)
    {
        this.z = ref MemoryMarshal.GetReference(z);
        this.y = ref MemoryMarshal.GetReference(y);
        this.means = ref MemoryMarshal.GetReference(means);
        this.inverseStd = ref MemoryMarshal.GetReference(inverseStd);
        this.gamma = ref MemoryMarshal.GetReference(gamma);
        this.beta = ref MemoryMarshal.GetReference(beta);
        this.activation = activation;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Element(nuint i)
    {
        ref float r = ref Unsafe.Add(ref z, i);
        float normalized = (r - Unsafe.Add(ref means, i)) * Unsafe.Add(ref inverseStd, i);
        r = normalized;
        Unsafe.Add(ref y, i) = activation.Apply(Unsafe.Add(ref gamma, i) * normalized + Unsafe.Add(ref beta, i));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Lanes256(nuint i)
    {
        Vector256<float> normalized = (Vector256.LoadUnsafe(ref z, i) - Vector256.LoadUnsafe(ref means, i)) * Vector256.LoadUnsafe(ref inverseStd, i);
        normalized.StoreUnsafe(ref z, i);
        activation.Apply(Vector256.LoadUnsafe(ref gamma, i) * normalized + Vector256.LoadUnsafe(ref beta, i)).StoreUnsafe(ref y, i);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Lanes512(nuint i)
    {
        Vector512<float> normalized = (Vector512.LoadUnsafe(ref z, i) - Vector512.LoadUnsafe(ref means, i)) * Vector512.LoadUnsafe(ref inverseStd, i);
        normalized.StoreUnsafe(ref z, i);
        activation.Apply(Vector512.LoadUnsafe(ref gamma, i) * normalized + Vector512.LoadUnsafe(ref beta, i)).StoreUnsafe(ref y, i);
    }
}
