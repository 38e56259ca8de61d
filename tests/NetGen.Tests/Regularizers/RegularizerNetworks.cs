namespace NetGen.Tests;

// Networks of the layer regularizers, each with a twin that differs only by the regularizer, so a test can tell what
// the regularizer itself changes (a regularizer draws nothing at construction: the twins start with equal parameters).

/// <summary>A smooth network with every layer regularizer, for finite differences: noise replayed by ReseedDropout.</summary>
[Network(BatchSize = 6)]
[Input(5)]
[SoftmaxCrossEntropy]
[Sgd(0.1f)]
public partial class PenalizedClassifier
{
    [Dense(6), Tanh, ActivityL1(0.05f), MaxNorm(1f)]
    public partial Layer Hidden { get; }

    [Dense(5), Tanh, GaussianNoise(0.3f)]
    public partial Layer Noisy { get; }

    [Dense(3), ActivityL1(0.02f)]
    public partial Layer Output { get; }
}

/// <summary>A convolution and a Dense layer with bounds near their initial row norms (≈ 1.4), so some rows cross them and some do not.</summary>
[Network(BatchSize = 4)]
[Input(2, 5, 5)]
[MeanSquaredError]
[Sgd(0.1f, Momentum = 0.9f)]
public partial class MaxNormedRegressor
{
    [Conv2D(3, 3), MaxNorm(1.4f), ReLU]
    public partial Layer Filters { get; }

    [Dense(4), MaxNorm(1.35f)]
    public partial Layer Output { get; }
}

/// <summary><see cref="MaxNormedRegressor"/> without its bounds.</summary>
[Network(BatchSize = 4)]
[Input(2, 5, 5)]
[MeanSquaredError]
[Sgd(0.1f, Momentum = 0.9f)]
public partial class UnboundedRegressor
{
    [Conv2D(3, 3), ReLU]
    public partial Layer Filters { get; }

    [Dense(4)]
    public partial Layer Output { get; }
}

/// <summary>Gaussian noise on the output of a linear regressor: the MSE of noisy outputs against clean ones is ≈ σ².</summary>
[Network(BatchSize = 64)]
[Input(8)]
[MeanSquaredError]
[Sgd(0.1f)]
public partial class NoisyRegressor
{
    [Dense(16), GaussianNoise(0.5f)]
    public partial Layer Output { get; }
}

/// <summary><see cref="NoisyRegressor"/> without its noise.</summary>
[Network(BatchSize = 64)]
[Input(8)]
[MeanSquaredError]
[Sgd(0.1f)]
public partial class CleanRegressor
{
    [Dense(16)]
    public partial Layer Output { get; }
}

/// <summary>An activity L1 penalty on a linear output layer, whose gradient is known in closed form.</summary>
[Network(BatchSize = 5)]
[Input(4)]
[MeanSquaredError]
[Sgd(0.1f)]
public partial class SparseRegressor
{
    [Dense(3), ActivityL1(0.2f)]
    public partial Layer Output { get; }
}

/// <summary><see cref="SparseRegressor"/> without its penalty.</summary>
[Network(BatchSize = 5)]
[Input(4)]
[MeanSquaredError]
[Sgd(0.1f)]
public partial class DenseRegressor
{
    [Dense(3)]
    public partial Layer Output { get; }
}
