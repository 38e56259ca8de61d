using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NetGen.Runtime;

/// <summary>AdaGrad's rule as an in-place update over g, θ and the sum of squares S.</summary>
internal readonly ref struct AdaGradOperator : IUpdateOperator
{
    private readonly ref float g;
    private readonly ref float theta;
    private readonly ref float s;
    private readonly GradientTransform transform;
    private readonly float decayedRate, epsilon;

    /// <summary>The caller has checked that every span it passes holds one value per parameter.</summary>
    public AdaGradOperator(ReadOnlySpan<float> gradients, Span<float> parameters, Span<float> sumOfSquares, in GradientTransform transform, float decayedRate, float epsilon)
    {
        g = ref MemoryMarshal.GetReference(gradients);
        theta = ref MemoryMarshal.GetReference(parameters);
        s = ref MemoryMarshal.GetReference(sumOfSquares);
        this.transform = transform;
        this.decayedRate = decayedRate;
        this.epsilon = epsilon;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Element(nuint i)
    {
        ref float target = ref Unsafe.Add(ref theta, i);
        float p = target;
        float grad = transform.Apply(Unsafe.Add(ref g, i), p);
        float sum = Unsafe.Add(ref s, i) + grad * grad;
        Unsafe.Add(ref s, i) = sum;
        target = p - grad / (MathF.Sqrt(sum) + epsilon) * decayedRate;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Lanes256(nuint i)
    {
        Vector256<float> p = Vector256.LoadUnsafe(ref theta, i);
        Vector256<float> grad = transform.Apply(Vector256.LoadUnsafe(ref g, i), p);
        Vector256<float> sum = Vector256.LoadUnsafe(ref s, i) + grad * grad;
        sum.StoreUnsafe(ref s, i);
        (p - grad / (Vector256.Sqrt(sum) + Vector256.Create(epsilon)) * decayedRate).StoreUnsafe(ref theta, i);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Lanes512(nuint i)
    {
        Vector512<float> p = Vector512.LoadUnsafe(ref theta, i);
        Vector512<float> grad = transform.Apply(Vector512.LoadUnsafe(ref g, i), p);
        Vector512<float> sum = Vector512.LoadUnsafe(ref s, i) + grad * grad;
        sum.StoreUnsafe(ref s, i);
        (p - grad / (Vector512.Sqrt(sum) + Vector512.Create(epsilon)) * decayedRate).StoreUnsafe(ref theta, i);
    }
}
