namespace NetGen.Parity.Tests;

// Networks whose checkpoints tools/netgen_torch.py reads and writes (TorchCheckpointTests): together every layer kind
// of the torch.nn module tree, every Predict output, and a Dense reading a spatial input.

/// <summary>Dense + BatchNorm1d + ReLU + Dropout, BatchNorm with its own momentum and ε, LeakyReLU; softmax.</summary>
[Network(BatchSize = 8)]
[Input(6)]
[SoftmaxCrossEntropy]
[Sgd(0.1f, Momentum = 0.9f)]
public partial class CheckpointDense
{
    [Dense(8), BatchNorm, ReLU, Dropout(0.2f)]
    public partial Layer Hidden { get; }

    [Dense(6, UseBias = false), BatchNorm(Momentum = 0.3f, Epsilon = 1e-3f), LeakyReLU(0.1f)]
    public partial Layer Second { get; }

    [Dense(3)]
    public partial Layer Output { get; }
}

/// <summary>Conv2d + BatchNorm2d, a padded ceil-mode max pool, ELU, an average pool without count_include_pad, then a Dense on [C, H, W].</summary>
[Network(BatchSize = 8)]
[Input(2, 8, 8)]
[SoftmaxCrossEntropy]
[Adam(1e-2f)]
public partial class CheckpointConv
{
    [Conv2D(4, 3, Padding = 1), BatchNorm, ReLU]
    public partial Layer Conv { get; }

    [MaxPool(3, Stride = 2, Padding = 1, CeilMode = true)]
    public partial Layer Max { get; }

    [Conv2D(4, 2), BatchNorm(Momentum = 0.2f), ELU(0.7f)]
    public partial Layer Conv2 { get; }

    [AvgPool(2, Padding = 1, CeilMode = true, CountIncludePad = false)]
    public partial Layer Average { get; }

    [Dense(3)]
    public partial Layer Output { get; }
}

/// <summary>WeightNorm on Conv2d and Linear, LayerNorm after Conv2d ([F, H, W]) and after Linear, GELU, Tanh, SiLU, Sigmoid; MSE (identity output).</summary>
[Network(BatchSize = 8)]
[Input(2, 5, 5)]
[MeanSquaredError]
[RmsProp(1e-3f, Momentum = 0.9f)]
public partial class CheckpointWeightNorm
{
    [Conv2D(3, 3, Padding = 1), WeightNorm, GELU]
    public partial Layer Conv { get; }

    [Conv2D(4, 3), LayerNorm, Tanh]
    public partial Layer Layered { get; }

    [Dense(6), WeightNorm, SiLU]
    public partial Layer Hidden { get; }

    [Dense(5, UseBias = false), LayerNorm(Epsilon = 1e-4f), Sigmoid]
    public partial Layer Squashed { get; }

    [Dense(2)]
    public partial Layer Output { get; }
}

/// <summary>GroupNorm, InstanceNorm2d, PReLU per channel and per unit, Maxout over channel planes and over units, Flatten; BCE (sigmoid output).</summary>
[Network(BatchSize = 8)]
[Input(4, 6, 6)]
[BinaryCrossEntropy]
[AdamW(1e-2f, AmsGrad = true)]
public partial class CheckpointChannels
{
    [Conv2D(4, 3, Padding = 1), GroupNorm(2), PReLU]
    public partial Layer Grouped { get; }

    [Conv2D(3, 3, UseBias = false), InstanceNorm, SiLU]
    public partial Layer Instance { get; }

    [Conv2D(2, 3), Maxout(2)]
    public partial Layer Planes { get; }

    [Flatten]
    public partial Layer Flat { get; }

    [Dense(6), PReLU]
    public partial Layer Learned { get; }

    [Dense(4), Maxout(3)]
    public partial Layer Pieces { get; }

    [Dense(2)]
    public partial Layer Output { get; }
}

/// <summary>A Dense reading the spatial network input (Flatten first in its Sequential), GroupNorm after a Dense; MSE.</summary>
[Network(BatchSize = 8)]
[Input(2, 4, 4)]
[MeanSquaredError]
[AdaGrad(0.05f)]
public partial class CheckpointSpatialDense
{
    [Dense(6), GroupNorm(3), Tanh]
    public partial Layer Hidden { get; }

    [Dense(3)]
    public partial Layer Output { get; }
}

/// <summary>The layer regularizers: MaxNorm on a Conv2d and a Linear, GaussianNoise and ActivityL1 modules.</summary>
[Network(BatchSize = 8)]
[Input(2, 6, 6)]
[SoftmaxCrossEntropy]
[Sgd(0.05f, Momentum = 0.9f)]
public partial class CheckpointRegularized
{
    [Conv2D(3, 3, Padding = 1), MaxNorm(2f), ReLU, GaussianNoise(0.1f), ActivityL1(1e-3f)]
    public partial Layer Conv { get; }

    [Dense(5), Tanh, MaxNorm(1.5f), ActivityL1(1e-2f)]
    public partial Layer Hidden { get; }

    [Dense(3)]
    public partial Layer Output { get; }
}
