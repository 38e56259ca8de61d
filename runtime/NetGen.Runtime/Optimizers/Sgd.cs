namespace NetGen.Runtime;

/// <summary>
/// One SGD step over a slice of parameters, with torch.optim.SGD's semantics:
/// ĝ = transform(g); b = ĝ on the first step, else b = μb + (1-τ)ĝ; step = ĝ + μb (Nesterov) or b; θ -= γ·step.
/// Vector and scalar lanes use the same operations in the same order (no fused multiply-add), so a slice
/// updated alone gives bit-identical results to the same elements updated as part of a larger span.
/// A large slice is updated on every core (<see cref="UpdateSplit"/>), to the same bits.
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

        Span<float> kept = useMomentum ? velocity : default;
        return UpdateSplit<Rule>.Run(new Rule(transform, settings, firstStep), gradients, parameters, kept, default, default, width);
    }

    /// <summary>SGD's rule with this step's transform and settings; the state is the velocity (momentum only).</summary>
    private readonly struct Rule(GradientTransform transform, SgdSettings settings, bool firstStep) : IUpdateRule
    {
        public SimdCoverage Update(ReadOnlySpan<float> gradients, Span<float> parameters, Span<float> state0, Span<float> state1, Span<float> state2, SimdWidth width) =>
            SimdLoop.Update(parameters.Length, new SgdOperator(gradients, parameters, state0, transform, settings, firstStep), width);
    }
}
