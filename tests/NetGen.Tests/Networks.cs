namespace NetGen.Tests;

// Small networks compiled by the generator for the end-to-end tests, covering every activation, both losses,
// layers without bias and every SGD variant.

[Network(BatchSize = 4)]
[Input(5)]
[SoftmaxCrossEntropy]
[Sgd(0.1f)]
public partial class ReluClassifier
{
    [Dense(6), ReLU]
    public partial Layer Hidden { get; }

    [Dense(3)]
    public partial Layer Output { get; }
}

[Network(BatchSize = 4)]
[Input(2, 3)]
[SoftmaxCrossEntropy(LabelSmoothing = 0.1f)]
[Sgd(0.05f, Momentum = 0.9f, WeightDecay = 1e-3f)]
public partial class ActivationZoo
{
    [Dense(7, Init = Init.XavierNormal), Tanh]
    public partial Layer TanhLayer { get; }

    [Dense(6, Init = Init.HeUniform), LeakyReLU(0.1f)]
    public partial Layer LeakyLayer { get; }

    [Dense(5, Init = Init.LeCunNormal), Sigmoid]
    public partial Layer SigmoidLayer { get; }

    [Dense(4, Init = Init.PyTorchDefault)]
    public partial Layer Output { get; }
}

[Network(BatchSize = 3)]
[Input(3)]
[MeanSquaredError]
[Sgd(0.02f, Momentum = 0.5f, Nesterov = true)]
public partial class Regressor
{
    [Dense(8, Bias = 0.01f), ReLU]
    public partial Layer Hidden { get; }

    [Dense(4, UseBias = false), Sigmoid]
    public partial Layer Squash { get; }

    [Dense(2, Init = Init.Normal), Tanh]
    public partial Layer Output { get; }
}

[Network(BatchSize = 32)]
[Input(2)]
[SoftmaxCrossEntropy]
[Sgd(0.1f, Momentum = 0.9f, Dampening = 0.1f)]
public partial class BlobClassifier
{
    [Dense(16), ReLU]
    public partial Layer Hidden { get; }

    [Dense(3)]
    public partial Layer Output { get; }
}

[Network(BatchSize = 64)]
[Input(784)]
[SoftmaxCrossEntropy]
[Sgd(0.05f, Momentum = 0.9f)]
public partial class WideMlp
{
    [Dense(256), ReLU]
    public partial Layer Hidden1 { get; }

    [Dense(128), ReLU]
    public partial Layer Hidden2 { get; }

    [Dense(10)]
    public partial Layer Output { get; }
}

[Network(BatchSize = 16)]
[Input(10)]
[SoftmaxCrossEntropy]
[AdamW(1e-2f, AmsGrad = true, DecayWeightsOnly = true)]
[ClipGradNorm(0.5f)]
[L1(1e-4f)]
public partial class ClippedAdamW
{
    [Dense(12), ReLU]
    public partial Layer Hidden { get; }

    [Dense(4)]
    public partial Layer Output { get; }
}

[Network(BatchSize = 16)]
[Input(10)]
[MeanSquaredError]
[RmsProp(1e-2f, Centered = true, Momentum = 0.5f, WeightDecay = 1e-3f)]
[ClipGradValue(0.05f)]
public partial class ClampedRmsProp
{
    [Dense(12), Tanh]
    public partial Layer Hidden { get; }

    [Dense(2)]
    public partial Layer Output { get; }
}

[Network(BatchSize = 16)]
[Input(10)]
[SoftmaxCrossEntropy]
[AdaGrad(5e-2f, LrDecay = 1e-3f, InitialAccumulator = 0.1f)]
public partial class DecayingAdaGrad
{
    [Dense(12), Sigmoid]
    public partial Layer Hidden { get; }

    [Dense(4)]
    public partial Layer Output { get; }
}

[Network(BatchSize = 256)]
[Input(20)]
[SoftmaxCrossEntropy]
[Sgd(0.01f)]
public partial class LsuvStack
{
    [Dense(30, Init = Init.Lsuv, Bias = 0.1f), Tanh]
    public partial Layer Hidden1 { get; }

    [Dense(30, Init = Init.Lsuv), ReLU]
    public partial Layer Hidden2 { get; }

    [Dense(30, Init = Init.Orthogonal), ReLU]
    public partial Layer Hidden3 { get; }

    [Dense(4, Init = Init.Lsuv)]
    public partial Layer Output { get; }
}

[Network(BatchSize = 4)]
[Input(5)]
[SoftmaxCrossEntropy]
[Adam(1e-2f)]
public partial class ModernActivations
{
    [Dense(6), ELU(0.7f)]
    public partial Layer EluLayer { get; }

    [Dense(6), GELU]
    public partial Layer GeluLayer { get; }

    [Dense(5), SiLU]
    public partial Layer SiluLayer { get; }

    [Dense(4), PReLU]
    public partial Layer PReluLayer { get; }

    [Dense(3, UseBias = false), Maxout(3)]
    public partial Layer MaxoutLayer { get; }

    [Dense(3)]
    public partial Layer Output { get; }
}

[Network(BatchSize = 8)]
[Input(6)]
[SoftmaxCrossEntropy]
[Sgd(0.1f, Momentum = 0.9f)]
public partial class DropoutClassifier
{
    [Dense(32), ReLU, Dropout(0.5f)]
    public partial Layer Hidden { get; }

    [Dense(16), Tanh, Dropout(0.25f)]
    public partial Layer Hidden2 { get; }

    [Dense(3)]
    public partial Layer Output { get; }
}

[Network(BatchSize = 8)]
[Input(4)]
[BinaryCrossEntropy]
[Adam(1e-2f)]
public partial class BinaryClassifier
{
    [Dense(8), SiLU]
    public partial Layer Hidden { get; }

    [Dense(1)]
    public partial Layer Output { get; }
}

[Network(BatchSize = 8)]
[Input(6)]
[SoftmaxCrossEntropy]
[Sgd(0.05f, Momentum = 0.9f)]
public partial class NormedClassifier
{
    [Dense(10), BatchNorm, ReLU]
    public partial Layer Batch { get; }

    [Dense(7, UseBias = false), BatchNorm(Momentum = 0.3f), GELU, Dropout(0.2f)]
    public partial Layer BatchGelu { get; }

    [Dense(6), LayerNorm, Tanh]
    public partial Layer Layered { get; }

    [Dense(3), LayerNorm(Epsilon = 1e-3f)]
    public partial Layer Output { get; }
}

[Network(BatchSize = 32)]
[Input(20)]
[SoftmaxCrossEntropy]
[Sgd(0.05f)]
public partial class PlainMlp
{
    [Dense(24), ReLU]
    public partial Layer Hidden { get; }

    [Dense(5)]
    public partial Layer Output { get; }
}

[Network(BatchSize = 32)]
[Input(20)]
[SoftmaxCrossEntropy]
[Sgd(0.05f)]
public partial class BatchNormMlp
{
    [Dense(24), BatchNorm, ReLU]
    public partial Layer Hidden { get; }

    [Dense(5)]
    public partial Layer Output { get; }
}

[Network(BatchSize = 4)]
[Input(2, 6, 6)]
[SoftmaxCrossEntropy]
[Sgd(0.05f, Momentum = 0.9f)]
public partial class SmallCnn
{
    [Conv2D(3, 3, Padding = 1), BatchNorm, ReLU]
    public partial Layer Conv1 { get; }

    [MaxPool(2)]
    public partial Layer Pool1 { get; }

    [Conv2D(4, 2, Stride = 1, UseBias = false), Tanh]
    public partial Layer Conv2 { get; }

    [AvgPool(2)]
    public partial Layer Pool2 { get; }

    [Flatten]
    public partial Layer Flat { get; }

    [Dense(3)]
    public partial Layer Output { get; }
}

[Network(BatchSize = 3)]
[Input(2, 5, 5)]
[SoftmaxCrossEntropy]
[Adam(1e-2f)]
public partial class GroupedCnn
{
    [Conv2D(4, 3, Padding = 1), GroupNorm(2), ReLU]
    public partial Layer Grouped { get; }

    [Conv2D(3, 3), InstanceNorm, SiLU]
    public partial Layer Instance { get; }

    [Dense(6), GroupNorm(3), Tanh]
    public partial Layer DenseGrouped { get; }

    [Dense(3)]
    public partial Layer Output { get; }
}

[Network(BatchSize = 4)]
[Input(6)]
[SoftmaxCrossEntropy]
[Adam(1e-2f)]
public partial class WeightNormMlp
{
    [Dense(7), WeightNorm, ReLU]
    public partial Layer Hidden { get; }

    [Dense(5, UseBias = false), WeightNorm, GELU]
    public partial Layer Bare { get; }

    [Dense(3), WeightNorm]
    public partial Layer Output { get; }
}

/// <summary>The per-channel forms after a convolution: WeightNorm, LayerNorm over [C, H, W], PReLU per channel, Maxout over channel planes.</summary>
[Network(BatchSize = 3)]
[Input(2, 5, 5)]
[SoftmaxCrossEntropy]
[Sgd(0.05f, Momentum = 0.9f)]
public partial class ChannelFormsCnn
{
    [Conv2D(3, 3, Padding = 1), WeightNorm, PReLU]
    public partial Layer Normed { get; }

    [Conv2D(4, 3), LayerNorm, Tanh]
    public partial Layer Layered { get; }

    [Conv2D(2, 2), Maxout(2)]
    public partial Layer Pieces { get; }

    [Conv2D(2, 1), BatchNorm, PReLU]
    public partial Layer Batched { get; }

    [Conv2D(3, 1), ELU]
    public partial Layer Pointwise { get; }

    [Dense(3)]
    public partial Layer Output { get; }
}

[Network(BatchSize = 2)]
[Input(3, 6, 6)]
[SoftmaxCrossEntropy]
[Sgd(0.1f)]
public partial class OrthogonalCnn
{
    [Conv2D(4, 3, Init = Init.Orthogonal), ReLU]
    public partial Layer Conv { get; }

    [Dense(3)]
    public partial Layer Output { get; }
}

/// <summary>
/// Pooling with PyTorch's padding and ceil mode between learned layers: a padded ceil-mode max pool (7 → 4, its last
/// window one real row and column) and a padded ceil-mode average without count_include_pad (4 → 3).
/// </summary>
[Network(BatchSize = 3)]
[Input(2, 7, 7)]
[SoftmaxCrossEntropy]
[Sgd(0.05f)]
public partial class PaddedPoolCnn
{
    [Conv2D(3, 3, Padding = 1), Tanh]
    public partial Layer Conv { get; }

    [MaxPool(3, Stride = 2, Padding = 1, CeilMode = true)]
    public partial Layer Max { get; }

    [Conv2D(3, 1), Tanh]
    public partial Layer Mix { get; }

    [AvgPool(3, Stride = 2, Padding = 1, CeilMode = true, CountIncludePad = false)]
    public partial Layer Mean { get; }

    [Dense(3)]
    public partial Layer Output { get; }
}

/// <summary>
/// A Dropout(0) before a real dropout: the generator compiles the first away, so the interpreter must not draw from the
/// dropout stream for it either, or the second layer's masks would differ between the engines.
/// </summary>
[Network(BatchSize = 8)]
[Input(6)]
[SoftmaxCrossEntropy]
[Sgd(0.1f, Momentum = 0.9f)]
public partial class ZeroDropoutFirst
{
    [Dense(8), ReLU, Dropout(0f)]
    public partial Layer Kept { get; }

    [Dense(6), Tanh, Dropout(0.5f)]
    public partial Layer Dropped { get; }

    [Dense(3)]
    public partial Layer Output { get; }
}

/// <summary>A regression network with BatchNorm: the diagnostics and BatchNorm re-estimation on float targets.</summary>
[Network(BatchSize = 8)]
[Input(4)]
[MeanSquaredError]
[Sgd(0.05f, Momentum = 0.9f)]
public partial class BatchNormRegressor
{
    [Dense(8), BatchNorm, ReLU]
    public partial Layer Hidden { get; }

    [Dense(2)]
    public partial Layer Output { get; }
}
