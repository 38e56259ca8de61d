namespace NetGen;

/// <summary>
/// Stochastic gradient descent with torch.optim.SGD's semantics, applied to each layer inside the backward pass:
/// g += λθ; b = g at the first step, then b = μb + (1-τ)g; Nesterov: g += μb, else g = b; θ -= γg.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class SgdAttribute(float learningRate) : Attribute
{
    /// <summary>γ, finite and &gt; 0.</summary>
    public float LearningRate { get; } = learningRate;

    /// <summary>μ in [0, 1).</summary>
    public float Momentum { get; set; }

    /// <summary>τ in [0, 1].</summary>
    public float Dampening { get; set; }

    /// <summary>Nesterov momentum; needs μ &gt; 0 and τ = 0.</summary>
    public bool Nesterov { get; set; }

    /// <summary>λ ≥ 0, the L2 penalty.</summary>
    public float WeightDecay { get; set; }

    /// <summary>When true, weight decay and L1 apply to weights only, not to biases (nor, later, norm parameters).</summary>
    public bool DecayWeightsOnly { get; set; }
}
