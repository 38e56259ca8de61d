namespace NetGen.Benchmarks;

// The suite's networks (the benchmark issue's list), all trained with Adam (lr 1e-3) as the PyTorch peer is
// (torch_peer.py builds the same ones). The interpreted side reads these attributes (GraphAttributes).

/// <summary>MLP 64-32-10, batch 32: small enough that dispatch and allocation dominate an interpreter.</summary>
[Network(BatchSize = 32)]
[Input(64)]
[SoftmaxCrossEntropy]
[Adam]
public partial class Mlp64
{
    [Dense(32), ReLU]
    public partial Layer Hidden { get; }

    [Dense(10)]
    public partial Layer Output { get; }
}

/// <summary>MLP 784-256-128-10, batch 128.</summary>
[Network(BatchSize = 128)]
[Input(784)]
[SoftmaxCrossEntropy]
[Adam]
public partial class Mlp784
{
    [Dense(256), ReLU]
    public partial Layer Hidden1 { get; }

    [Dense(128), ReLU]
    public partial Layer Hidden2 { get; }

    [Dense(10)]
    public partial Layer Output { get; }
}

/// <summary>MLP 784-256-128-10 with BatchNorm after both hidden layers, batch 128.</summary>
[Network(BatchSize = 128)]
[Input(784)]
[SoftmaxCrossEntropy]
[Adam]
public partial class Mlp784BatchNorm
{
    [Dense(256), BatchNorm, ReLU]
    public partial Layer Hidden1 { get; }

    [Dense(128), BatchNorm, ReLU]
    public partial Layer Hidden2 { get; }

    [Dense(10)]
    public partial Layer Output { get; }
}

/// <summary>MLP 784-1024-1024-10, batch 256: GEMM-bound.</summary>
[Network(BatchSize = 256)]
[Input(784)]
[SoftmaxCrossEntropy]
[Adam]
public partial class MlpWide
{
    [Dense(1024), ReLU]
    public partial Layer Hidden1 { get; }

    [Dense(1024), ReLU]
    public partial Layer Hidden2 { get; }

    [Dense(10)]
    public partial Layer Output { get; }
}

/// <summary>LeNet-5 on 1×28×28 (ReLU and max pooling, as it is trained today), batch 64.</summary>
[Network(BatchSize = 64)]
[Input(1, 28, 28)]
[SoftmaxCrossEntropy]
[Adam]
public partial class LeNet5
{
    [Conv2D(6, 5, Padding = 2), ReLU]
    public partial Layer Conv1 { get; }

    [MaxPool(2)]
    public partial Layer Pool1 { get; }

    [Conv2D(16, 5), ReLU]
    public partial Layer Conv2 { get; }

    [MaxPool(2)]
    public partial Layer Pool2 { get; }

    [Dense(120), ReLU]
    public partial Layer Fc1 { get; }

    [Dense(84), ReLU]
    public partial Layer Fc2 { get; }

    [Dense(10)]
    public partial Layer Output { get; }
}

/// <summary>The course's initialization experiment: 10 tanh layers of 500 units on 500 inputs, batch 1000, then 10 classes.</summary>
[Network(BatchSize = 1000)]
[Input(500)]
[SoftmaxCrossEntropy]
[Adam]
public partial class Tanh500
{
    [Dense(500), Tanh]
    public partial Layer Hidden1 { get; }

    [Dense(500), Tanh]
    public partial Layer Hidden2 { get; }

    [Dense(500), Tanh]
    public partial Layer Hidden3 { get; }

    [Dense(500), Tanh]
    public partial Layer Hidden4 { get; }

    [Dense(500), Tanh]
    public partial Layer Hidden5 { get; }

    [Dense(500), Tanh]
    public partial Layer Hidden6 { get; }

    [Dense(500), Tanh]
    public partial Layer Hidden7 { get; }

    [Dense(500), Tanh]
    public partial Layer Hidden8 { get; }

    [Dense(500), Tanh]
    public partial Layer Hidden9 { get; }

    [Dense(500), Tanh]
    public partial Layer Hidden10 { get; }

    [Dense(10)]
    public partial Layer Output { get; }
}
