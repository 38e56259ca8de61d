namespace NetGen;

/// <summary>
/// Inverted dropout as the last op of a layer: in training each output is zeroed with probability p and the rest are
/// scaled by 1/(1 − p); <c>Predict</c> leaves outputs unchanged. Masks come from the network's seeded stream, so the same
/// seed repeats every mask.
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class DropoutAttribute(float probability) : Attribute
{
    /// <summary>p in [0, 1), the probability of dropping a unit.</summary>
    public float Probability { get; } = probability;
}
