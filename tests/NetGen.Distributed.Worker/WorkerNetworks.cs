namespace NetGen.Distributed.Worker;

// The worker's networks. A rank of a 2-rank job trains 16 samples of each global batch of 32: ShardMlp takes 16 per
// call; WholeBatchMlp is the same network taking all 32 in one TrainStep, the single-process oracle.

/// <summary>MLP 64-32-10, SGD with momentum (optimizer state to keep alike), batch 16: one rank's shard.</summary>
[Network(BatchSize = 16)]
[Input(64)]
[SoftmaxCrossEntropy]
[Sgd(0.1f, Momentum = 0.9f)]
public partial class ShardMlp
{
    [Dense(32), ReLU]
    public partial Layer Hidden { get; }

    [Dense(10)]
    public partial Layer Output { get; }
}

/// <summary>ShardMlp taking the whole global batch of 32 at once: the same initial parameters from the same seed.</summary>
[Network(BatchSize = 32)]
[Input(64)]
[SoftmaxCrossEntropy]
[Sgd(0.1f, Momentum = 0.9f)]
public partial class WholeBatchMlp
{
    [Dense(32), ReLU]
    public partial Layer Hidden { get; }

    [Dense(10)]
    public partial Layer Output { get; }
}

/// <summary>With BatchNorm, whose running statistics each rank moves with its own shard until rank 0's are shared.</summary>
[Network(BatchSize = 16)]
[Input(64)]
[SoftmaxCrossEntropy]
[Adam]
public partial class ShardBatchNormMlp
{
    [Dense(32), BatchNorm, ReLU, Dropout(0.1f)]
    public partial Layer Hidden { get; }

    [Dense(10)]
    public partial Layer Output { get; }
}

/// <summary>The main job's MLP (samples/FashionMnist: 784-256-128-10, SGD with momentum), batch 64: one of two ranks' shard of 128.</summary>
[Network(BatchSize = 64)]
[Input(784)]
[SoftmaxCrossEntropy]
[Sgd(0.05f, Momentum = 0.9f)]
public partial class FashionShard
{
    [Dense(256, Init = Init.HeNormal), ReLU]
    public partial Layer Hidden1 { get; }

    [Dense(128), ReLU]
    public partial Layer Hidden2 { get; }

    [Dense(10)]
    public partial Layer Output { get; }
}

/// <summary>The main job's MLP at its own batch of 128: what one process trains per step.</summary>
[Network(BatchSize = 128)]
[Input(784)]
[SoftmaxCrossEntropy]
[Sgd(0.05f, Momentum = 0.9f)]
public partial class FashionWhole
{
    [Dense(256, Init = Init.HeNormal), ReLU]
    public partial Layer Hidden1 { get; }

    [Dense(128), ReLU]
    public partial Layer Hidden2 { get; }

    [Dense(10)]
    public partial Layer Output { get; }
}
