using NetGen;

namespace NetGen.Inlining.Probe;

// Networks beside the shared test networks that cover the rest of the kernels the probe should bring to Tier1: the
// benchmark suite's smallest network (the one the tiered-PGO finding was made on), and the optimizers and norms the
// shared networks do not use.

/// <summary>MLP 64-32-10 at batch 32 with Adam, as the benchmark suite's Mlp64.</summary>
[Network(BatchSize = 32)]
[Input(64)]
[SoftmaxCrossEntropy]
[Adam]
public partial class SuiteMlp
{
    [Dense(32), ReLU]
    public partial Layer Hidden { get; }

    [Dense(10)]
    public partial Layer Output { get; }
}

/// <summary>BatchNorm, LayerNorm, SiLU and ELU under RMSProp with momentum.</summary>
[Network(BatchSize = 24)]
[Input(40)]
[SoftmaxCrossEntropy]
[RmsProp(1e-3f, Momentum = 0.9f)]
public partial class NormedRmsProp
{
    [Dense(48), BatchNorm, SiLU]
    public partial Layer Batched { get; }

    [Dense(24), LayerNorm, ELU]
    public partial Layer Layered { get; }

    [Dense(5)]
    public partial Layer Output { get; }
}

/// <summary>GroupNorm after a convolution, average pooling, Sigmoid and a regression loss under AdaGrad.</summary>
[Network(BatchSize = 8)]
[Input(4, 10, 10)]
[MeanSquaredError]
[AdaGrad]
public partial class GroupedAdaGrad
{
    [Conv2D(8, 3, Padding = 1), GroupNorm(2), Sigmoid]
    public partial Layer Grouped { get; }

    [AvgPool(2)]
    public partial Layer Pool { get; }

    [Dense(3)]
    public partial Layer Output { get; }
}
