namespace NetGen.Runtime;

/// <summary>
/// One AdaGrad step over a slice, as torch.optim.Adagrad: ĝ = transform(g); S += ĝ²; θ -= γ̃·ĝ/(√S + ε),
/// with the decayed rate γ̃ = γ/(1 + (t-1)η) computed once per step by <see cref="DecayedRate"/>.
/// A large slice is updated on every core (<see cref="UpdateSplit"/>), to the same bits.
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
        return UpdateSplit<Rule>.Run(new Rule(transform, decayedRate, epsilon), gradients, parameters, sumOfSquares, default, default, width);
    }

    /// <summary>AdaGrad's rule with this step's transform and decayed rate; the state is the sum of squares.</summary>
    private readonly struct Rule(GradientTransform transform, float decayedRate, float epsilon) : IUpdateRule
    {
        public SimdCoverage Update(ReadOnlySpan<float> gradients, Span<float> parameters, Span<float> state0, Span<float> state1, Span<float> state2, SimdWidth width) =>
            SimdLoop.Update(parameters.Length, new AdaGradOperator(gradients, parameters, state0, transform, decayedRate, epsilon), width);
    }
}
