namespace NetGen.Parity.Tests;

// One generated network per PyTorch parity case; ParityCases.cs states the same configuration for the PyTorch side.
// Every case shares one architecture: 6 → Dense(8) → Tanh → Dense(5) → ReLU → Dense(3), softmax cross-entropy.

[Network(BatchSize = 8)]
[Input(6)]
[SoftmaxCrossEntropy]
[Sgd(0.1f)]
public partial class SgdPlain
{
    [Dense(8, Init = Init.PyTorchDefault), Tanh]
    public partial Layer Hidden1 { get; }

    [Dense(5, Init = Init.PyTorchDefault), ReLU]
    public partial Layer Hidden2 { get; }

    [Dense(3, Init = Init.PyTorchDefault)]
    public partial Layer Output { get; }
}

[Network(BatchSize = 8)]
[Input(6)]
[SoftmaxCrossEntropy]
[Sgd(0.1f, Momentum = 0.9f, WeightDecay = 1e-2f)]
public partial class SgdL2
{
    [Dense(8, Init = Init.PyTorchDefault), Tanh]
    public partial Layer Hidden1 { get; }

    [Dense(5, Init = Init.PyTorchDefault), ReLU]
    public partial Layer Hidden2 { get; }

    [Dense(3, Init = Init.PyTorchDefault)]
    public partial Layer Output { get; }
}

[Network(BatchSize = 8)]
[Input(6)]
[SoftmaxCrossEntropy]
[Sgd(0.05f, Momentum = 0.9f, Nesterov = true)]
public partial class SgdNesterov
{
    [Dense(8, Init = Init.PyTorchDefault), Tanh]
    public partial Layer Hidden1 { get; }

    [Dense(5, Init = Init.PyTorchDefault), ReLU]
    public partial Layer Hidden2 { get; }

    [Dense(3, Init = Init.PyTorchDefault)]
    public partial Layer Output { get; }
}

[Network(BatchSize = 8)]
[Input(6)]
[SoftmaxCrossEntropy]
[Sgd(0.05f, Momentum = 0.9f, Dampening = 0.5f)]
public partial class SgdDampening
{
    [Dense(8, Init = Init.PyTorchDefault), Tanh]
    public partial Layer Hidden1 { get; }

    [Dense(5, Init = Init.PyTorchDefault), ReLU]
    public partial Layer Hidden2 { get; }

    [Dense(3, Init = Init.PyTorchDefault)]
    public partial Layer Output { get; }
}

[Network(BatchSize = 8)]
[Input(6)]
[SoftmaxCrossEntropy]
[Sgd(0.5f, Momentum = 0.9f)] [ClipGradNorm(0.1f)]
public partial class SgdClipNorm
{
    [Dense(8, Init = Init.PyTorchDefault), Tanh]
    public partial Layer Hidden1 { get; }

    [Dense(5, Init = Init.PyTorchDefault), ReLU]
    public partial Layer Hidden2 { get; }

    [Dense(3, Init = Init.PyTorchDefault)]
    public partial Layer Output { get; }
}

[Network(BatchSize = 8)]
[Input(6)]
[SoftmaxCrossEntropy]
[Sgd(0.1f)] [ClipGradValue(0.01f)]
public partial class SgdClipValue
{
    [Dense(8, Init = Init.PyTorchDefault), Tanh]
    public partial Layer Hidden1 { get; }

    [Dense(5, Init = Init.PyTorchDefault), ReLU]
    public partial Layer Hidden2 { get; }

    [Dense(3, Init = Init.PyTorchDefault)]
    public partial Layer Output { get; }
}

[Network(BatchSize = 8)]
[Input(6)]
[SoftmaxCrossEntropy]
[Sgd(0.1f)] [L1(1e-3f)]
public partial class SgdL1
{
    [Dense(8, Init = Init.PyTorchDefault), Tanh]
    public partial Layer Hidden1 { get; }

    [Dense(5, Init = Init.PyTorchDefault), ReLU]
    public partial Layer Hidden2 { get; }

    [Dense(3, Init = Init.PyTorchDefault)]
    public partial Layer Output { get; }
}

[Network(BatchSize = 8)]
[Input(6)]
[SoftmaxCrossEntropy]
[Sgd(0.1f, WeightDecay = 0.05f, DecayWeightsOnly = true)] [L1(1e-3f)]
public partial class SgdDecayWeightsOnly
{
    [Dense(8, Init = Init.PyTorchDefault), Tanh]
    public partial Layer Hidden1 { get; }

    [Dense(5, Init = Init.PyTorchDefault), ReLU]
    public partial Layer Hidden2 { get; }

    [Dense(3, Init = Init.PyTorchDefault)]
    public partial Layer Output { get; }
}

[Network(BatchSize = 8)]
[Input(6)]
[SoftmaxCrossEntropy]
[Sgd(0.1f, Momentum = 0.9f)]
public partial class SgdStepSchedule
{
    [Dense(8, Init = Init.PyTorchDefault), Tanh]
    public partial Layer Hidden1 { get; }

    [Dense(5, Init = Init.PyTorchDefault), ReLU]
    public partial Layer Hidden2 { get; }

    [Dense(3, Init = Init.PyTorchDefault)]
    public partial Layer Output { get; }
}

[Network(BatchSize = 8)]
[Input(6)]
[SoftmaxCrossEntropy]
[AdaGrad(0.05f)]
public partial class AdaGradPlain
{
    [Dense(8, Init = Init.PyTorchDefault), Tanh]
    public partial Layer Hidden1 { get; }

    [Dense(5, Init = Init.PyTorchDefault), ReLU]
    public partial Layer Hidden2 { get; }

    [Dense(3, Init = Init.PyTorchDefault)]
    public partial Layer Output { get; }
}

[Network(BatchSize = 8)]
[Input(6)]
[SoftmaxCrossEntropy]
[AdaGrad(0.05f, WeightDecay = 1e-2f)]
public partial class AdaGradL2
{
    [Dense(8, Init = Init.PyTorchDefault), Tanh]
    public partial Layer Hidden1 { get; }

    [Dense(5, Init = Init.PyTorchDefault), ReLU]
    public partial Layer Hidden2 { get; }

    [Dense(3, Init = Init.PyTorchDefault)]
    public partial Layer Output { get; }
}

[Network(BatchSize = 8)]
[Input(6)]
[SoftmaxCrossEntropy]
[AdaGrad(0.05f, LrDecay = 0.01f, InitialAccumulator = 0.1f)]
public partial class AdaGradDecayAndAccumulator
{
    [Dense(8, Init = Init.PyTorchDefault), Tanh]
    public partial Layer Hidden1 { get; }

    [Dense(5, Init = Init.PyTorchDefault), ReLU]
    public partial Layer Hidden2 { get; }

    [Dense(3, Init = Init.PyTorchDefault)]
    public partial Layer Output { get; }
}

[Network(BatchSize = 8)]
[Input(6)]
[SoftmaxCrossEntropy]
[AdaGrad(0.05f)] [ClipGradNorm(0.1f)]
public partial class AdaGradClipNorm
{
    [Dense(8, Init = Init.PyTorchDefault), Tanh]
    public partial Layer Hidden1 { get; }

    [Dense(5, Init = Init.PyTorchDefault), ReLU]
    public partial Layer Hidden2 { get; }

    [Dense(3, Init = Init.PyTorchDefault)]
    public partial Layer Output { get; }
}

[Network(BatchSize = 8)]
[Input(6)]
[SoftmaxCrossEntropy]
[AdaGrad(0.05f)]
public partial class AdaGradExponentialSchedule
{
    [Dense(8, Init = Init.PyTorchDefault), Tanh]
    public partial Layer Hidden1 { get; }

    [Dense(5, Init = Init.PyTorchDefault), ReLU]
    public partial Layer Hidden2 { get; }

    [Dense(3, Init = Init.PyTorchDefault)]
    public partial Layer Output { get; }
}

[Network(BatchSize = 8)]
[Input(6)]
[SoftmaxCrossEntropy]
[RmsProp(1e-2f)]
public partial class RmsPropPlain
{
    [Dense(8, Init = Init.PyTorchDefault), Tanh]
    public partial Layer Hidden1 { get; }

    [Dense(5, Init = Init.PyTorchDefault), ReLU]
    public partial Layer Hidden2 { get; }

    [Dense(3, Init = Init.PyTorchDefault)]
    public partial Layer Output { get; }
}

[Network(BatchSize = 8)]
[Input(6)]
[SoftmaxCrossEntropy]
[RmsProp(1e-2f, WeightDecay = 1e-2f)]
public partial class RmsPropL2
{
    [Dense(8, Init = Init.PyTorchDefault), Tanh]
    public partial Layer Hidden1 { get; }

    [Dense(5, Init = Init.PyTorchDefault), ReLU]
    public partial Layer Hidden2 { get; }

    [Dense(3, Init = Init.PyTorchDefault)]
    public partial Layer Output { get; }
}

[Network(BatchSize = 8)]
[Input(6)]
[SoftmaxCrossEntropy]
[RmsProp(1e-3f, Centered = true, Momentum = 0.9f)]
public partial class RmsPropCenteredMomentum
{
    [Dense(8, Init = Init.PyTorchDefault), Tanh]
    public partial Layer Hidden1 { get; }

    [Dense(5, Init = Init.PyTorchDefault), ReLU]
    public partial Layer Hidden2 { get; }

    [Dense(3, Init = Init.PyTorchDefault)]
    public partial Layer Output { get; }
}

[Network(BatchSize = 8)]
[Input(6)]
[SoftmaxCrossEntropy]
[RmsProp(1e-2f, Alpha = 0.9f)] [ClipGradNorm(0.1f)]
public partial class RmsPropClipNorm
{
    [Dense(8, Init = Init.PyTorchDefault), Tanh]
    public partial Layer Hidden1 { get; }

    [Dense(5, Init = Init.PyTorchDefault), ReLU]
    public partial Layer Hidden2 { get; }

    [Dense(3, Init = Init.PyTorchDefault)]
    public partial Layer Output { get; }
}

[Network(BatchSize = 8)]
[Input(6)]
[SoftmaxCrossEntropy]
[RmsProp(1e-2f)]
public partial class RmsPropInverseTimeSchedule
{
    [Dense(8, Init = Init.PyTorchDefault), Tanh]
    public partial Layer Hidden1 { get; }

    [Dense(5, Init = Init.PyTorchDefault), ReLU]
    public partial Layer Hidden2 { get; }

    [Dense(3, Init = Init.PyTorchDefault)]
    public partial Layer Output { get; }
}

[Network(BatchSize = 8)]
[Input(6)]
[SoftmaxCrossEntropy]
[Adam(1e-2f)]
public partial class AdamPlain
{
    [Dense(8, Init = Init.PyTorchDefault), Tanh]
    public partial Layer Hidden1 { get; }

    [Dense(5, Init = Init.PyTorchDefault), ReLU]
    public partial Layer Hidden2 { get; }

    [Dense(3, Init = Init.PyTorchDefault)]
    public partial Layer Output { get; }
}

[Network(BatchSize = 8)]
[Input(6)]
[SoftmaxCrossEntropy]
[Adam(1e-2f, WeightDecay = 1e-2f)]
public partial class AdamL2
{
    [Dense(8, Init = Init.PyTorchDefault), Tanh]
    public partial Layer Hidden1 { get; }

    [Dense(5, Init = Init.PyTorchDefault), ReLU]
    public partial Layer Hidden2 { get; }

    [Dense(3, Init = Init.PyTorchDefault)]
    public partial Layer Output { get; }
}

[Network(BatchSize = 8)]
[Input(6)]
[SoftmaxCrossEntropy]
[Adam(1e-2f, AmsGrad = true, Beta1 = 0.8f, Beta2 = 0.99f)]
public partial class AdamAmsGrad
{
    [Dense(8, Init = Init.PyTorchDefault), Tanh]
    public partial Layer Hidden1 { get; }

    [Dense(5, Init = Init.PyTorchDefault), ReLU]
    public partial Layer Hidden2 { get; }

    [Dense(3, Init = Init.PyTorchDefault)]
    public partial Layer Output { get; }
}

[Network(BatchSize = 8)]
[Input(6)]
[SoftmaxCrossEntropy]
[Adam(1e-2f)] [ClipGradNorm(0.1f)]
public partial class AdamClipNorm
{
    [Dense(8, Init = Init.PyTorchDefault), Tanh]
    public partial Layer Hidden1 { get; }

    [Dense(5, Init = Init.PyTorchDefault), ReLU]
    public partial Layer Hidden2 { get; }

    [Dense(3, Init = Init.PyTorchDefault)]
    public partial Layer Output { get; }
}

[Network(BatchSize = 8)]
[Input(6)]
[SoftmaxCrossEntropy]
[Adam(1e-2f)]
public partial class AdamCosineSchedule
{
    [Dense(8, Init = Init.PyTorchDefault), Tanh]
    public partial Layer Hidden1 { get; }

    [Dense(5, Init = Init.PyTorchDefault), ReLU]
    public partial Layer Hidden2 { get; }

    [Dense(3, Init = Init.PyTorchDefault)]
    public partial Layer Output { get; }
}

[Network(BatchSize = 8)]
[Input(6)]
[SoftmaxCrossEntropy]
[AdamW(1e-2f)]
public partial class AdamWPlain
{
    [Dense(8, Init = Init.PyTorchDefault), Tanh]
    public partial Layer Hidden1 { get; }

    [Dense(5, Init = Init.PyTorchDefault), ReLU]
    public partial Layer Hidden2 { get; }

    [Dense(3, Init = Init.PyTorchDefault)]
    public partial Layer Output { get; }
}

[Network(BatchSize = 8)]
[Input(6)]
[SoftmaxCrossEntropy]
[AdamW(1e-2f, WeightDecay = 0.1f, AmsGrad = true)]
public partial class AdamWAmsGrad
{
    [Dense(8, Init = Init.PyTorchDefault), Tanh]
    public partial Layer Hidden1 { get; }

    [Dense(5, Init = Init.PyTorchDefault), ReLU]
    public partial Layer Hidden2 { get; }

    [Dense(3, Init = Init.PyTorchDefault)]
    public partial Layer Output { get; }
}

[Network(BatchSize = 8)]
[Input(6)]
[SoftmaxCrossEntropy]
[AdamW(1e-2f, WeightDecay = 0.1f, DecayWeightsOnly = true)]
public partial class AdamWDecayWeightsOnly
{
    [Dense(8, Init = Init.PyTorchDefault), Tanh]
    public partial Layer Hidden1 { get; }

    [Dense(5, Init = Init.PyTorchDefault), ReLU]
    public partial Layer Hidden2 { get; }

    [Dense(3, Init = Init.PyTorchDefault)]
    public partial Layer Output { get; }
}

[Network(BatchSize = 8)]
[Input(6)]
[SoftmaxCrossEntropy]
[AdamW(1e-2f)] [ClipGradNorm(0.1f)]
public partial class AdamWClipNorm
{
    [Dense(8, Init = Init.PyTorchDefault), Tanh]
    public partial Layer Hidden1 { get; }

    [Dense(5, Init = Init.PyTorchDefault), ReLU]
    public partial Layer Hidden2 { get; }

    [Dense(3, Init = Init.PyTorchDefault)]
    public partial Layer Output { get; }
}

[Network(BatchSize = 8)]
[Input(6)]
[SoftmaxCrossEntropy]
[AdamW(1e-2f)]
public partial class AdamWWarmupCosineSchedule
{
    [Dense(8, Init = Init.PyTorchDefault), Tanh]
    public partial Layer Hidden1 { get; }

    [Dense(5, Init = Init.PyTorchDefault), ReLU]
    public partial Layer Hidden2 { get; }

    [Dense(3, Init = Init.PyTorchDefault)]
    public partial Layer Output { get; }
}

[Network(BatchSize = 8)]
[Input(6)]
[MeanSquaredError]
[Adam(1e-2f)]
public partial class AdamRegressor
{
    [Dense(8, Init = Init.PyTorchDefault), Sigmoid]
    public partial Layer Hidden { get; }

    [Dense(3, Init = Init.PyTorchDefault), LeakyReLU(0.1f)]
    public partial Layer Output { get; }
}

[Network(BatchSize = 8)]
[Input(6)]
[SoftmaxCrossEntropy]
[Adam(1e-2f)]
public partial class ActivationCatalogue
{
    [Dense(8, Init = Init.PyTorchDefault), ELU(0.7f)]
    public partial Layer Elu { get; }

    [Dense(8, Init = Init.PyTorchDefault), GELU]
    public partial Layer Gelu { get; }

    [Dense(7, Init = Init.PyTorchDefault), SiLU]
    public partial Layer Silu { get; }

    [Dense(6, Init = Init.PyTorchDefault), PReLU]
    public partial Layer PRelu { get; }

    [Dense(4, Init = Init.PyTorchDefault), Maxout(2)]
    public partial Layer Maxout { get; }

    [Dense(3, Init = Init.PyTorchDefault)]
    public partial Layer Output { get; }
}

[Network(BatchSize = 8)]
[Input(6)]
[SoftmaxCrossEntropy]
[Sgd(0.1f, Momentum = 0.9f)]
public partial class NormCatalogue
{
    [Dense(8, Init = Init.PyTorchDefault), BatchNorm, ReLU]
    public partial Layer Batch { get; }

    [Dense(7, Init = Init.PyTorchDefault, UseBias = false), BatchNorm(Momentum = 0.3f, Epsilon = 1e-3f), Tanh]
    public partial Layer BatchNoBias { get; }

    [Dense(6, Init = Init.PyTorchDefault), LayerNorm, GELU]
    public partial Layer Layered { get; }

    [Dense(3, Init = Init.PyTorchDefault)]
    public partial Layer Output { get; }
}

[Network(BatchSize = 8)]
[Input(2, 6, 6)]
[SoftmaxCrossEntropy]
[Sgd(0.05f, Momentum = 0.9f)]
public partial class ConvCatalogue
{
    [Conv2D(4, 3, Padding = 1, Init = Init.PyTorchDefault), BatchNorm, ReLU]
    public partial Layer Conv1 { get; }

    [MaxPool(2)]
    public partial Layer Pool1 { get; }

    [Conv2D(4, 2, Init = Init.PyTorchDefault), GroupNorm(2), Tanh]
    public partial Layer Conv2 { get; }

    [Conv2D(3, 1, Stride = 1, Init = Init.PyTorchDefault, UseBias = false), InstanceNorm, SiLU]
    public partial Layer Conv3 { get; }

    [AvgPool(2)]
    public partial Layer Pool2 { get; }

    [Flatten]
    public partial Layer Flat { get; }

    [Dense(3, Init = Init.PyTorchDefault)]
    public partial Layer Output { get; }
}

[Network(BatchSize = 8)]
[Input(6)]
[SoftmaxCrossEntropy]
[Adam(1e-2f)]
public partial class WeightNormCatalogue
{
    [Dense(8, Init = Init.PyTorchDefault), WeightNorm, ReLU]
    public partial Layer Hidden { get; }

    [Dense(5, Init = Init.PyTorchDefault, UseBias = false), WeightNorm, Tanh]
    public partial Layer Bare { get; }

    [Dense(3, Init = Init.PyTorchDefault), WeightNorm]
    public partial Layer Output { get; }
}

[Network(BatchSize = 8)]
[Input(2, 5, 5)]
[SoftmaxCrossEntropy]
[Sgd(0.05f, Momentum = 0.9f)]
public partial class ChannelFormsCatalogue
{
    [Conv2D(3, 3, Padding = 1, Init = Init.PyTorchDefault), WeightNorm, PReLU]
    public partial Layer Normed { get; }

    [Conv2D(4, 3, Init = Init.PyTorchDefault), LayerNorm, Tanh]
    public partial Layer Layered { get; }

    [Conv2D(2, 2, Init = Init.PyTorchDefault), Maxout(2)]
    public partial Layer Pieces { get; }

    [Conv2D(2, 1, Init = Init.PyTorchDefault), BatchNorm, PReLU]
    public partial Layer Batched { get; }

    [Dense(3, Init = Init.PyTorchDefault)]
    public partial Layer Output { get; }
}

// PyTorch's flooring output sizes: a 3 × 3, stride 2, padding 1 downsampling of an even size (only padding unread), then
// pools whose stride leaves a real row and column unread (NG0035 warns; suppressed here, which also checks that the
// generator's warnings obey #pragma).
#pragma warning disable NG0035
[Network(BatchSize = 8)]
[Input(2, 14, 14)]
[SoftmaxCrossEntropy]
[Sgd(0.05f, Momentum = 0.9f)]
public partial class FlooredShapesCatalogue
{
    [Conv2D(4, 3, Stride = 2, Padding = 1, Init = Init.PyTorchDefault), ReLU]
    public partial Layer Down { get; }

    [AvgPool(2)]
    public partial Layer Pool1 { get; }

    [MaxPool(2)]
    public partial Layer Pool2 { get; }

    [Flatten]
    public partial Layer Flat { get; }

    [Dense(3, Init = Init.PyTorchDefault)]
    public partial Layer Output { get; }
}
#pragma warning restore NG0035

// Pooling's padding, ceil mode and count_include_pad, as torch.nn.MaxPool2d / AvgPool2d compute them: a padded ceil-mode
// max pool (8 → 5, its last window one real row), a ceil-mode average whose last window reaches past the input (divisor
// counts only what lies in the padded frame), a padded ceil-mode average without count_include_pad whose ceil window
// would start in the right padding (dropped: 3 → 2), and a padded average counting its padding.
[Network(BatchSize = 8)]
[Input(2, 8, 8)]
[SoftmaxCrossEntropy]
[Sgd(0.05f, Momentum = 0.9f)]
public partial class PaddedPoolsCatalogue
{
    [Conv2D(3, 3, Padding = 1, Init = Init.PyTorchDefault), ReLU]
    public partial Layer Conv { get; }

    [MaxPool(3, Stride = 2, Padding = 1, CeilMode = true)]
    public partial Layer Max { get; }

    [AvgPool(2, CeilMode = true)]
    public partial Layer PastTheEdge { get; }

    [AvgPool(2, Padding = 1, CeilMode = true, CountIncludePad = false)]
    public partial Layer RealOnly { get; }

    [AvgPool(3, Stride = 1, Padding = 1)]
    public partial Layer PaddingCounted { get; }

    [Dense(3, Init = Init.PyTorchDefault)]
    public partial Layer Output { get; }
}

// Feature-major training (FeatureMajorRule.TrainApplies: Dense chains trained on softmax cross-entropy), run with
// batches of 28 and 30 (padding lanes at every vector width, within FeatureMajor.Pays) and 32 (whole lane blocks);
// FeatureMajorSquared on mean squared error through a sigmoid output.
[Network(BatchSize = 32)]
[Input(12)]
[SoftmaxCrossEntropy]
[Adam(1e-2f)]
public partial class FeatureMajorAdam
{
    [Dense(16, Init = Init.PyTorchDefault), Tanh]
    public partial Layer Hidden1 { get; }

    [Dense(9, Init = Init.PyTorchDefault), ReLU]
    public partial Layer Hidden2 { get; }

    [Dense(4, Init = Init.PyTorchDefault)]
    public partial Layer Output { get; }
}

[Network(BatchSize = 32)]
[Input(10)]
[SoftmaxCrossEntropy]
[Sgd(0.1f, Momentum = 0.9f, WeightDecay = 1e-2f)]
public partial class FeatureMajorSgd
{
    [Dense(20, Init = Init.PyTorchDefault), ELU(0.7f)]
    public partial Layer Hidden1 { get; }

    [Dense(7, Init = Init.PyTorchDefault), LeakyReLU(0.1f)]
    public partial Layer Hidden2 { get; }

    [Dense(5, Init = Init.PyTorchDefault)]
    public partial Layer Output { get; }
}

[Network(BatchSize = 32)]
[Input(9)]
[MeanSquaredError]
[Adam(1e-2f)]
public partial class FeatureMajorSquared
{
    [Dense(14, Init = Init.PyTorchDefault), Tanh]
    public partial Layer Hidden { get; }

    [Dense(3, Init = Init.PyTorchDefault), Sigmoid]
    public partial Layer Output { get; }
}
