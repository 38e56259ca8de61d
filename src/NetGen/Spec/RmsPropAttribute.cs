namespace NetGen;

/// <summary>
/// RMSProp, as torch.optim.RMSprop (defaults are PyTorch's): v = αv + (1-α)g²; centered: ḡ = αḡ + (1-α)g and
/// d = √(v - ḡ²) + ε, else d = √v + ε; with momentum b = μb + g/d, θ -= γb, else θ -= γg/d.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class RmsPropAttribute(float learningRate = 1e-2f) : Attribute
{
    /// <summary>γ, finite and &gt; 0.</summary>
    public float LearningRate { get; } = learningRate;

    /// <summary>α in [0, 1], the smoothing constant.</summary>
    public float Alpha { get; set; } = 0.99f;

    /// <summary>ε ≥ 0.</summary>
    public float Epsilon { get; set; } = 1e-8f;

    /// <summary>μ in [0, 1).</summary>
    public float Momentum { get; set; }

    /// <summary>Normalize by the estimated variance of the gradient.</summary>
    public bool Centered { get; set; }

    /// <summary>λ ≥ 0, L2 through the gradient.</summary>
    public float WeightDecay { get; set; }

    /// <summary>When true, weight decay and L1 apply to weights only, not to biases.</summary>
    public bool DecayWeightsOnly { get; set; }
}
