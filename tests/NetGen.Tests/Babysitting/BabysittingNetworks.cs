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

/// <summary>The ReLU family's other members behind a bias of −100: every unit is off for every sample.</summary>
[Network(BatchSize = 6)]
[Input(5)]
[SoftmaxCrossEntropy]
[Sgd(0.1f)]
public partial class DeadLeakyNet
{
    [Dense(8, Bias = -100f), LeakyReLU(0.1f)]
    public partial Layer Leaky { get; }

    [Dense(4, Bias = -100f), ELU]
    public partial Layer Exponential { get; }

    [Dense(4, Bias = 100f), SiLU]
    public partial Layer Alive { get; }

    [Dense(3)]
    public partial Layer Output { get; }
}
