namespace NetGen.CheckpointWriter;

/// <summary>About 4.3 million parameters with Adam's two buffers: a 52 MB checkpoint, so a kill lands mid-write.</summary>
[Network(BatchSize = 2)]
[Input(1024)]
[SoftmaxCrossEntropy]
[Adam]
public partial class LargeCheckpoint
{
    [Dense(2048), ReLU]
    public partial Layer Hidden { get; }

    [Dense(1024), ReLU]
    public partial Layer Wide { get; }

    [Dense(10)]
    public partial Layer Output { get; }
}
