namespace NetGen;

/// <summary>
/// A max-norm constraint on a Dense or Conv2D layer's weight (Srebro &amp; Shraibman; Hinton et al. use it with dropout):
/// after every optimizer update each output unit's incoming weight vector (a row of W[out, in], or a filter's C·K·K
/// weights) is rescaled so that its L2 norm is at most c, exactly as
/// <c>torch.renorm(w, p=2, dim=0, maxnorm=c)</c>: a row with ‖w‖ &gt; c is scaled by c/(‖w‖ + 1e-7), other rows are
/// left untouched. The bias is not constrained, and the initial weights are used as drawn. It constrains the weight,
/// not the outputs, so it may stand anywhere after the producing op; it cannot be combined with WeightNorm, whose g
/// already sets every row's length.
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class MaxNormAttribute(float maxNorm) : Attribute
{
    /// <summary>The bound c, finite and &gt; 0.</summary>
    public float MaxNorm { get; } = maxNorm;
}

/// <summary>
/// Additive Gaussian noise as the last op of a layer: in training each output becomes y = a + σ·ε with ε ~ N(0, 1)
/// drawn from the network's seeded stream (the one dropout masks come from, so the same seed repeats the noise and a
/// checkpoint's position resumes it); <c>Predict</c> (and PredictWithDropout) leave outputs unchanged. ∂L/∂a = ∂L/∂y.
/// A layer ends with one of Dropout and GaussianNoise; to put noise on the network's input, give the first layer
/// the noise of the representation it feeds the next layer.
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class GaussianNoiseAttribute(float std) : Attribute
{
    /// <summary>σ, finite and &gt; 0.</summary>
    public float Std { get; } = std;
}

/// <summary>
/// An L1 penalty on a layer's output y (after every op of the layer, dropout or noise included; what the next layer
/// reads): the objective becomes L + λ·Σ|y|/B, summed over the units and positions of each sample and averaged over
/// the B samples of the batch, as a PyTorch user writes <c>loss = data_loss + lam * y.abs().sum() / y.shape[0]</c>.
/// Backward adds (λ/B)·sign(y) to ∂L/∂y (sign 0 = 0). As with the class-level [L1], the loss TrainStep returns is the
/// data loss alone. It may stand anywhere after the producing op.
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class ActivityL1Attribute(float lambda) : Attribute
{
    /// <summary>λ, finite and ≥ 0.</summary>
    public float Lambda { get; } = lambda;
}
