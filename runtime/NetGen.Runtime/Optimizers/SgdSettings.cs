namespace NetGen.Runtime;

/// <summary>The hyperparameters of one SGD step, as torch.optim.SGD names them (weight decay is in <see cref="GradientTransform"/>).</summary>
/// <param name="LearningRate">γ.</param>
/// <param name="Momentum">μ; 0 turns the velocity buffer off.</param>
/// <param name="Dampening">τ: the new gradient enters the velocity scaled by (1 - τ).</param>
/// <param name="Nesterov">Step along g + μb instead of b.</param>
public readonly record struct SgdSettings(float LearningRate, float Momentum, float Dampening, bool Nesterov);
