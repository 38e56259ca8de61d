namespace NetGen.Samples.FashionMnist;

/// <summary>
/// The course's CNN for Fashion-MNIST: two blocks of Conv 3×3 → BatchNorm → ReLU → MaxPool 2 (32 and 64 filters, the
/// widths of the dataset's benchmark table's two-convolution entries), then a hidden Dense layer and the Dense to 10.
/// </summary>
[Network(BatchSize = 128)]
[Input(1, 28, 28)]
[SoftmaxCrossEntropy]
[Sgd(0.05f, Momentum = 0.9f)]
public partial class FashionCnn
{
    [Conv2D(32, 3, Padding = 1), BatchNorm, ReLU]
    public partial Layer Conv1 { get; }

    [MaxPool(2)]
    public partial Layer Pool1 { get; }

    [Conv2D(64, 3, Padding = 1), BatchNorm, ReLU]
    public partial Layer Conv2 { get; }

    [MaxPool(2)]
    public partial Layer Pool2 { get; }

    [Dense(128), BatchNorm, ReLU]
    public partial Layer Hidden { get; }

    [Dense(10)]
    public partial Layer Output { get; }
}
