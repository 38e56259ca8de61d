using System.Globalization;
using NetGen.Spec;

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
    private readonly List<(string Name, List<OpSpec> Ops)> _layers = [];
    private readonly List<LossSpec> _losses = [];
    private readonly List<OptimizerSpec> _optimizers = [];
    private readonly List<RegularizerSpec> _regularizers = [];
    private int _batchSize = 128;

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
        Start(name, Weighted(new OpSpec(OpKind.Dense, null, Units: units, Init: (InitKind)init, UseBias: useBias), bias));

    /// <summary>A 2-D convolution with <paramref name="filters"/> filters of <paramref name="kernel"/> × <paramref name="kernel"/>; starts a layer.</summary>
    public GraphBuilder Conv2D(int filters, int kernel, int stride = 1, int padding = 0, Init init = Init.Auto, bool useBias = true, float? bias = null, string? name = null) =>
        Start(name, Weighted(new OpSpec(OpKind.Conv2D, null, Units: filters, Kernel: kernel, Stride: stride, Padding: padding, Init: (InitKind)init, UseBias: useBias), bias));

    /// <summary>Window maxima (stride defaults to the size; padding and ceil mode as torch.nn.MaxPool2d); starts a layer.</summary>
    public GraphBuilder MaxPool(int size, int stride = 0, int padding = 0, bool ceilMode = false, string? name = null) =>
        Start(name, OpSpec.Pooling(OpKind.MaxPool, null, size, stride, padding, ceilMode));

    /// <summary>Window means (stride defaults to the size; padding, ceil mode and count_include_pad as torch.nn.AvgPool2d); starts a layer.</summary>
    public GraphBuilder AvgPool(int size, int stride = 0, int padding = 0, bool ceilMode = false, bool countIncludePad = true, string? name = null) =>
        Start(name, OpSpec.Pooling(OpKind.AvgPool, null, size, stride, padding, ceilMode, countIncludePad));

    /// <summary>[C, H, W] → [C·H·W]; starts a layer.</summary>
    public GraphBuilder Flatten(string? name = null) => Start(name, new OpSpec(OpKind.Flatten, null));

    /// <summary>Batch normalization of the current layer's producer outputs.</summary>
    public GraphBuilder BatchNorm(float momentum = 0.1f, float epsilon = 1e-5f) => Add(new OpSpec(OpKind.BatchNorm, null, Momentum: momentum, Epsilon: epsilon));

    /// <summary>Layer normalization of each sample.</summary>
    public GraphBuilder LayerNorm(float epsilon = 1e-5f) => Add(new OpSpec(OpKind.LayerNorm, null, Epsilon: epsilon));

    /// <summary>Group normalization over <paramref name="groups"/> channel groups.</summary>
    public GraphBuilder GroupNorm(int groups, float epsilon = 1e-5f) => Add(new OpSpec(OpKind.GroupNorm, null, Pieces: groups, Epsilon: epsilon));

    /// <summary>Instance normalization (after a Conv2D).</summary>
    public GraphBuilder InstanceNorm(float epsilon = 1e-5f) => Add(new OpSpec(OpKind.InstanceNorm, null, Epsilon: epsilon));

    /// <summary>Weight normalization of the current layer's producer, w = g·v/‖v‖.</summary>
    public GraphBuilder WeightNorm() => Add(new OpSpec(OpKind.WeightNorm, null));

    /// <summary>ReLU.</summary>
    public GraphBuilder ReLU() => Add(new OpSpec(OpKind.ReLU, null));

    /// <summary>Leaky ReLU with slope α for negative inputs.</summary>
    public GraphBuilder LeakyReLU(float slope = 0.01f) => Add(new OpSpec(OpKind.LeakyReLU, null, Slope: slope));

    /// <summary>tanh.</summary>
    public GraphBuilder Tanh() => Add(new OpSpec(OpKind.Tanh, null));

    /// <summary>The logistic sigmoid.</summary>
    public GraphBuilder Sigmoid() => Add(new OpSpec(OpKind.Sigmoid, null));

    /// <summary>ELU with saturation α.</summary>
    public GraphBuilder ELU(float alpha = 1f) => Add(new OpSpec(OpKind.ELU, null, Alpha: alpha));

    /// <summary>GELU.</summary>
    public GraphBuilder GELU() => Add(new OpSpec(OpKind.GELU, null));

    /// <summary>SiLU (swish).</summary>
    public GraphBuilder SiLU() => Add(new OpSpec(OpKind.SiLU, null));

    /// <summary>PReLU: learned slopes per unit, or per channel after a Conv2D; init 0.25.</summary>
    public GraphBuilder PReLU() => Add(new OpSpec(OpKind.PReLU, null));

    /// <summary>Maxout over groups of <paramref name="pieces"/> producer outputs (the producer is made that many times wider).</summary>
    public GraphBuilder Maxout(int pieces) => Add(new OpSpec(OpKind.Maxout, null, Pieces: pieces));

    /// <summary>Inverted dropout with drop probability <paramref name="probability"/>.</summary>
    public GraphBuilder Dropout(float probability) => Add(new OpSpec(OpKind.Dropout, null, Probability: probability));

    /// <summary>Max-norm constraint: after every update each weight row of the current layer is renormed to ‖w‖ ≤ <paramref name="maxNorm"/> (torch.renorm).</summary>
    public GraphBuilder MaxNorm(float maxNorm) => Add(new OpSpec(OpKind.MaxNorm, null, Value: maxNorm));

    /// <summary>Additive Gaussian noise σ·N(0, 1) in training, the identity in inference; the layer's last op.</summary>
    public GraphBuilder GaussianNoise(float std) => Add(new OpSpec(OpKind.GaussianNoise, null, Value: std));

    /// <summary>Activity L1 penalty λ·Σ|y|/B on the current layer's output.</summary>
    public GraphBuilder ActivityL1(float lambda) => Add(new OpSpec(OpKind.ActivityL1, null, Value: lambda));

    /// <summary>Softmax cross-entropy on the logits.</summary>
    public GraphBuilder SoftmaxCrossEntropy(float labelSmoothing = 0f) => Loss(new LossSpec(LossKind.SoftmaxCrossEntropy, null, labelSmoothing));

    /// <summary>Mean squared error.</summary>
    public GraphBuilder MeanSquaredError() => Loss(new LossSpec(LossKind.MeanSquaredError, null));

    /// <summary>Binary cross-entropy on logits.</summary>
    public GraphBuilder BinaryCrossEntropy() => Loss(new LossSpec(LossKind.BinaryCrossEntropy, null));

    /// <summary>SGD with momentum, dampening, Nesterov and coupled weight decay (torch.optim.SGD).</summary>
    public GraphBuilder Sgd(float learningRate, float momentum = 0f, float dampening = 0f, bool nesterov = false, float weightDecay = 0f, bool decayWeightsOnly = false) =>
        Optimizer(new OptimizerSpec(OptimizerKind.Sgd, null, learningRate, Momentum: momentum, Dampening: dampening, Nesterov: nesterov, WeightDecay: weightDecay, DecayWeightsOnly: decayWeightsOnly));

    /// <summary>AdaGrad (torch.optim.Adagrad).</summary>
    public GraphBuilder AdaGrad(float learningRate = 1e-2f, float lrDecay = 0f, float initialAccumulator = 0f, float epsilon = 1e-10f, float weightDecay = 0f, bool decayWeightsOnly = false) =>
        Optimizer(new OptimizerSpec(OptimizerKind.AdaGrad, null, learningRate, LrDecay: lrDecay, InitialAccumulator: initialAccumulator, Epsilon: epsilon, WeightDecay: weightDecay, DecayWeightsOnly: decayWeightsOnly));

    /// <summary>RMSProp (torch.optim.RMSprop).</summary>
    public GraphBuilder RmsProp(float learningRate = 1e-2f, float alpha = 0.99f, float epsilon = 1e-8f, float momentum = 0f, bool centered = false, float weightDecay = 0f, bool decayWeightsOnly = false) =>
        Optimizer(new OptimizerSpec(OptimizerKind.RmsProp, null, learningRate, Alpha: alpha, Epsilon: epsilon, Momentum: momentum, Centered: centered, WeightDecay: weightDecay, DecayWeightsOnly: decayWeightsOnly));

    /// <summary>Adam with coupled (L2) weight decay (torch.optim.Adam).</summary>
    public GraphBuilder Adam(float learningRate = 1e-3f, float beta1 = 0.9f, float beta2 = 0.999f, float epsilon = 1e-8f, float weightDecay = 0f, bool amsGrad = false, bool decayWeightsOnly = false) =>
        Optimizer(new OptimizerSpec(OptimizerKind.Adam, null, learningRate, Beta1: beta1, Beta2: beta2, Epsilon: epsilon, WeightDecay: weightDecay, AmsGrad: amsGrad, DecayWeightsOnly: decayWeightsOnly));

    /// <summary>AdamW: Adam with decoupled weight decay (torch.optim.AdamW).</summary>
    public GraphBuilder AdamW(float learningRate = 1e-3f, float beta1 = 0.9f, float beta2 = 0.999f, float epsilon = 1e-8f, float weightDecay = 1e-2f, bool amsGrad = false, bool decayWeightsOnly = false) =>
        Optimizer(new OptimizerSpec(OptimizerKind.AdamW, null, learningRate, Beta1: beta1, Beta2: beta2, Epsilon: epsilon, WeightDecay: weightDecay, AmsGrad: amsGrad, DecayWeightsOnly: decayWeightsOnly));


    /// <summary>Clips the total gradient norm to <paramref name="maxNorm"/> (clip_grad_norm_).</summary>
    public GraphBuilder ClipGradNorm(float maxNorm) => Regularize(RegularizerKind.ClipGradNorm, maxNorm);

    /// <summary>Clamps every gradient to ±<paramref name="bound"/> (clip_grad_value_).</summary>
    public GraphBuilder ClipGradValue(float bound) => Regularize(RegularizerKind.ClipGradValue, bound);

    /// <summary>Adds λ·Σ|θ| to the loss.</summary>
    public GraphBuilder L1(float lambda) => Regularize(RegularizerKind.L1, lambda);

    /// <summary>The network described so far, as data (what <see cref="GraphJson"/> reads too), checked against the rules.</summary>
    public GraphDescription Describe() => new(NetworkSpec.Described(
        "network",
        _inputShape,
        _batchSize,
        _layers.Select(l => LayerSpec.Described(l.Name, l.Ops)),
        _losses,
        _optimizers,
        _regularizers));

    /// <summary>Validates and builds the network, parameters drawn from <paramref name="seed"/>.</summary>
    public GraphNetwork Build(int seed = 0) => GraphNetwork.Create(Describe(), seed);

    private GraphBuilder Start(string? name, OpSpec producer)
    {
        _layers.Add((name ?? "Layer" + (_layers.Count + 1).ToString(CultureInfo.InvariantCulture), [producer]));
        return this;
    }

    private GraphBuilder Add(OpSpec op)
    {
        if (_layers.Count == 0)
        {
            throw new GraphSpecException($"{op.Kind} needs a producing op (Dense, Conv2D, MaxPool, AvgPool or Flatten) before it.");
        }

        _layers[^1].Ops.Add(op);
        return this;
    }

    /// <summary>A producer's constant initial bias, when one is given.</summary>
    private static OpSpec Weighted(OpSpec producer, float? bias) =>
        bias is { } value ? producer with { HasConstantBias = true, Bias = value } : producer;

    private GraphBuilder Loss(LossSpec loss)
    {
        _losses.Add(loss);
        return this;
    }

    private GraphBuilder Optimizer(OptimizerSpec optimizer)
    {
        _optimizers.Add(optimizer);
        return this;
    }

    private GraphBuilder Regularize(RegularizerKind kind, float value)
    {
        _regularizers.Add(new RegularizerSpec(kind, value, null));
        return this;
    }
}
