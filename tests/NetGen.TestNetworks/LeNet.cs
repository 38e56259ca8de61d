using NetGen;

namespace Demo;

/// <summary>LeNet-5 with every convolution lowering: direct (activation fused both ways), direct again, strided im2col.</summary>
[Network(BatchSize = 64)]
[Input(1, 28, 28)]
[SoftmaxCrossEntropy]
[Adam]
public partial class LeNet
{
    [Conv2D(6, 5, Padding = 2), ReLU]
    public partial Layer Conv1 { get; }

    [MaxPool(2)]
    public partial Layer Pool1 { get; }

    [Conv2D(16, 5), LeakyReLU(0.1f)]
    public partial Layer Conv2 { get; }

    [Conv2D(16, 2, Stride = 2), Tanh]
    public partial Layer Strided { get; }

    [Dense(84), ReLU]
    public partial Layer Fc { get; }

    [Dense(10)]
    public partial Layer Output { get; }
}
