namespace NetGen.Samples.FashionMnist;

/// <summary>The course's MLP for Fashion-MNIST: 784-256-128-10, ReLU, SGD with momentum.</summary>
[Network(BatchSize = 128)]
[Input(784)]
[SoftmaxCrossEntropy]
[Sgd(0.05f, Momentum = 0.9f)]
public partial class FashionMlp
{
    [Dense(256, Init = Init.HeNormal), ReLU]
    public partial Layer Hidden1 { get; }

    [Dense(128), ReLU]
    public partial Layer Hidden2 { get; }

    [Dense(10)]
    public partial Layer Output { get; }
}
