using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NetGen.Runtime;

/// <summary>
/// What happens to a raw loss gradient g before an optimizer's rule sees it, in PyTorch's order:
/// the L1 subgradient λ₁·sign(θ) is part of the loss (so clipping sees it), then clip_grad_value_ clamps to ±c,
/// then clip_grad_norm_ scales by its coefficient, then the optimizer's coupled weight decay adds λ₂·θ.
/// </summary>
/// <remarks>Plain multiplies and adds (no FMA) so vector and scalar lanes round identically.</remarks>
public readonly struct GradientTransform
{
    /// <summary>Applies every stage.</summary>
    /// <param name="scale">The clip-by-norm coefficient (1 when not clipping by norm).</param>
    /// <param name="l1">λ₁ of the L1 penalty (0 for none).</param>
    /// <param name="clipValue">c of clip-by-value (0 for none).</param>
    /// <param name="weightDecay">λ₂ of the optimizer's coupled (L2) weight decay (0 for none, and for AdamW).</param>
    public GradientTransform(float scale, float l1, float clipValue, float weightDecay)
    {
        Scale = scale;
        L1 = l1;
        ClipValue = clipValue;
        WeightDecay = weightDecay;
    }

    /// <summary>The identity: no L1, no clipping, no weight decay.</summary>
    public static GradientTransform None => new(1f, 0f, 0f, 0f);

    /// <summary>Coupled weight decay only, as torch.optim's weight_decay.</summary>
    public static GradientTransform Decay(float weightDecay) => new(1f, 0f, 0f, weightDecay);

    /// <summary>The clip-by-norm coefficient.</summary>
    public float Scale { get; }

    /// <summary>λ₁.</summary>
    public float L1 { get; }

    /// <summary>The clip-by-value bound c, or 0.</summary>
    public float ClipValue { get; }

    /// <summary>λ₂.</summary>
    public float WeightDecay { get; }

    /// <summary>The gradient the optimizer rule sees for one element.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Apply(float g, float theta)
    {
        if (L1 != 0f)
        {
            g += L1 * (theta > 0f ? 1f : theta < 0f ? -1f : 0f);
        }

        if (ClipValue != 0f)
        {
            g = MathF.Min(MathF.Max(g, -ClipValue), ClipValue);
        }

        if (Scale != 1f)
        {
            g *= Scale;
        }

        if (WeightDecay != 0f)
        {
            g += theta * WeightDecay;
        }

        return g;
    }

    /// <summary>The gradient the optimizer rule sees, eight lanes at a time.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<float> Apply(Vector256<float> g, Vector256<float> theta)
    {
        if (L1 != 0f)
        {
            Vector256<float> sign = (Vector256.GreaterThan(theta, Vector256<float>.Zero) & Vector256<float>.One)
                - (Vector256.LessThan(theta, Vector256<float>.Zero) & Vector256<float>.One);
            g += sign * L1;
        }

        if (ClipValue != 0f)
        {
            g = Vector256.Min(Vector256.Max(g, Vector256.Create(-ClipValue)), Vector256.Create(ClipValue));
        }

        if (Scale != 1f)
        {
            g *= Scale;
        }

        if (WeightDecay != 0f)
        {
            g += theta * WeightDecay;
        }

        return g;
    }

    /// <summary>The gradient the optimizer rule sees, sixteen lanes at a time.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Apply(Vector512<float> g, Vector512<float> theta)
    {
        if (L1 != 0f)
        {
            Vector512<float> sign = (Vector512.GreaterThan(theta, Vector512<float>.Zero) & Vector512<float>.One)
                - (Vector512.LessThan(theta, Vector512<float>.Zero) & Vector512<float>.One);
            g += sign * L1;
        }

        if (ClipValue != 0f)
        {
            g = Vector512.Min(Vector512.Max(g, Vector512.Create(-ClipValue)), Vector512.Create(ClipValue));
        }

        if (Scale != 1f)
        {
            g *= Scale;
        }

        if (WeightDecay != 0f)
        {
            g += theta * WeightDecay;
        }

        return g;
    }

    /// <summary>
    /// Σ (g + λ₁·sign θ)² over a slice, with the clamp of clip-by-value if any: the slice's share of the squared
    /// total norm clip_grad_norm_ measures (before scaling and weight decay). Accumulated in double.
    /// </summary>
    public double SquaredNorm(ReadOnlySpan<float> gradients, ReadOnlySpan<float> parameters) => SquaredNorm(gradients, parameters, Simd.Width);

    /// <summary>
    /// As the public overload at a chosen width. A reduction, so not one of <see cref="SimdLoop"/>'s maps: float lanes
    /// over blocks of <see cref="SpanMath.Block"/> then into the double total (accurate and still one pass), the lanes
    /// as wide as the width, so the last bits of the norm follow the width's summation order.
    /// </summary>
    internal double SquaredNorm(ReadOnlySpan<float> gradients, ReadOnlySpan<float> parameters, SimdWidth width)
    {
        if (parameters.Length < gradients.Length)
        {
            SpanErrors.TooShort(nameof(parameters), parameters.Length, gradients.Length);
        }

        var unscaled = new GradientTransform(1f, L1, ClipValue, 0f);
        ref float g = ref MemoryMarshal.GetReference(gradients);
        ref float theta = ref MemoryMarshal.GetReference(parameters);
        double total = 0;
        int n = gradients.Length, i = 0;
        if (width == SimdWidth.Vector512)
        {
            for (; i <= n - SpanMath.Block; i += SpanMath.Block)
            {
                Vector512<float> block = Vector512<float>.Zero;
                for (int j = i; j < i + SpanMath.Block; j += Vector512<float>.Count)
                {
                    Vector512<float> t = unscaled.Apply(Vector512.LoadUnsafe(ref g, (nuint)j), Vector512.LoadUnsafe(ref theta, (nuint)j));
                    block += t * t;
                }

                total += Vector512.Sum(block);
            }
        }

        if (width != SimdWidth.Scalar)
        {
            for (; i <= n - SpanMath.Block; i += SpanMath.Block)
            {
                Vector256<float> block = Vector256<float>.Zero;
                for (int j = i; j < i + SpanMath.Block; j += Vector256<float>.Count)
                {
                    Vector256<float> t = unscaled.Apply(Vector256.LoadUnsafe(ref g, (nuint)j), Vector256.LoadUnsafe(ref theta, (nuint)j));
                    block += t * t;
                }

                total += Vector256.Sum(block);
            }
        }

        for (; i < n; i++)
        {
            float t = unscaled.Apply(gradients[i], parameters[i]);
            total += (double)t * t;
        }

        return total;
    }

    /// <summary>clip_grad_norm_'s coefficient: min(max / (‖g‖ + 1e-6), 1).</summary>
    public static float ClipCoefficient(double squaredNorm, float maxNorm)
    {
        float total = (float)Math.Sqrt(squaredNorm);
        float coefficient = maxNorm / (total + 1e-6f);
        return coefficient < 1f ? coefficient : 1f;
    }
}
