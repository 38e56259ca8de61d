namespace NetGen;

/// <summary>
/// AdaGrad, as torch.optim.Adagrad (defaults are PyTorch's): γ̃ = γ/(1 + (t-1)η); S += g²; θ -= γ̃·g/(√S + ε).
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class AdaGradAttribute(float learningRate = 1e-2f) : Attribute
{
    /// <summary>γ, finite and &gt; 0.</summary>
    public float LearningRate { get; } = learningRate;

    /// <summary>η ≥ 0, the learning-rate decay.</summary>
    public float LrDecay { get; set; }

    /// <summary>S at the start, ≥ 0.</summary>
    public float InitialAccumulator { get; set; }

    /// <summary>ε ≥ 0.</summary>
    public float Epsilon { get; set; } = 1e-10f;

    /// <summary>λ ≥ 0, L2 through the gradient.</summary>
    public float WeightDecay { get; set; }

    /// <summary>When true, weight decay and L1 apply to weights only, not to biases.</summary>
    public bool DecayWeightsOnly { get; set; }
}
