namespace NetGen.Samples.OptimizerStudy;

// One Fashion-MNIST MLP per optimizer (784-128-10, ReLU), each at the learning rate the course's comparisons use.

[Network(BatchSize = 128)]
[Input(784)]
[SoftmaxCrossEntropy]
[Sgd(0.05f, Momentum = 0.9f)]
public partial class MlpSgdMomentum
{
    [Dense(128), ReLU]
    public partial Layer Hidden { get; }

    [Dense(10)]
    public partial Layer Output { get; }
}

[Network(BatchSize = 128)]
[Input(784)]
[SoftmaxCrossEntropy]
[Sgd(0.05f)]
public partial class MlpSgd
{
    [Dense(128), ReLU]
    public partial Layer Hidden { get; }

    [Dense(10)]
    public partial Layer Output { get; }
}

[Network(BatchSize = 128)]
[Input(784)]
[SoftmaxCrossEntropy]
[AdaGrad(0.01f)]
public partial class MlpAdaGrad
{
    [Dense(128), ReLU]
    public partial Layer Hidden { get; }

    [Dense(10)]
    public partial Layer Output { get; }
}

[Network(BatchSize = 128)]
[Input(784)]
[SoftmaxCrossEntropy]
[RmsProp(1e-3f)]
public partial class MlpRmsProp
{
    [Dense(128), ReLU]
    public partial Layer Hidden { get; }

    [Dense(10)]
    public partial Layer Output { get; }
}

[Network(BatchSize = 128)]
[Input(784)]
[SoftmaxCrossEntropy]
[Adam(1e-3f)]
public partial class MlpAdam
{
    [Dense(128), ReLU]
    public partial Layer Hidden { get; }

    [Dense(10)]
    public partial Layer Output { get; }
}

[Network(BatchSize = 128)]
[Input(784)]
[SoftmaxCrossEntropy]
[AdamW(1e-3f, WeightDecay = 1e-2f)]
public partial class MlpAdamW
{
    [Dense(128), ReLU]
    public partial Layer Hidden { get; }

    [Dense(10)]
    public partial Layer Output { get; }
}
