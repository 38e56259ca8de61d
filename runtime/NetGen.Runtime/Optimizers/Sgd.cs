using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NetGen.Runtime;

/// <summary>
/// One SGD step over a slice of parameters, with torch.optim.SGD's semantics:
/// g += λθ; b = g on the first step, else b = μb + (1-τ)g; g = g + μb (Nesterov) or b; θ -= γg.
/// Vector and scalar lanes use the same operations in the same order (no fused multiply-add), so a slice
/// updated alone gives bit-identical results to the same elements updated as part of a larger span.
/// </summary>
public static class Sgd
{
    /// <summary>Updates parameters (and velocity, when momentum is on) from gradients of the same length.</summary>
    /// <param name="gradients">∂L/∂θ, one per parameter.</param>
    /// <param name="settings">γ, μ, τ, λ, Nesterov.</param>
    /// <param name="firstStep">True on the optimizer's first step, when the velocity starts as the gradient.</param>
    /// <param name="parameters">θ, updated in place.</param>
    /// <param name="velocity">b, updated in place; empty when momentum is 0.</param>
    public static void Update(ReadOnlySpan<float> gradients, in SgdSettings settings, bool firstStep, Span<float> parameters, Span<float> velocity) =>
        Update(gradients, settings, firstStep, parameters, velocity, SimdWidths.Best);

    internal static void Update(ReadOnlySpan<float> gradients, in SgdSettings settings, bool firstStep, Span<float> parameters, Span<float> velocity, SimdWidth width)
    {
        if (gradients.Length != parameters.Length)
        {
            throw new ArgumentException($"gradients holds {gradients.Length} floats but parameters holds {parameters.Length}.", nameof(gradients));
        }

        bool useMomentum = settings.Momentum != 0f;
        if (useMomentum && velocity.Length != parameters.Length)
        {
            throw new ArgumentException($"velocity holds {velocity.Length} floats but momentum needs one per parameter ({parameters.Length}).", nameof(velocity));
        }

        float lr = settings.LearningRate, mu = settings.Momentum, decay = settings.WeightDecay;
        float keep = 1f - settings.Dampening;
        bool nesterov = settings.Nesterov;
        ref float g = ref MemoryMarshal.GetReference(gradients);
        ref float theta = ref MemoryMarshal.GetReference(parameters);
        ref float b = ref MemoryMarshal.GetReference(velocity);
        int n = parameters.Length;
        int i = 0;
        if (width == SimdWidth.Vector512)
        {
            for (; i <= n - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                Vector512<float> t = Vector512.LoadUnsafe(ref theta, (nuint)i);
                Vector512<float> step = Vector512.LoadUnsafe(ref g, (nuint)i) + t * decay;
                if (useMomentum)
                {
                    Vector512<float> v = firstStep ? step : Vector512.LoadUnsafe(ref b, (nuint)i) * mu + step * keep;
                    v.StoreUnsafe(ref b, (nuint)i);
                    step = nesterov ? step + v * mu : v;
                }

                (t - step * lr).StoreUnsafe(ref theta, (nuint)i);
            }
        }

        if (width != SimdWidth.Scalar)
        {
            for (; i <= n - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                Vector256<float> t = Vector256.LoadUnsafe(ref theta, (nuint)i);
                Vector256<float> step = Vector256.LoadUnsafe(ref g, (nuint)i) + t * decay;
                if (useMomentum)
                {
                    Vector256<float> v = firstStep ? step : Vector256.LoadUnsafe(ref b, (nuint)i) * mu + step * keep;
                    v.StoreUnsafe(ref b, (nuint)i);
                    step = nesterov ? step + v * mu : v;
                }

                (t - step * lr).StoreUnsafe(ref theta, (nuint)i);
            }
        }

        for (; i < n; i++)
        {
            float step = gradients[i] + parameters[i] * decay;
            if (useMomentum)
            {
                float v = firstStep ? step : velocity[i] * mu + step * keep;
                velocity[i] = v;
                step = nesterov ? step + v * mu : v;
            }

            parameters[i] -= step * lr;
        }
    }
}
