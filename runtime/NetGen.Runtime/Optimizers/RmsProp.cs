using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NetGen.Runtime;

/// <summary>
/// One RMSProp step over a slice, as torch.optim.RMSprop: ĝ = transform(g); v = αv + (1-α)ĝ²;
/// centered: ḡ = αḡ + (1-α)ĝ, d = √(v - ḡ²) + ε, else d = √v + ε; with momentum b = μb + ĝ/d, θ -= γb; else θ -= γĝ/d.
/// </summary>
public static class RmsProp
{
    /// <param name="gradients">∂L/∂θ.</param>
    /// <param name="transform">L1, clipping and weight decay.</param>
    /// <param name="settings">γ, α, ε, μ, centered.</param>
    /// <param name="parameters">θ, updated in place.</param>
    /// <param name="squareAverage">v, updated in place.</param>
    /// <param name="gradientAverage">ḡ (centered only), updated in place; empty otherwise.</param>
    /// <param name="momentumBuffer">b (momentum only), updated in place; empty otherwise.</param>
    public static void Update(ReadOnlySpan<float> gradients, in GradientTransform transform, in RmsPropSettings settings, Span<float> parameters, Span<float> squareAverage, Span<float> gradientAverage, Span<float> momentumBuffer) =>
        Update(gradients, transform, settings, parameters, squareAverage, gradientAverage, momentumBuffer, Simd.Width);

    /// <summary>As the public overload at a chosen width; returns which loop handled how many elements.</summary>
    internal static SimdCoverage Update(ReadOnlySpan<float> gradients, in GradientTransform transform, in RmsPropSettings settings, Span<float> parameters, Span<float> squareAverage, Span<float> gradientAverage, Span<float> momentumBuffer, SimdWidth width)
    {
        int n = parameters.Length;
        OptimizerSpans.Require(n, gradients.Length, nameof(gradients));
        OptimizerSpans.Require(n, squareAverage.Length, nameof(squareAverage));
        bool centered = settings.Centered, useMomentum = settings.Momentum > 0f;
        if (centered)
        {
            OptimizerSpans.Require(n, gradientAverage.Length, nameof(gradientAverage));
        }

        if (useMomentum)
        {
            OptimizerSpans.Require(n, momentumBuffer.Length, nameof(momentumBuffer));
        }

        GradientTransform t = transform;
        float lr = settings.LearningRate, alpha = settings.Alpha, keep = 1f - settings.Alpha, epsilon = settings.Epsilon, mu = settings.Momentum;
        ref float g = ref MemoryMarshal.GetReference(gradients);
        ref float theta = ref MemoryMarshal.GetReference(parameters);
        ref float v = ref MemoryMarshal.GetReference(squareAverage);
        ref float mean = ref MemoryMarshal.GetReference(gradientAverage);
        ref float b = ref MemoryMarshal.GetReference(momentumBuffer);
        int i = 0;
        if (width == SimdWidth.Vector512)
        {
            for (; i <= n - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                nuint k = (nuint)i;
                Vector512<float> p = Vector512.LoadUnsafe(ref theta, k);
                Vector512<float> grad = t.Apply(Vector512.LoadUnsafe(ref g, k), p);
                Vector512<float> square = Vector512.LoadUnsafe(ref v, k) * alpha + grad * grad * keep;
                square.StoreUnsafe(ref v, k);
                Vector512<float> denominator;
                if (centered)
                {
                    Vector512<float> average = Vector512.LoadUnsafe(ref mean, k) * alpha + grad * keep;
                    average.StoreUnsafe(ref mean, k);
                    denominator = Vector512.Sqrt(square - average * average) + Vector512.Create(epsilon);
                }
                else
                {
                    denominator = Vector512.Sqrt(square) + Vector512.Create(epsilon);
                }

                if (useMomentum)
                {
                    Vector512<float> buffer = Vector512.LoadUnsafe(ref b, k) * mu + grad / denominator;
                    buffer.StoreUnsafe(ref b, k);
                    (p - buffer * lr).StoreUnsafe(ref theta, k);
                }
                else
                {
                    (p - grad / denominator * lr).StoreUnsafe(ref theta, k);
                }
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
                Vector256<float> square = Vector256.LoadUnsafe(ref v, k) * alpha + grad * grad * keep;
                square.StoreUnsafe(ref v, k);
                Vector256<float> denominator;
                if (centered)
                {
                    Vector256<float> average = Vector256.LoadUnsafe(ref mean, k) * alpha + grad * keep;
                    average.StoreUnsafe(ref mean, k);
                    denominator = Vector256.Sqrt(square - average * average) + Vector256.Create(epsilon);
                }
                else
                {
                    denominator = Vector256.Sqrt(square) + Vector256.Create(epsilon);
                }

                if (useMomentum)
                {
                    Vector256<float> buffer = Vector256.LoadUnsafe(ref b, k) * mu + grad / denominator;
                    buffer.StoreUnsafe(ref b, k);
                    (p - buffer * lr).StoreUnsafe(ref theta, k);
                }
                else
                {
                    (p - grad / denominator * lr).StoreUnsafe(ref theta, k);
                }
            }
        }

        var coverage = new SimdCoverage(wide, i - wide, n - i);
        for (; i < n; i++)
        {
            float p = parameters[i];
            float grad = t.Apply(gradients[i], p);
            float square = squareAverage[i] * alpha + grad * grad * keep;
            squareAverage[i] = square;
            float denominator;
            if (centered)
            {
                float average = gradientAverage[i] * alpha + grad * keep;
                gradientAverage[i] = average;
                denominator = MathF.Sqrt(square - average * average) + epsilon;
            }
            else
            {
                denominator = MathF.Sqrt(square) + epsilon;
            }

            if (useMomentum)
            {
                float buffer = momentumBuffer[i] * mu + grad / denominator;
                momentumBuffer[i] = buffer;
                parameters[i] = p - buffer * lr;
            }
            else
            {
                parameters[i] = p - grad / denominator * lr;
            }
        }

        return coverage;
    }
}
