namespace NetGen.Tests.Babysitting;

// Small networks for the babysitting diagnostics' known answers.

[Network(BatchSize = 6)]
[Input(5)]
[SoftmaxCrossEntropy]
[Sgd(0.1f)]
public partial class DeadReluNet
{
    [Dense(8, Bias = -100f), ReLU]
    public partial Layer Dead { get; }

    [Dense(6), Tanh]
    public partial Layer Squash { get; }

    [Dense(3)]
    public partial Layer Output { get; }
}

[Network(BatchSize = 6)]
[Input(5)]
[SoftmaxCrossEntropy]
[Sgd(0.1f, Momentum = 0.9f)]
public partial class BabysitNormDropNet
{
    [Dense(8), BatchNorm, ReLU]
    public partial Layer Normed { get; }

    [Dense(7), ReLU, Dropout(0.3f)]
    public partial Layer Dropped { get; }

    [Dense(6), Sigmoid, Dropout(0.2f)]
    public partial Layer Squashed { get; }

    [Dense(3)]
    public partial Layer Output { get; }
}
