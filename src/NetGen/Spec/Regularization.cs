namespace NetGen;

/// <summary>
/// Rescales all gradients together when their total L2 norm exceeds <see cref="MaxNorm"/>, as
/// torch.nn.utils.clip_grad_norm_: coefficient = min(max / (‖g‖ + 1e-6), 1). Updates then wait for every gradient.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class ClipGradNormAttribute(float maxNorm) : Attribute
{
    /// <summary>The largest total norm, &gt; 0.</summary>
    public float MaxNorm { get; } = maxNorm;
}

/// <summary>Clamps every gradient element to [-v, v] before the optimizer step, as torch.nn.utils.clip_grad_value_.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class ClipGradValueAttribute(float value) : Attribute
{
    /// <summary>The bound v, &gt; 0.</summary>
    public float Value { get; } = value;
}

/// <summary>
/// Adds λ·Σ|θ| to the objective: the optimizer sees g + λ·sign(θ) (the subgradient, sign 0 = 0). The loss that
/// TrainStep returns is the data loss alone.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class L1Attribute(float lambda) : Attribute
{
    /// <summary>λ ≥ 0.</summary>
    public float Lambda { get; } = lambda;
}
