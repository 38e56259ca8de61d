namespace NetGen.Tests;

// Networks for the checkpoint tests: every kind of state a checkpoint carries (BatchNorm statistics and batch count,
// each optimizer's buffers, the step, the dropout stream) in a dense and a convolutional form.

/// <summary>Dense with BatchNorm, dropout and AMSGrad Adam: the resume test's network.</summary>
[Network(BatchSize = 8)]
[Input(6)]
[SoftmaxCrossEntropy]
[Adam(1e-2f, AmsGrad = true)]
public partial class ResumableMlp
{
    [Dense(16), BatchNorm, ReLU, Dropout(0.3f)]
    public partial Layer Hidden { get; }

    [Dense(12), PReLU]
    public partial Layer Middle { get; }

    [Dense(4)]
    public partial Layer Output { get; }
}

/// <summary>The same tensors as <see cref="ResumableMlp"/> with another activation: a different fingerprint, equal shapes.</summary>
[Network(BatchSize = 8)]
[Input(6)]
[SoftmaxCrossEntropy]
[Adam(1e-2f, AmsGrad = true)]
public partial class ResumableMlpWithTanh
{
    [Dense(16), BatchNorm, Tanh, Dropout(0.3f)]
    public partial Layer Hidden { get; }

    [Dense(12), PReLU]
    public partial Layer Middle { get; }

    [Dense(4)]
    public partial Layer Output { get; }
}

/// <summary>Convolutions with BatchNorm2d, dropout, pooling and WeightNorm, trained by centered RMSProp with momentum.</summary>
[Network(BatchSize = 6)]
[Input(2, 6, 6)]
[SoftmaxCrossEntropy]
[RmsProp(1e-3f, Centered = true, Momentum = 0.9f)]
public partial class ResumableCnn
{
    [Conv2D(4, 3, Padding = 1), BatchNorm, ReLU, Dropout(0.2f)]
    public partial Layer Conv { get; }

    [MaxPool(2)]
    public partial Layer Pool { get; }

    [Conv2D(3, 3), WeightNorm, ELU]
    public partial Layer Narrow { get; }

    [Dense(3)]
    public partial Layer Output { get; }
}

/// <summary>AdaGrad on a regression, with SGD-free state: the "sum" buffer and no dropout or BatchNorm.</summary>
[Network(BatchSize = 5)]
[Input(3)]
[MeanSquaredError]
[AdaGrad(0.1f, LrDecay = 0.01f, InitialAccumulator = 0.1f)]
public partial class ResumableRegression
{
    [Dense(7), LayerNorm, SiLU]
    public partial Layer Hidden { get; }

    [Dense(2)]
    public partial Layer Output { get; }
}
