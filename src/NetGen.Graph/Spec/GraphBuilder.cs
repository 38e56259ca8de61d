using System.Globalization;

namespace NetGen.Graph;

/// <summary>
/// Builds a network at run time in the spec language's words, left to right: a producing op (Dense, Conv2D, MaxPool,
/// AvgPool, Flatten) starts a layer, and the norm, activation and dropout after it belong to that layer.
/// <code>
/// GraphNetwork mlp = new GraphBuilder(784).BatchSize(128)
///     .Dense(256, Init.HeNormal, name: "Hidden1").BatchNorm().ReLU()
///     .Dense(10, name: "Output")
///     .SoftmaxCrossEntropy().Sgd(0.05f, momentum: 0.9f)
///     .Build(seed: 0);
/// </code>
/// </summary>
public sealed class GraphBuilder
{
    private readonly int[] _inputShape;
    private readonly List<(string Name, List<OpDescription> Ops)> _layers = [];
    private int _batchSize = 128;
    private LossDescription? _loss;
    private OptimizerDescription? _optimizer;
    private RegularizationDescription _regularization = new();

    /// <summary>Starts a network on samples of <paramref name="inputShape"/>: [features] or [channels, height, width].</summary>
    public GraphBuilder(params int[] inputShape)
    {
        ArgumentNullException.ThrowIfNull(inputShape);
        _inputShape = (int[])inputShape.Clone();
    }

    /// <summary>The largest batch one call takes (default 128).</summary>
    public GraphBuilder BatchSize(int batchSize)
    {
        _batchSize = batchSize;
        return this;
    }

    /// <summary>y = x·Wᵀ + b with <paramref name="units"/> outputs; starts a layer.</summary>
    public GraphBuilder Dense(int units, Init init = Init.Auto, bool useBias = true, float? bias = null, string? name = null) =>
        Start(name, new OpDescription(GraphOpKind.Dense, Units: units, Init: init, UseBias: useBias, Bias: bias));

    /// <summary>A 2-D convolution with <paramref name="filters"/> filters of <paramref name="kernel"/> × <paramref name="kernel"/>; starts a layer.</summary>
    public GraphBuilder Conv2D(int filters, int kernel, int stride = 1, int padding = 0, Init init = Init.Auto, bool useBias = true, float? bias = null, string? name = null) =>
        Start(name, new OpDescription(GraphOpKind.Conv2D, Units: filters, Kernel: kernel, Stride: stride, Padding: padding, Init: init, UseBias: useBias, Bias: bias));

    /// <summary>Window maxima (stride defaults to the size); starts a layer.</summary>
    public GraphBuilder MaxPool(int size, int stride = 0, string? name = null) => Start(name, new OpDescription(GraphOpKind.MaxPool, Kernel: size, Stride: stride));

    /// <summary>Window means (stride defaults to the size); starts a layer.</summary>
    public GraphBuilder AvgPool(int size, int stride = 0, string? name = null) => Start(name, new OpDescription(GraphOpKind.AvgPool, Kernel: size, Stride: stride));

    /// <summary>[C, H, W] → [C·H·W]; starts a layer.</summary>
    public GraphBuilder Flatten(string? name = null) => Start(name, new OpDescription(GraphOpKind.Flatten));

    /// <summary>Batch normalization of the current layer's producer outputs.</summary>
    public GraphBuilder BatchNorm(float momentum = 0.1f, float epsilon = 1e-5f) => Add(new OpDescription(GraphOpKind.BatchNorm, Momentum: momentum, Epsilon: epsilon));

    /// <summary>Layer normalization of each sample.</summary>
    public GraphBuilder LayerNorm(float epsilon = 1e-5f) => Add(new OpDescription(GraphOpKind.LayerNorm, Epsilon: epsilon));

    /// <summary>Group normalization over <paramref name="groups"/> channel groups.</summary>
    public GraphBuilder GroupNorm(int groups, float epsilon = 1e-5f) => Add(new OpDescription(GraphOpKind.GroupNorm, Groups: groups, Epsilon: epsilon));

    /// <summary>Instance normalization (after a Conv2D).</summary>
    public GraphBuilder InstanceNorm(float epsilon = 1e-5f) => Add(new OpDescription(GraphOpKind.InstanceNorm, Epsilon: epsilon));

    /// <summary>Weight normalization of the current layer's producer, w = g·v/‖v‖.</summary>
    public GraphBuilder WeightNorm() => Add(new OpDescription(GraphOpKind.WeightNorm));

    /// <summary>ReLU.</summary>
    public GraphBuilder ReLU() => Add(new OpDescription(GraphOpKind.ReLU));

    /// <summary>Leaky ReLU with slope α for negative inputs.</summary>
    public GraphBuilder LeakyReLU(float slope = 0.01f) => Add(new OpDescription(GraphOpKind.LeakyReLU, Slope: slope));

    /// <summary>tanh.</summary>
    public GraphBuilder Tanh() => Add(new OpDescription(GraphOpKind.Tanh));

    /// <summary>The logistic sigmoid.</summary>
    public GraphBuilder Sigmoid() => Add(new OpDescription(GraphOpKind.Sigmoid));

    /// <summary>ELU with saturation α.</summary>
    public GraphBuilder ELU(float alpha = 1f) => Add(new OpDescription(GraphOpKind.ELU, Alpha: alpha));

    /// <summary>GELU.</summary>
    public GraphBuilder GELU() => Add(new OpDescription(GraphOpKind.GELU));

    /// <summary>SiLU (swish).</summary>
    public GraphBuilder SiLU() => Add(new OpDescription(GraphOpKind.SiLU));

    /// <summary>PReLU: learned slopes per unit, or per channel after a Conv2D; init 0.25.</summary>
    public GraphBuilder PReLU() => Add(new OpDescription(GraphOpKind.PReLU));

    /// <summary>Maxout over groups of <paramref name="pieces"/> producer outputs (the producer is made that many times wider).</summary>
    public GraphBuilder Maxout(int pieces) => Add(new OpDescription(GraphOpKind.Maxout, Pieces: pieces));

    /// <summary>Inverted dropout with drop probability <paramref name="probability"/>.</summary>
    public GraphBuilder Dropout(float probability) => Add(new OpDescription(GraphOpKind.Dropout, Probability: probability));

    /// <summary>Softmax cross-entropy on the logits.</summary>
    public GraphBuilder SoftmaxCrossEntropy(float labelSmoothing = 0f) => Loss(new LossDescription(GraphLossKind.SoftmaxCrossEntropy, labelSmoothing));

    /// <summary>Mean squared error.</summary>
    public GraphBuilder MeanSquaredError() => Loss(new LossDescription(GraphLossKind.MeanSquaredError));

    /// <summary>Binary cross-entropy on logits.</summary>
    public GraphBuilder BinaryCrossEntropy() => Loss(new LossDescription(GraphLossKind.BinaryCrossEntropy));

    /// <summary>SGD with momentum, dampening, Nesterov and coupled weight decay (torch.optim.SGD).</summary>
    public GraphBuilder Sgd(float learningRate, float momentum = 0f, float dampening = 0f, bool nesterov = false, float weightDecay = 0f, bool decayWeightsOnly = false) =>
        Optimizer(new OptimizerDescription(GraphOptimizerKind.Sgd, learningRate, Momentum: momentum, Dampening: dampening, Nesterov: nesterov, WeightDecay: weightDecay, DecayWeightsOnly: decayWeightsOnly));

    /// <summary>AdaGrad (torch.optim.Adagrad).</summary>
    public GraphBuilder AdaGrad(float learningRate = 1e-2f, float lrDecay = 0f, float initialAccumulator = 0f, float epsilon = 1e-10f, float weightDecay = 0f, bool decayWeightsOnly = false) =>
        Optimizer(new OptimizerDescription(GraphOptimizerKind.AdaGrad, learningRate, LrDecay: lrDecay, InitialAccumulator: initialAccumulator, Epsilon: epsilon, WeightDecay: weightDecay, DecayWeightsOnly: decayWeightsOnly));

    /// <summary>RMSProp (torch.optim.RMSprop).</summary>
    public GraphBuilder RmsProp(float learningRate = 1e-2f, float alpha = 0.99f, float epsilon = 1e-8f, float momentum = 0f, bool centered = false, float weightDecay = 0f, bool decayWeightsOnly = false) =>
        Optimizer(new OptimizerDescription(GraphOptimizerKind.RmsProp, learningRate, Alpha: alpha, Epsilon: epsilon, Momentum: momentum, Centered: centered, WeightDecay: weightDecay, DecayWeightsOnly: decayWeightsOnly));

    /// <summary>Adam with coupled (L2) weight decay (torch.optim.Adam).</summary>
    public GraphBuilder Adam(float learningRate = 1e-3f, float beta1 = 0.9f, float beta2 = 0.999f, float epsilon = 1e-8f, float weightDecay = 0f, bool amsGrad = false, bool decayWeightsOnly = false) =>
        Optimizer(new OptimizerDescription(GraphOptimizerKind.Adam, learningRate, Beta1: beta1, Beta2: beta2, Epsilon: epsilon, WeightDecay: weightDecay, AmsGrad: amsGrad, DecayWeightsOnly: decayWeightsOnly));

    /// <summary>AdamW: Adam with decoupled weight decay (torch.optim.AdamW).</summary>
    public GraphBuilder AdamW(float learningRate = 1e-3f, float beta1 = 0.9f, float beta2 = 0.999f, float epsilon = 1e-8f, float weightDecay = 1e-2f, bool amsGrad = false, bool decayWeightsOnly = false) =>
        Optimizer(new OptimizerDescription(GraphOptimizerKind.AdamW, learningRate, Beta1: beta1, Beta2: beta2, Epsilon: epsilon, WeightDecay: weightDecay, AmsGrad: amsGrad, DecayWeightsOnly: decayWeightsOnly));

    /// <summary>Any optimizer description.</summary>
    public GraphBuilder Optimizer(OptimizerDescription optimizer)
    {
        _optimizer = optimizer;
        return this;
    }

    /// <summary>Clips the total gradient norm to <paramref name="maxNorm"/> (clip_grad_norm_).</summary>
    public GraphBuilder ClipGradNorm(float maxNorm) => Regularize(_regularization with { ClipGradNorm = maxNorm });

    /// <summary>Clamps every gradient to ±<paramref name="bound"/> (clip_grad_value_).</summary>
    public GraphBuilder ClipGradValue(float bound) => Regularize(_regularization with { ClipGradValue = bound });

    /// <summary>Adds λ·Σ|θ| to the loss.</summary>
    public GraphBuilder L1(float lambda) => Regularize(_regularization with { L1 = lambda });

    /// <summary>The network described so far, as data (what <see cref="GraphJson"/> reads too).</summary>
    public GraphDescription Describe()
    {
        if (_loss is null || _optimizer is null)
        {
            throw new GraphSpecException($"the network needs {(_loss is null ? "a loss (SoftmaxCrossEntropy, MeanSquaredError or BinaryCrossEntropy)" : "an optimizer (Sgd, AdaGrad, RmsProp, Adam or AdamW)")} before it can be built.");
        }

        LayerDescription[] layers = _layers.Select(l => new LayerDescription(l.Name, l.Ops.ToArray())).ToArray();
        return new GraphDescription(_inputShape, _batchSize, layers, _loss, _optimizer, _regularization);
    }

    /// <summary>Validates and builds the network, parameters drawn from <paramref name="seed"/>.</summary>
    public GraphNetwork Build(int seed = 0) => GraphNetwork.Create(Describe(), seed);

    private GraphBuilder Start(string? name, OpDescription producer)
    {
        _layers.Add((name ?? "Layer" + (_layers.Count + 1).ToString(CultureInfo.InvariantCulture), [producer]));
        return this;
    }

    private GraphBuilder Add(OpDescription op)
    {
        if (_layers.Count == 0)
        {
            throw new GraphSpecException($"{op.Kind} needs a producing op (Dense, Conv2D, MaxPool, AvgPool or Flatten) before it.");
        }

        _layers[^1].Ops.Add(op);
        return this;
    }

    private GraphBuilder Loss(LossDescription loss)
    {
        _loss = loss;
        return this;
    }

    private GraphBuilder Regularize(RegularizationDescription regularization)
    {
        _regularization = regularization;
        return this;
    }
}
