using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NetGen.Runtime;

/// <summary>
/// Batch norm's second pass along one feature's plane, as an in-place update: z = x̂ = (z − μ)·invStd and
/// y = f(γx̂ + β), the feature's four scalars broadcast.
/// </summary>
internal readonly ref struct BatchNormNormalizePlaneOperator<TActivation> : IUpdateOperator
    where TActivation : struct, IActivation
{
    private readonly ref float z;
    private readonly ref float y;
    private readonly float mean, inverseStd, gamma, beta;
    private readonly TActivation activation;

    /// <summary>The caller has checked that y covers z.</summary>
    public BatchNormNormalizePlaneOperator(Span<float> z, float mean, float inverseStd, float gamma, float beta, TActivation activation, Span<float> y)
    {
        this.z = ref MemoryMarshal.GetReference(z);
        this.y = ref MemoryMarshal.GetReference(y);
        this.mean = mean;
        this.inverseStd = inverseStd;
        this.gamma = gamma;
        this.beta = beta;
        this.activation = activation;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Element(nuint i)
    {
        ref float r = ref Unsafe.Add(ref z, i);
        float normalized = (r - mean) * inverseStd;
        r = normalized;
        Unsafe.Add(ref y, i) = activation.Apply(gamma * normalized + beta);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Lanes256(nuint i)
    {
        Vector256<float> normalized = (Vector256.LoadUnsafe(ref z, i) - Vector256.Create(mean)) * Vector256.Create(inverseStd);
        normalized.StoreUnsafe(ref z, i);
        activation.Apply(Vector256.Create(gamma) * normalized + Vector256.Create(beta)).StoreUnsafe(ref y, i);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Lanes512(nuint i)
    {
        Vector512<float> normalized = (Vector512.LoadUnsafe(ref z, i) - Vector512.Create(mean)) * Vector512.Create(inverseStd);
        normalized.StoreUnsafe(ref z, i);
        activation.Apply(Vector512.Create(gamma) * normalized + Vector512.Create(beta)).StoreUnsafe(ref y, i);
    }
}
