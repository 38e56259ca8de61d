using NetGen;

namespace Demo;

/// <summary>The layer regularizers: MaxNorm on a convolution and a Dense layer, Gaussian noise, an activity L1 penalty.</summary>
[Network(BatchSize = 8)]
[Input(1, 6, 6)]
[SoftmaxCrossEntropy]
[Sgd(0.05f, Momentum = 0.9f)]
public partial class Regularized
{
    [Conv2D(3, 3), MaxNorm(0.5f), ReLU, GaussianNoise(0.1f)]
    public partial Layer Noisy { get; }

    [Dense(6), ReLU, Dropout(0.2f), ActivityL1(0.01f), MaxNorm(0.8f)]
    public partial Layer Sparse { get; }

    [Dense(3), ActivityL1(0.001f)]
    public partial Layer Output { get; }
}
