namespace NetGen.Spec;

/// <summary>Every op a layer's attribute list can name, in the spec language's vocabulary.</summary>
internal enum OpKind
{
    Dense,
    Conv2D,
    MaxPool,
    AvgPool,
    Flatten,
    ReLU,
    LeakyReLU,
    Tanh,
    Sigmoid,
    ELU,
    GELU,
    SiLU,
    PReLU,
    Maxout,
    Dropout,
    BatchNorm,
    LayerNorm,
    GroupNorm,
    InstanceNorm,
    WeightNorm,
    MaxNorm,
    GaussianNoise,
    ActivityL1,
}

internal enum LossKind
{
    SoftmaxCrossEntropy,
    MeanSquaredError,
    BinaryCrossEntropy,
}

internal enum OptimizerKind
{
    Sgd,
    AdaGrad,
    RmsProp,
    Adam,
    AdamW,
}

internal enum RegularizerKind
{
    ClipGradNorm,
    ClipGradValue,
    L1,
}

/// <summary>Mirrors NetGen.Init (the generator cannot reference the runtime assembly); values must stay in step.</summary>
internal enum InitKind
{
    Auto,
    PyTorchDefault,
    Zeros,
    Normal,
    XavierUniform,
    XavierNormal,
    HeUniform,
    HeNormal,
    LeCunNormal,
    TruncatedNormal,
    Orthogonal,
    Lsuv,
}

internal static class OpKinds
{
    /// <summary>Ops that produce a layer's output from its input (and own the weights).</summary>
    public static bool IsProducing(this OpKind kind) => kind is OpKind.Dense or OpKind.Conv2D or OpKind.MaxPool or OpKind.AvgPool or OpKind.Flatten;

    /// <summary>Producing ops that own a weight and bias.</summary>
    public static bool HasWeights(this OpKind kind) => kind is OpKind.Dense or OpKind.Conv2D;

    /// <summary>Producing ops that need a spatial [C, H, W] input.</summary>
    public static bool IsSpatial(this OpKind kind) => kind is OpKind.Conv2D or OpKind.MaxPool or OpKind.AvgPool;

    public static bool IsNorm(this OpKind kind) => kind is OpKind.BatchNorm or OpKind.LayerNorm or OpKind.GroupNorm or OpKind.InstanceNorm or OpKind.WeightNorm;

    /// <summary>
    /// Regularizers of the layer rather than steps of its computation (a bound on the producer's weight rows, a penalty
    /// on the layer's output): they may stand anywhere after the producing op and are left out of the ops' order rules.
    /// </summary>
    public static bool IsLayerRegularizer(this OpKind kind) => kind is OpKind.MaxNorm or OpKind.ActivityL1;

    public static bool IsActivation(this OpKind kind) =>
        kind is OpKind.ReLU or OpKind.LeakyReLU or OpKind.Tanh or OpKind.Sigmoid or OpKind.ELU or OpKind.GELU or OpKind.SiLU or OpKind.PReLU or OpKind.Maxout;
}
