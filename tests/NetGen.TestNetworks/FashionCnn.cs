using NetGen;

namespace Demo;

/// <summary>A small CNN: padded convolutions with BatchNorm and ReLU, max and average pooling, a Dense head.</summary>
[Network(BatchSize = 64)]
[Input(1, 28, 28)]
[SoftmaxCrossEntropy]
[Adam]
public partial class FashionCnn
{
    [Conv2D(8, 3, Padding = 1), BatchNorm, ReLU]
    public partial Layer Conv1 { get; }

    [MaxPool(2)]
    public partial Layer Pool1 { get; }

    [Conv2D(16, 3, Padding = 1), BatchNorm, ReLU]
    public partial Layer Conv2 { get; }

    [AvgPool(2)]
    public partial Layer Pool2 { get; }

    [Dense(10)]
    public partial Layer Output { get; }
}
