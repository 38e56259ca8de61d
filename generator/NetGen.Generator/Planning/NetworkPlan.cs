using NetGen.Generator.Common;
using NetGen.Generator.Parsing;

namespace NetGen.Generator.Planning;

// The lowered network: fixed shapes, resolved init schemes, parameter offsets, buffer assignments and the fusions
// applied. Immutable with structural equality, or incremental caching breaks.

internal enum ActivationKind
{
    Identity,
    Relu,
    LeakyRelu,
    Tanh,
    Sigmoid,
}

/// <summary>A layer's activation; <paramref name="Slope"/> is used by LeakyReLU only.</summary>
internal sealed record ActivationPlan(ActivationKind Kind, float Slope);

internal enum WeightInitScheme
{
    Zeros,
    PyTorchDefault,
    Normal,
    XavierUniform,
    XavierNormal,
    HeUniform,
    HeNormal,
    LeCunNormal,
}

/// <summary>How a weight starts: the scheme with its fans and gain worked out at build time.</summary>
/// <param name="Reason">Why this scheme, for the generated comment (e.g. "Auto: ReLU follows").</param>
internal sealed record WeightInitPlan(WeightInitScheme Scheme, int FanIn, int FanOut, float Gain, string Reason);

internal enum BiasInitScheme
{
    Zeros,
    Constant,
    PyTorchDefault,
}

internal sealed record BiasInitPlan(BiasInitScheme Scheme, float Value);

/// <summary>One dense layer: y[B, Units] = f(x[B, InputSize] · Wᵀ + b).</summary>
/// <param name="WeightOffset">Where W[Units, InputSize] starts in the parameter array.</param>
/// <param name="BiasOffset">Where b[Units] starts (right after W).</param>
/// <param name="OutputGradientSlot">Which of the two ping-pong gradient buffers holds ∂L/∂y during backward.</param>
internal sealed record DenseLayerPlan(
    int Index,
    string Name,
    string Modifiers,
    string Description,
    int InputSize,
    int Units,
    bool UseBias,
    int WeightOffset,
    int BiasOffset,
    ActivationPlan Activation,
    WeightInitPlan WeightInit,
    BiasInitPlan BiasInit,
    int OutputGradientSlot)
{
    public int WeightLength => Units * InputSize;

    public int BiasLength => UseBias ? Units : 0;

    public int ParameterCount => WeightLength + BiasLength;
}

internal sealed record LossPlan(LossKind Kind, float LabelSmoothing);

/// <summary>SGD's hyperparameters; momentum 0 means no velocity buffer is allocated.</summary>
internal sealed record OptimizerPlan(float LearningRate, float Momentum, float Dampening, bool Nesterov, float WeightDecay)
{
    public bool HasVelocity => Momentum != 0f;
}

/// <summary>The whole network, ready to emit.</summary>
/// <param name="GradientBufferLength">Floats in each of the two ping-pong gradient buffers: BatchSize × the widest layer.</param>
/// <param name="Fusions">One line per fusion applied, for the generated summary.</param>
internal sealed record NetworkPlan(
    string Namespace,
    string ClassName,
    EquatableArray<int> InputShape,
    int InputSize,
    int OutputSize,
    int BatchSize,
    int ParameterCount,
    LossPlan Loss,
    OptimizerPlan Optimizer,
    EquatableArray<DenseLayerPlan> Layers,
    int GradientBufferLength,
    EquatableArray<string> Fusions);
