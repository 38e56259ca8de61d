namespace NetGen.Runtime;

/// <summary>
/// An optimizer's rule with this step's settings, applied to a range of parameters: the gradients, θ and up to three
/// state buffers (empty where the rule keeps none). <see cref="UpdateSplit{TRule}"/> hands each core a range of the
/// same call; the one-thread path runs the whole range.
/// </summary>
internal interface IUpdateRule
{
    /// <summary>Updates θ and the state in place over the spans' common length; returns which loop covered how many elements.</summary>
    SimdCoverage Update(ReadOnlySpan<float> gradients, Span<float> parameters, Span<float> state0, Span<float> state1, Span<float> state2, SimdWidth width);
}
