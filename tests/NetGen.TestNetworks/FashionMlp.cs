using NetGen;

namespace Demo;

/// <summary>The design document's example: a Dense → BatchNorm → ReLU layer, a ReLU layer with dropout, SGD with momentum.</summary>
[Network(BatchSize = 128)]
[Input(784)]
[SoftmaxCrossEntropy]
[Sgd(0.05f, Momentum = 0.9f)]
public partial class FashionMlp
{
    [Dense(256, Init = Init.HeNormal), BatchNorm, ReLU]
    public partial Layer Hidden1 { get; }

    [Dense(128), ReLU, Dropout(0.2f)]
    public partial Layer Hidden2 { get; }

    [Dense(10)]
    public partial Layer Output { get; }
}
