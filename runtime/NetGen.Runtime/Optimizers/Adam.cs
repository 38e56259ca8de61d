namespace NetGen.Runtime;

/// <summary>
/// One Adam/AdamW step over a slice, as torch.optim.Adam/AdamW (single-tensor path):
/// θ *= 1 - γλ (AdamW only); ĝ = transform(g); m = β1·m + (1-β1)·ĝ; v = β2·v + (1-β2)·ĝ²; v̂ = max(v̂, v) with AMSGrad;
/// θ -= (γ/(1-β1^t)) · m / (√v(or v̂) / √(1-β2^t) + ε). The per-step scalars come from <see cref="AdamStep"/>. A
/// large slice is updated on every core (<see cref="UpdateSplit"/>), to the same bits.
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

        Span<float> kept = amsGrad ? maxSecondMoment : default;
        return UpdateSplit<Rule>.Run(new Rule(transform, step), gradients, parameters, firstMoment, secondMoment, kept, width);
    }

    /// <summary>Adam's rule with this step's transform and scalars; the state is m, v and (AMSGrad only) v̂.</summary>
    private readonly struct Rule(GradientTransform transform, AdamStep step) : IUpdateRule
    {
        public SimdCoverage Update(ReadOnlySpan<float> gradients, Span<float> parameters, Span<float> state0, Span<float> state1, Span<float> state2, SimdWidth width) =>
            SimdLoop.Update(parameters.Length, new AdamOperator(gradients, parameters, state0, state1, state2, transform, step), width);
    }
}
