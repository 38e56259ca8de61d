using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NetGen.Runtime;

/// <summary>
/// One SGD step over a slice of parameters, with torch.optim.SGD's semantics:
/// ĝ = transform(g); b = ĝ on the first step, else b = μb + (1-τ)ĝ; step = ĝ + μb (Nesterov) or b; θ -= γ·step.
/// Vector and scalar lanes use the same operations in the same order (no fused multiply-add), so a slice
/// updated alone gives bit-identical results to the same elements updated as part of a larger span.
/// </summary>
public static class Sgd
{
    /// <summary>Updates parameters (and velocity, when momentum is on) from gradients of the same length.</summary>
    /// <param name="gradients">∂L/∂θ, one per parameter.</param>
    /// <param name="transform">L1, clipping and weight decay applied to each gradient first.</param>
    /// <param name="settings">γ, μ, τ, Nesterov.</param>
    /// <param name="firstStep">True on the optimizer's first step, when the velocity starts as the gradient.</param>
    /// <param name="parameters">θ, updated in place.</param>
    /// <param name="velocity">b, updated in place; empty when momentum is 0.</param>
    public static void Update(ReadOnlySpan<float> gradients, in GradientTransform transform, in SgdSettings settings, bool firstStep, Span<float> parameters, Span<float> velocity) =>
        Update(gradients, transform, settings, firstStep, parameters, velocity, Simd.Width);

    /// <summary>As the public overload at a chosen width; returns which loop handled how many elements.</summary>
    internal static SimdCoverage Update(ReadOnlySpan<float> gradients, in GradientTransform transform, in SgdSettings settings, bool firstStep, Span<float> parameters, Span<float> velocity, SimdWidth width)
    {
        int n = parameters.Length;
        OptimizerSpans.Require(n, gradients.Length, nameof(gradients));
        bool useMomentum = settings.Momentum != 0f;
        if (useMomentum)
        {
            OptimizerSpans.Require(n, velocity.Length, nameof(velocity));
        }

        float lr = settings.LearningRate, mu = settings.Momentum, keep = 1f - settings.Dampening;
        bool nesterov = settings.Nesterov;
        GradientTransform t = transform;
        ref float g = ref MemoryMarshal.GetReference(gradients);
        ref float theta = ref MemoryMarshal.GetReference(parameters);
        ref float b = ref MemoryMarshal.GetReference(velocity);
        int i = 0;
        if (width == SimdWidth.Vector512)
        {
            for (; i <= n - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                Vector512<float> p = Vector512.LoadUnsafe(ref theta, (nuint)i);
                Vector512<float> step = t.Apply(Vector512.LoadUnsafe(ref g, (nuint)i), p);
                if (useMomentum)
                {
                    Vector512<float> v = firstStep ? step : Vector512.LoadUnsafe(ref b, (nuint)i) * mu + step * keep;
                    v.StoreUnsafe(ref b, (nuint)i);
                    step = nesterov ? step + v * mu : v;
                }

                (p - step * lr).StoreUnsafe(ref theta, (nuint)i);
            }
        }

        int wide = i;
        if (width != SimdWidth.Scalar)
        {
            for (; i <= n - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                Vector256<float> p = Vector256.LoadUnsafe(ref theta, (nuint)i);
                Vector256<float> step = t.Apply(Vector256.LoadUnsafe(ref g, (nuint)i), p);
                if (useMomentum)
                {
                    Vector256<float> v = firstStep ? step : Vector256.LoadUnsafe(ref b, (nuint)i) * mu + step * keep;
                    v.StoreUnsafe(ref b, (nuint)i);
                    step = nesterov ? step + v * mu : v;
                }

                (p - step * lr).StoreUnsafe(ref theta, (nuint)i);
            }
        }

        var coverage = new SimdCoverage(wide, i - wide, n - i);
        for (; i < n; i++)
        {
            float step = t.Apply(gradients[i], parameters[i]);
            if (useMomentum)
            {
                float v = firstStep ? step : velocity[i] * mu + step * keep;
                velocity[i] = v;
                step = nesterov ? step + v * mu : v;
            }

            parameters[i] -= step * lr;
        }

        return coverage;
    }
}
