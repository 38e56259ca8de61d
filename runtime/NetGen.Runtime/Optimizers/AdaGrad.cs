using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NetGen.Runtime;

/// <summary>
/// One AdaGrad step over a slice, as torch.optim.Adagrad: ĝ = transform(g); S += ĝ²; θ -= γ̃·ĝ/(√S + ε),
/// with the decayed rate γ̃ = γ/(1 + (t-1)η) computed once per step by <see cref="DecayedRate"/>.
/// </summary>
public static class AdaGrad
{
    /// <summary>γ̃ of step <paramref name="t"/> (1-based), in double like PyTorch's Python float, rounded to float.</summary>
    public static float DecayedRate(float learningRate, float learningRateDecay, long t) =>
        (float)(learningRate / (1.0 + (t - 1) * (double)learningRateDecay));

    /// <param name="gradients">∂L/∂θ.</param>
    /// <param name="transform">L1, clipping and weight decay.</param>
    /// <param name="decayedRate">γ̃ of this step.</param>
    /// <param name="epsilon">ε.</param>
    /// <param name="parameters">θ, updated in place.</param>
    /// <param name="sumOfSquares">S, updated in place.</param>
    public static void Update(ReadOnlySpan<float> gradients, in GradientTransform transform, float decayedRate, float epsilon, Span<float> parameters, Span<float> sumOfSquares) =>
        Update(gradients, transform, decayedRate, epsilon, parameters, sumOfSquares, Simd.Width);

    /// <summary>As the public overload at a chosen width; returns which loop handled how many elements.</summary>
    internal static SimdCoverage Update(ReadOnlySpan<float> gradients, in GradientTransform transform, float decayedRate, float epsilon, Span<float> parameters, Span<float> sumOfSquares, SimdWidth width)
    {
        int n = parameters.Length;
        OptimizerSpans.Require(n, gradients.Length, nameof(gradients));
        OptimizerSpans.Require(n, sumOfSquares.Length, nameof(sumOfSquares));
        GradientTransform t = transform;
        ref float g = ref MemoryMarshal.GetReference(gradients);
        ref float theta = ref MemoryMarshal.GetReference(parameters);
        ref float s = ref MemoryMarshal.GetReference(sumOfSquares);
        int i = 0;
        if (width == SimdWidth.Vector512)
        {
            for (; i <= n - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                nuint k = (nuint)i;
                Vector512<float> p = Vector512.LoadUnsafe(ref theta, k);
                Vector512<float> grad = t.Apply(Vector512.LoadUnsafe(ref g, k), p);
                Vector512<float> sum = Vector512.LoadUnsafe(ref s, k) + grad * grad;
                sum.StoreUnsafe(ref s, k);
                (p - grad / (Vector512.Sqrt(sum) + Vector512.Create(epsilon)) * decayedRate).StoreUnsafe(ref theta, k);
            }
        }

        int wide = i;
        if (width != SimdWidth.Scalar)
        {
            for (; i <= n - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                nuint k = (nuint)i;
                Vector256<float> p = Vector256.LoadUnsafe(ref theta, k);
                Vector256<float> grad = t.Apply(Vector256.LoadUnsafe(ref g, k), p);
                Vector256<float> sum = Vector256.LoadUnsafe(ref s, k) + grad * grad;
                sum.StoreUnsafe(ref s, k);
                (p - grad / (Vector256.Sqrt(sum) + Vector256.Create(epsilon)) * decayedRate).StoreUnsafe(ref theta, k);
            }
        }

        var coverage = new SimdCoverage(wide, i - wide, n - i);
        for (; i < n; i++)
        {
            float p = parameters[i];
            float grad = t.Apply(gradients[i], p);
            float sum = sumOfSquares[i] + grad * grad;
            sumOfSquares[i] = sum;
            parameters[i] = p - grad / (MathF.Sqrt(sum) + epsilon) * decayedRate;
        }

        return coverage;
    }
}
