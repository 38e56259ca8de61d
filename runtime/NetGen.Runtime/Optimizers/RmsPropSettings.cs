namespace NetGen.Runtime;

/// <summary>torch.optim.RMSprop's hyperparameters (weight decay is in <see cref="GradientTransform"/>).</summary>
/// <param name="LearningRate">γ.</param>
/// <param name="Alpha">α, the smoothing constant of the squared-gradient average.</param>
/// <param name="Epsilon">ε, added to the root of the average.</param>
/// <param name="Momentum">μ; 0 for none.</param>
/// <param name="Centered">Normalize by the estimated variance √(v - ḡ²) instead of √v.</param>
public readonly record struct RmsPropSettings(float LearningRate, float Alpha, float Epsilon, float Momentum, bool Centered);
