namespace NetGen.Benchmarks;

// The benchmarked networks. BatchNorm's inference cost is measured on the same MLP with and without it.

[Network(BatchSize = 128)]
[Input(784)]
[SoftmaxCrossEntropy]
[Sgd(0.05f, Momentum = 0.9f)]
public partial class Mlp784
{
    [Dense(256), ReLU]
    public partial Layer Hidden1 { get; }

    [Dense(128), ReLU]
    public partial Layer Hidden2 { get; }

    [Dense(10)]
    public partial Layer Output { get; }
}

[Network(BatchSize = 128)]
[Input(784)]
[SoftmaxCrossEntropy]
[Sgd(0.05f, Momentum = 0.9f)]
public partial class Mlp784BatchNorm
{
    [Dense(256), BatchNorm, ReLU]
    public partial Layer Hidden1 { get; }

    [Dense(128), BatchNorm, ReLU]
    public partial Layer Hidden2 { get; }

    [Dense(10)]
    public partial Layer Output { get; }
}

[Network(BatchSize = 128)]
[Input(784)]
[SoftmaxCrossEntropy]
[Adam]
public partial class Mlp784Adam
{
    [Dense(256), ReLU]
    public partial Layer Hidden1 { get; }

    [Dense(128), ReLU]
    public partial Layer Hidden2 { get; }

    [Dense(10)]
    public partial Layer Output { get; }
}
