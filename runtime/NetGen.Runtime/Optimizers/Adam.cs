using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NetGen.Runtime;

/// <summary>
/// One Adam/AdamW step over a slice, as torch.optim.Adam/AdamW (single-tensor path):
/// θ *= 1 - γλ (AdamW only); ĝ = transform(g); m = β1·m + (1-β1)·ĝ; v = β2·v + (1-β2)·ĝ²; v̂ = max(v̂, v) with AMSGrad;
/// θ -= (γ/(1-β1^t)) · m / (√v(or v̂) / √(1-β2^t) + ε). The per-step scalars come from <see cref="AdamStep"/>.
/// </summary>
public static class Adam
{
    /// <param name="gradients">∂L/∂θ.</param>
    /// <param name="transform">L1, clipping and coupled (L2) weight decay; no decay for AdamW.</param>
    /// <param name="step">This step's scalars.</param>
    /// <param name="parameters">θ, updated in place.</param>
    /// <param name="firstMoment">m, updated in place.</param>
    /// <param name="secondMoment">v, updated in place.</param>
    /// <param name="maxSecondMoment">v̂ (AMSGrad), updated in place; empty without AMSGrad.</param>
    public static void Update(ReadOnlySpan<float> gradients, in GradientTransform transform, in AdamStep step, Span<float> parameters, Span<float> firstMoment, Span<float> secondMoment, Span<float> maxSecondMoment) =>
        Update(gradients, transform, step, parameters, firstMoment, secondMoment, maxSecondMoment, Simd.Width);

    /// <summary>As the public overload at a chosen width; returns which loop handled how many elements.</summary>
    internal static SimdCoverage Update(ReadOnlySpan<float> gradients, in GradientTransform transform, in AdamStep step, Span<float> parameters, Span<float> firstMoment, Span<float> secondMoment, Span<float> maxSecondMoment, SimdWidth width)
    {
        int n = parameters.Length;
        OptimizerSpans.Require(n, gradients.Length, nameof(gradients));
        OptimizerSpans.Require(n, firstMoment.Length, nameof(firstMoment));
        OptimizerSpans.Require(n, secondMoment.Length, nameof(secondMoment));
        bool amsGrad = step.AmsGrad;
        if (amsGrad)
        {
            OptimizerSpans.Require(n, maxSecondMoment.Length, nameof(maxSecondMoment));
        }

        GradientTransform t = transform;
        float beta1 = step.Beta1, keep1 = 1f - step.Beta1, beta2 = step.Beta2, keep2 = 1f - step.Beta2;
        float stepSize = step.StepSize, correction = step.BiasCorrection2Sqrt, epsilon = step.Epsilon, decay = step.DecayFactor;
        ref float g = ref MemoryMarshal.GetReference(gradients);
        ref float theta = ref MemoryMarshal.GetReference(parameters);
        ref float m = ref MemoryMarshal.GetReference(firstMoment);
        ref float v = ref MemoryMarshal.GetReference(secondMoment);
        ref float vMax = ref MemoryMarshal.GetReference(maxSecondMoment);
        int i = 0;
        if (width == SimdWidth.Vector512)
        {
            for (; i <= n - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                nuint k = (nuint)i;
                Vector512<float> p = Vector512.LoadUnsafe(ref theta, k);
                Vector512<float> grad = t.Apply(Vector512.LoadUnsafe(ref g, k), p);
                if (decay != 1f)
                {
                    p *= decay;
                }

                Vector512<float> mean = Vector512.LoadUnsafe(ref m, k) * beta1 + grad * keep1;
                Vector512<float> square = Vector512.LoadUnsafe(ref v, k) * beta2 + grad * grad * keep2;
                mean.StoreUnsafe(ref m, k);
                square.StoreUnsafe(ref v, k);
                if (amsGrad)
                {
                    square = Vector512.Max(Vector512.LoadUnsafe(ref vMax, k), square);
                    square.StoreUnsafe(ref vMax, k);
                }

                Vector512<float> denominator = Vector512.Sqrt(square) / correction + Vector512.Create(epsilon);
                (p - mean / denominator * stepSize).StoreUnsafe(ref theta, k);
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
                if (decay != 1f)
                {
                    p *= decay;
                }

                Vector256<float> mean = Vector256.LoadUnsafe(ref m, k) * beta1 + grad * keep1;
                Vector256<float> square = Vector256.LoadUnsafe(ref v, k) * beta2 + grad * grad * keep2;
                mean.StoreUnsafe(ref m, k);
                square.StoreUnsafe(ref v, k);
                if (amsGrad)
                {
                    square = Vector256.Max(Vector256.LoadUnsafe(ref vMax, k), square);
                    square.StoreUnsafe(ref vMax, k);
                }

                Vector256<float> denominator = Vector256.Sqrt(square) / correction + Vector256.Create(epsilon);
                (p - mean / denominator * stepSize).StoreUnsafe(ref theta, k);
            }
        }

        var coverage = new SimdCoverage(wide, i - wide, n - i);
        for (; i < n; i++)
        {
            float p = parameters[i];
            float grad = t.Apply(gradients[i], p);
            if (decay != 1f)
            {
                p *= decay;
            }

            float mean = firstMoment[i] * beta1 + grad * keep1;
            float square = secondMoment[i] * beta2 + grad * grad * keep2;
            firstMoment[i] = mean;
            secondMoment[i] = square;
            if (amsGrad)
            {
                square = MathF.Max(maxSecondMoment[i], square);
                maxSecondMoment[i] = square;
            }

            float denominator = MathF.Sqrt(square) / correction + epsilon;
            parameters[i] = p - mean / denominator * stepSize;
        }

        return coverage;
    }
}
