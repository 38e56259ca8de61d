namespace NetGen.Runtime;

/// <summary>
/// One RMSProp step over a slice, as torch.optim.RMSprop: ĝ = transform(g); v = αv + (1-α)ĝ²;
/// centered: ḡ = αḡ + (1-α)ĝ, d = √(v - ḡ²) + ε, else d = √v + ε; with momentum b = μb + ĝ/d, θ -= γb; else θ -= γĝ/d.
/// A large slice is updated on every core (<see cref="UpdateSplit"/>), to the same bits.
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

        Span<float> averages = centered ? gradientAverage : default, momenta = useMomentum ? momentumBuffer : default;
        return UpdateSplit<Rule>.Run(new Rule(transform, settings), gradients, parameters, squareAverage, averages, momenta, width);
    }

    /// <summary>RMSprop's rule with this step's transform and settings; the state is the square average, the gradient average (centered only) and the momentum buffer (momentum only).</summary>
    private readonly struct Rule(GradientTransform transform, RmsPropSettings settings) : IUpdateRule
    {
        public SimdCoverage Update(ReadOnlySpan<float> gradients, Span<float> parameters, Span<float> state0, Span<float> state1, Span<float> state2, SimdWidth width) =>
            SimdLoop.Update(parameters.Length, new RmsPropOperator(gradients, parameters, state0, state1, state2, transform, settings), width);
    }
}
