namespace NetGen.Parity.Tests;

// The layer regularizers against PyTorch: MaxNorm as torch.renorm after optimizer.step(), ActivityL1 as
// λ·y.abs().sum()/B added to the loss, GaussianNoise as x + σ·ε with the ε NetGen's stream drew (ParityRun replays the
// stream and hands them over). Bounds sit below the PyTorch-default rows' norms (≈ 0.58), so rows are renormed.

[Network(BatchSize = 8)]
[Input(6)]
[SoftmaxCrossEntropy]
[Sgd(0.1f, Momentum = 0.9f)]
public partial class RegularizedSgd
{
    [Dense(8, Init = Init.PyTorchDefault), Tanh, MaxNorm(0.5f), ActivityL1(0.01f)]
    public partial Layer Hidden1 { get; }

    [Dense(5, Init = Init.PyTorchDefault), ReLU, GaussianNoise(0.2f)]
    public partial Layer Hidden2 { get; }

    [Dense(3, Init = Init.PyTorchDefault), MaxNorm(0.6f), ActivityL1(1e-3f)]
    public partial Layer Output { get; }
}

[Network(BatchSize = 8)]
[Input(6)]
[SoftmaxCrossEntropy]
[Adam(1e-2f)]
public partial class RegularizedAdam
{
    [Dense(8, Init = Init.PyTorchDefault), Tanh, MaxNorm(0.5f), ActivityL1(0.01f)]
    public partial Layer Hidden1 { get; }

    [Dense(5, Init = Init.PyTorchDefault), ReLU, GaussianNoise(0.2f)]
    public partial Layer Hidden2 { get; }

    [Dense(3, Init = Init.PyTorchDefault), MaxNorm(0.6f), ActivityL1(1e-3f)]
    public partial Layer Output { get; }
}

[Network(BatchSize = 8)]
[Input(2, 6, 6)]
[SoftmaxCrossEntropy]
[Sgd(0.05f, Momentum = 0.9f)]
public partial class RegularizedConv
{
    [Conv2D(3, 3, Padding = 1, Init = Init.PyTorchDefault), MaxNorm(0.5f), ReLU, GaussianNoise(0.1f), ActivityL1(1e-3f)]
    public partial Layer Conv { get; }

    [MaxPool(2)]
    public partial Layer Pool { get; }

    [Dense(3, Init = Init.PyTorchDefault), MaxNorm(0.4f)]
    public partial Layer Output { get; }
}
