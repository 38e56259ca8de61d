using NetGen;

namespace NetGen.Samples.ModelSelection;

/// <summary>
/// The narrow candidate: 784-100-10 with dropout on the hidden layer. Its learning rate, weight decay, momentum and
/// dropout rate are run-time properties, so the search sets them per trial; the attribute values are only defaults.
/// </summary>
[Network(BatchSize = 128)]
[Input(784)]
[SoftmaxCrossEntropy]
[Sgd(0.05f, Momentum = 0.9f, WeightDecay = 1e-4f)]
public partial class NarrowMlp
{
    [Dense(100), ReLU, Dropout(0.2f)]
    public partial Layer Hidden { get; }

    [Dense(10)]
    public partial Layer Output { get; }
}

/// <summary>The deep candidate: 784-256-128-10 with dropout on both hidden layers (the main job's MLP plus dropout).</summary>
[Network(BatchSize = 128)]
[Input(784)]
[SoftmaxCrossEntropy]
[Sgd(0.05f, Momentum = 0.9f, WeightDecay = 1e-4f)]
public partial class DeepMlp
{
    [Dense(256), ReLU, Dropout(0.2f)]
    public partial Layer Hidden1 { get; }

    [Dense(128), ReLU, Dropout(0.2f)]
    public partial Layer Hidden2 { get; }

    [Dense(10)]
    public partial Layer Output { get; }
}
