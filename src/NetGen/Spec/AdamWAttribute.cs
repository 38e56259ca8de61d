namespace NetGen;

/// <summary>
/// AdamW, as torch.optim.AdamW (defaults are PyTorch's): θ *= 1 - γλ first (decoupled decay), then Adam without the L2 term: m = β1·m + (1-β1)·g;
/// v = β2·v + (1-β2)·g²; θ -= (γ/(1-β1^t))·m/(√v/√(1-β2^t) + ε).
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class AdamWAttribute(float learningRate = 1e-3f) : Attribute
{
    /// <summary>γ, finite and &gt; 0.</summary>
    public float LearningRate { get; } = learningRate;

    /// <summary>β1 in [0, 1).</summary>
    public float Beta1 { get; set; } = 0.9f;

    /// <summary>β2 in [0, 1).</summary>
    public float Beta2 { get; set; } = 0.999f;

    /// <summary>ε ≥ 0.</summary>
    public float Epsilon { get; set; } = 1e-8f;

    /// <summary>λ ≥ 0, the decoupled decay rate (PyTorch's default 0.01).</summary>
    public float WeightDecay { get; set; } = 1e-2f;

    /// <summary>Use the running maximum of the second moment (Reddi et al.).</summary>
    public bool AmsGrad { get; set; }

    /// <summary>When true, weight decay and L1 apply to weights only, not to biases.</summary>
    public bool DecayWeightsOnly { get; set; }
}
