namespace NetGen.Tests;

// Pairs of networks alike but for one hyperparameter: the first, with the value set at run time, must train bit for
// bit as the second, declared with it. Twins that differ only in optimizer values would share a fingerprint (it leaves
// them out on purpose), so each declared twin names its last layer differently, which changes nothing computed.

[Network(BatchSize = 8)]
[Input(6)]
[SoftmaxCrossEntropy]
[Sgd(0.05f, Momentum = 0.9f, WeightDecay = 0.01f)]
public partial class HyperSgd
{
    [Dense(10), ReLU, Dropout(0.5f)]
    public partial Layer Hidden { get; }

    [Dense(3)]
    public partial Layer Output { get; }
}

[Network(BatchSize = 8)]
[Input(6)]
[SoftmaxCrossEntropy]
[Sgd(0.05f, Momentum = 0.5f, WeightDecay = 0.003f)]
public partial class HyperSgdDeclared
{
    [Dense(10), ReLU, Dropout(0.2f)]
    public partial Layer Hidden { get; }

    [Dense(3)]
    public partial Layer Output { get; }
}

[Network(BatchSize = 8)]
[Input(6)]
[SoftmaxCrossEntropy]
[Sgd(0.05f, WeightDecay = 0.01f)]
public partial class HyperSgdWithoutMomentum
{
    [Dense(10), ReLU, Dropout(0.5f)]
    public partial Layer Hidden { get; }

    [Dense(3)]
    public partial Layer Output { get; }
}

[Network(BatchSize = 8)]
[Input(6)]
[MeanSquaredError]
[RmsProp(1e-2f, Momentum = 0.9f, Centered = true)]
public partial class HyperRmsProp
{
    [Dense(10), Tanh]
    public partial Layer Hidden { get; }

    [Dense(2)]
    public partial Layer Output { get; }
}

[Network(BatchSize = 8)]
[Input(6)]
[MeanSquaredError]
[RmsProp(1e-2f, Momentum = 0.3f, Centered = true, WeightDecay = 0.02f)]
public partial class HyperRmsPropDeclared
{
    [Dense(10), Tanh]
    public partial Layer Hidden { get; }

    [Dense(2)]
    public partial Layer Last { get; } // another name than its twin's Output: the fingerprint leaves optimizer values out, the layer names in
}

[Network(BatchSize = 8)]
[Input(6)]
[SoftmaxCrossEntropy]
[AdamW(1e-2f, DecayWeightsOnly = true)]
public partial class HyperAdamW
{
    [Dense(10), BatchNorm, ReLU]
    public partial Layer Hidden { get; }

    [Dense(3)]
    public partial Layer Output { get; }
}

[Network(BatchSize = 8)]
[Input(6)]
[SoftmaxCrossEntropy]
[AdamW(1e-2f, WeightDecay = 0.1f, DecayWeightsOnly = true)]
public partial class HyperAdamWDeclared
{
    [Dense(10), BatchNorm, ReLU]
    public partial Layer Hidden { get; }

    [Dense(3)]
    public partial Layer Last { get; } // another name than its twin's Output: the fingerprint leaves optimizer values out, the layer names in
}

[Network(BatchSize = 8)]
[Input(6)]
[SoftmaxCrossEntropy]
[Adam(1e-2f, DecayWeightsOnly = true)]
public partial class HyperAdam
{
    [Dense(10), ReLU]
    public partial Layer Hidden { get; }

    [Dense(3)]
    public partial Layer Output { get; }
}

[Network(BatchSize = 8)]
[Input(6)]
[SoftmaxCrossEntropy]
[Adam(1e-2f, WeightDecay = 0.05f, DecayWeightsOnly = true)]
public partial class HyperAdamDeclared
{
    [Dense(10), ReLU]
    public partial Layer Hidden { get; }

    [Dense(3)]
    public partial Layer Last { get; } // another name than its twin's Output: the fingerprint leaves optimizer values out, the layer names in
}

[Network(BatchSize = 8)]
[Input(6)]
[SoftmaxCrossEntropy]
[AdaGrad(0.1f)]
public partial class HyperAdaGrad
{
    [Dense(10), Sigmoid]
    public partial Layer Hidden { get; }

    [Dense(3)]
    public partial Layer Output { get; }
}

[Network(BatchSize = 8)]
[Input(6)]
[SoftmaxCrossEntropy]
[AdaGrad(0.1f, WeightDecay = 0.01f)]
public partial class HyperAdaGradDeclared
{
    [Dense(10), Sigmoid]
    public partial Layer Hidden { get; }

    [Dense(3)]
    public partial Layer Last { get; } // another name than its twin's Output: the fingerprint leaves optimizer values out, the layer names in
}

/// <summary>Linear layers around one dropout: inverted dropout keeps E[output] = Predict's output exactly.</summary>
[Network(BatchSize = 16)]
[Input(4)]
[MeanSquaredError]
[Sgd(0.01f)]
public partial class LinearDropout
{
    [Dense(12), Dropout(0.3f)]
    public partial Layer Hidden { get; }

    [Dense(2)]
    public partial Layer Output { get; }
}

/// <summary>BatchNorm and dropout: PredictWithDropout must use the running statistics and move nothing.</summary>
[Network(BatchSize = 8)]
[Input(6)]
[SoftmaxCrossEntropy]
[Sgd(0.05f, Momentum = 0.9f)]
public partial class NormedDropout
{
    [Dense(10), BatchNorm, ReLU, Dropout(0.4f)]
    public partial Layer Hidden { get; }

    [Dense(3)]
    public partial Layer Output { get; }
}
