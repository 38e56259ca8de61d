using NetGen;

namespace Demo;

/// <summary>WeightNorm and the per-channel forms after convolution: PReLU, LayerNorm, Maxout, a pointwise convolution.</summary>
[Network(BatchSize = 16)]
[Input(2, 8, 8)]
[SoftmaxCrossEntropy]
[Sgd(0.05f, Momentum = 0.9f)]
public partial class ChannelForms
{
    [Conv2D(4, 3, Padding = 1), WeightNorm, PReLU]
    public partial Layer Normed { get; }

    [Conv2D(4, 3), LayerNorm, Tanh]
    public partial Layer Layered { get; }

    [Conv2D(2, 3), Maxout(2)]
    public partial Layer Pieces { get; }

    [Conv2D(3, 1), ReLU]
    public partial Layer Pointwise { get; }

    [Dense(10), WeightNorm]
    public partial Layer Output { get; }
}
