using NetGen;

namespace NetGen.Samples.Babysitting;

/// <summary>The network of every experiment: 784-100-10, ReLU, plain SGD (the learning rate is set per run).</summary>
[Network(BatchSize = 128)]
[Input(784)]
[SoftmaxCrossEntropy]
[Sgd(0.05f)]
public partial class BabyMlp
{
    [Dense(100, Init = Init.HeNormal), ReLU]
    public partial Layer Hidden { get; }

    [Dense(10)]
    public partial Layer Output { get; }
}

/// <summary>The same network with a bad initialization: a hidden bias of −3 makes most pre-activations negative.</summary>
[Network(BatchSize = 128)]
[Input(784)]
[SoftmaxCrossEntropy]
[Sgd(0.05f)]
public partial class BadInitMlp
{
    [Dense(100, Init = Init.HeNormal, Bias = -3f), ReLU]
    public partial Layer Hidden { get; }

    [Dense(10)]
    public partial Layer Output { get; }
}
