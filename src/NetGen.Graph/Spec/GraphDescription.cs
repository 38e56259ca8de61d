namespace NetGen.Graph;

/// <summary>The ops a graph layer can hold: the spec language's vocabulary, at run time.</summary>
public enum GraphOpKind
{
    /// <summary>y = x·Wᵀ + b.</summary>
    Dense,

    /// <summary>2-D convolution over [C, H, W] samples.</summary>
    Conv2D,

    /// <summary>Window maximum.</summary>
    MaxPool,

    /// <summary>Window mean.</summary>
    AvgPool,

    /// <summary>[C, H, W] → [C·H·W], the same values.</summary>
    Flatten,

    /// <summary>Batch normalization with running statistics.</summary>
    BatchNorm,

    /// <summary>Layer normalization over each sample.</summary>
    LayerNorm,

    /// <summary>Group normalization over channel groups.</summary>
    GroupNorm,

    /// <summary>Instance normalization (one group per channel).</summary>
    InstanceNorm,

    /// <summary>w = g·v/‖v‖ for the layer's producer.</summary>
    WeightNorm,

    /// <summary>max(0, x).</summary>
    ReLU,

    /// <summary>x or αx.</summary>
    LeakyReLU,

    /// <summary>tanh.</summary>
    Tanh,

    /// <summary>The logistic function.</summary>
    Sigmoid,

    /// <summary>x or α(eˣ − 1).</summary>
    ELU,

    /// <summary>x·Φ(x).</summary>
    GELU,

    /// <summary>x·σ(x).</summary>
    SiLU,

    /// <summary>Leaky ReLU with learned slopes.</summary>
    PReLU,

    /// <summary>Max over groups of pieces.</summary>
    Maxout,

    /// <summary>Inverted dropout.</summary>
    Dropout,
}

/// <summary>
/// One op and its settings; only those of its kind are read. Defaults are the spec attributes' (and PyTorch's).
/// </summary>
/// <param name="Kind">The op.</param>
/// <param name="Units">Dense units or Conv2D filters.</param>
/// <param name="Kernel">Conv2D kernel or pooling window size.</param>
/// <param name="Stride">Conv2D or pooling stride; 0 means the default (1 for Conv2D, the window size for pooling).</param>
/// <param name="Padding">Conv2D zero padding on every side.</param>
/// <param name="Init">Dense and Conv2D weight init, as <see cref="NetGen.Init"/> in the spec language.</param>
/// <param name="UseBias">Whether Dense or Conv2D has a bias.</param>
/// <param name="Bias">A constant initial bias, or null for the scheme's.</param>
/// <param name="Momentum">BatchNorm's running-statistics momentum.</param>
/// <param name="Epsilon">The norms' ε.</param>
/// <param name="Groups">GroupNorm's channel groups.</param>
/// <param name="Slope">LeakyReLU's α.</param>
/// <param name="Alpha">ELU's α.</param>
/// <param name="Pieces">Maxout's pieces per unit.</param>
/// <param name="Probability">Dropout's p.</param>
public sealed record OpDescription(
    GraphOpKind Kind,
    int Units = 0,
    int Kernel = 0,
    int Stride = 0,
    int Padding = 0,
    Init Init = Init.Auto,
    bool UseBias = true,
    float? Bias = null,
    float Momentum = 0.1f,
    float Epsilon = 1e-5f,
    int Groups = 0,
    float Slope = 0.01f,
    float Alpha = 1f,
    int Pieces = 0,
    float Probability = 0f)
{
    /// <summary>Ops that compute a layer's output from its input.</summary>
    public bool IsProducing => Kind is GraphOpKind.Dense or GraphOpKind.Conv2D or GraphOpKind.MaxPool or GraphOpKind.AvgPool or GraphOpKind.Flatten;

    /// <summary>Producing ops with a weight.</summary>
    public bool HasWeights => Kind is GraphOpKind.Dense or GraphOpKind.Conv2D;

    /// <summary>Norms, of the outputs or (WeightNorm) of the weight.</summary>
    public bool IsNorm => Kind is GraphOpKind.BatchNorm or GraphOpKind.LayerNorm or GraphOpKind.GroupNorm or GraphOpKind.InstanceNorm or GraphOpKind.WeightNorm;

    /// <summary>Activations.</summary>
    public bool IsActivation => Kind is GraphOpKind.ReLU or GraphOpKind.LeakyReLU or GraphOpKind.Tanh or GraphOpKind.Sigmoid or GraphOpKind.ELU or GraphOpKind.GELU or GraphOpKind.SiLU or GraphOpKind.PReLU or GraphOpKind.Maxout;

    /// <summary>Activations before which Init.Auto picks He (the ReLU family).</summary>
    public bool IsReluFamily => Kind is GraphOpKind.ReLU or GraphOpKind.LeakyReLU or GraphOpKind.PReLU or GraphOpKind.ELU or GraphOpKind.GELU or GraphOpKind.SiLU;
}

/// <summary>A layer: a producing op followed by any of norm, activation, dropout, as in the spec language.</summary>
public sealed record LayerDescription(string Name, IReadOnlyList<OpDescription> Ops);

/// <summary>The losses.</summary>
public enum GraphLossKind
{
    /// <summary>Softmax + cross-entropy on logits.</summary>
    SoftmaxCrossEntropy,

    /// <summary>Mean squared error.</summary>
    MeanSquaredError,

    /// <summary>Sigmoid + binary cross-entropy on logits.</summary>
    BinaryCrossEntropy,
}

/// <summary>The loss and its settings.</summary>
public sealed record LossDescription(GraphLossKind Kind, float LabelSmoothing = 0f);

/// <summary>The optimizers.</summary>
public enum GraphOptimizerKind
{
    /// <summary>torch.optim.SGD.</summary>
    Sgd,

    /// <summary>torch.optim.Adagrad.</summary>
    AdaGrad,

    /// <summary>torch.optim.RMSprop.</summary>
    RmsProp,

    /// <summary>torch.optim.Adam.</summary>
    Adam,

    /// <summary>torch.optim.AdamW (decoupled weight decay).</summary>
    AdamW,
}

/// <summary>An optimizer with PyTorch's settings; <see cref="Defaults"/> gives each kind's defaults.</summary>
public sealed record OptimizerDescription(
    GraphOptimizerKind Kind,
    float LearningRate,
    float Momentum = 0f,
    float Dampening = 0f,
    bool Nesterov = false,
    float WeightDecay = 0f,
    float Beta1 = 0.9f,
    float Beta2 = 0.999f,
    float Epsilon = 1e-8f,
    bool AmsGrad = false,
    float Alpha = 0.99f,
    bool Centered = false,
    float LrDecay = 0f,
    float InitialAccumulator = 0f,
    bool DecayWeightsOnly = false)
{
    /// <summary>The defaults of <paramref name="kind"/>, as the spec attributes and torch.optim have them.</summary>
    public static OptimizerDescription Defaults(GraphOptimizerKind kind, float? learningRate = null) => kind switch
    {
        GraphOptimizerKind.Sgd => new(kind, learningRate ?? throw new ArgumentException("SGD has no default learning rate; give one.", nameof(learningRate))),
        GraphOptimizerKind.AdaGrad => new(kind, learningRate ?? 1e-2f, Epsilon: 1e-10f),
        GraphOptimizerKind.RmsProp => new(kind, learningRate ?? 1e-2f),
        GraphOptimizerKind.Adam => new(kind, learningRate ?? 1e-3f),
        GraphOptimizerKind.AdamW => new(kind, learningRate ?? 1e-3f, WeightDecay: 1e-2f),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not an optimizer"),
    };
}

/// <summary>Class-level regularizers: clip_grad_norm_'s max, clip_grad_value_'s bound and the L1 λ (0 for none).</summary>
public sealed record RegularizationDescription(float ClipGradNorm = 0f, float ClipGradValue = 0f, float L1 = 0f);

/// <summary>A whole network: what a NetGen attribute spec says, as data.</summary>
/// <param name="InputShape">[features] or [channels, height, width].</param>
/// <param name="BatchSize">The largest batch one call takes (Predict works through larger inputs in chunks of it).</param>
/// <param name="Layers">The layers in order.</param>
/// <param name="Loss">The loss.</param>
/// <param name="Optimizer">The optimizer.</param>
/// <param name="Regularization">Clipping and L1.</param>
public sealed record GraphDescription(
    IReadOnlyList<int> InputShape,
    int BatchSize,
    IReadOnlyList<LayerDescription> Layers,
    LossDescription Loss,
    OptimizerDescription Optimizer,
    RegularizationDescription Regularization);
