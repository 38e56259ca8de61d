namespace NetGen.Samples.InitStudy;

// The two stacks of the experiment: 500 inputs, ten Dense(500) layers, one activation throughout. Init.Lsuv gives
// the orthogonal start LSUV needs and the generated InitializeLsuv; the other schemes are drawn over the same
// weights at run time with the same initializers the generated constructors call. Loss and optimizer are required
// by the spec language but unused here: the study only runs forward.

[Network(BatchSize = 1000)]
[Input(500)]
[MeanSquaredError]
[Sgd(0.01f)]
public partial class TanhStack
{
    [Dense(500, Init = Init.Lsuv), Tanh]
    public partial Layer Layer1 { get; }

    [Dense(500, Init = Init.Lsuv), Tanh]
    public partial Layer Layer2 { get; }

    [Dense(500, Init = Init.Lsuv), Tanh]
    public partial Layer Layer3 { get; }

    [Dense(500, Init = Init.Lsuv), Tanh]
    public partial Layer Layer4 { get; }

    [Dense(500, Init = Init.Lsuv), Tanh]
    public partial Layer Layer5 { get; }

    [Dense(500, Init = Init.Lsuv), Tanh]
    public partial Layer Layer6 { get; }

    [Dense(500, Init = Init.Lsuv), Tanh]
    public partial Layer Layer7 { get; }

    [Dense(500, Init = Init.Lsuv), Tanh]
    public partial Layer Layer8 { get; }

    [Dense(500, Init = Init.Lsuv), Tanh]
    public partial Layer Layer9 { get; }

    [Dense(500, Init = Init.Lsuv), Tanh]
    public partial Layer Layer10 { get; }
}

[Network(BatchSize = 1000)]
[Input(500)]
[MeanSquaredError]
[Sgd(0.01f)]
public partial class ReluStack
{
    [Dense(500, Init = Init.Lsuv), ReLU]
    public partial Layer Layer1 { get; }

    [Dense(500, Init = Init.Lsuv), ReLU]
    public partial Layer Layer2 { get; }

    [Dense(500, Init = Init.Lsuv), ReLU]
    public partial Layer Layer3 { get; }

    [Dense(500, Init = Init.Lsuv), ReLU]
    public partial Layer Layer4 { get; }

    [Dense(500, Init = Init.Lsuv), ReLU]
    public partial Layer Layer5 { get; }

    [Dense(500, Init = Init.Lsuv), ReLU]
    public partial Layer Layer6 { get; }

    [Dense(500, Init = Init.Lsuv), ReLU]
    public partial Layer Layer7 { get; }

    [Dense(500, Init = Init.Lsuv), ReLU]
    public partial Layer Layer8 { get; }

    [Dense(500, Init = Init.Lsuv), ReLU]
    public partial Layer Layer9 { get; }

    [Dense(500, Init = Init.Lsuv), ReLU]
    public partial Layer Layer10 { get; }
}
