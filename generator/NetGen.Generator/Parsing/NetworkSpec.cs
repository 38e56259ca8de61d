using NetGen.Generator.Common;

namespace NetGen.Generator.Parsing;

// The parsed spec: what the user wrote, as plain values. Immutable with structural equality, or incremental caching
// breaks: no ISymbol, SyntaxNode or Compilation past this stage.

/// <summary>One attribute in a layer's list, with the arguments of every op kind (unused ones keep their defaults).</summary>
/// <param name="Units">Dense units, Conv2D filters.</param>
/// <param name="Kernel">Conv2D kernel or pooling window side.</param>
/// <param name="Stride">Conv2D or pooling stride.</param>
/// <param name="Padding">Conv2D padding.</param>
/// <param name="Init">Dense weight init.</param>
/// <param name="Bias">Constant bias, when <paramref name="HasConstantBias"/>.</param>
/// <param name="Slope">LeakyReLU negative slope.</param>
/// <param name="Alpha">ELU α.</param>
/// <param name="Pieces">Maxout pieces.</param>
/// <param name="Probability">Dropout p.</param>
/// <param name="Momentum">BatchNorm's running-statistics momentum.</param>
/// <param name="Epsilon">A norm's ε.</param>
internal sealed record OpSpec(
    OpKind Kind,
    LocationInfo? Location,
    int Units = 0,
    InitKind Init = InitKind.Auto,
    bool HasConstantBias = false,
    float Bias = 0f,
    bool UseBias = true,
    float Slope = 0.01f,
    float Alpha = 1f,
    int Pieces = 0,
    float Probability = 0f,
    float Momentum = 0.1f,
    float Epsilon = 1e-5f,
    int Kernel = 0,
    int Stride = 1,
    int Padding = 0);

/// <summary>A layer property and its ops, left to right.</summary>
/// <param name="Modifiers">The property's accessibility as declared (e.g. "public"), repeated on the implementation.</param>
/// <param name="IsValidDeclaration">A partial, non-static, get-only instance property of type NetGen.Layer.</param>
/// <param name="DeclarationProblem">What is wrong with the declaration when it is not valid.</param>
/// <param name="DeclarationIndex">Which partial declaration of the class holds it.</param>
internal sealed record LayerSpec(
    string Name,
    LocationInfo? Location,
    string Modifiers,
    bool IsValidDeclaration,
    string DeclarationProblem,
    int DeclarationIndex,
    EquatableArray<OpSpec> Ops);

internal sealed record LossSpec(LossKind Kind, LocationInfo? Location, float LabelSmoothing = 0f);

/// <summary>One optimizer attribute with every hyperparameter any optimizer takes; defaults are PyTorch's.</summary>
internal sealed record OptimizerSpec(
    OptimizerKind Kind,
    LocationInfo? Location,
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
    bool DecayWeightsOnly = false);

/// <summary>A class-level regularization attribute: ClipGradNorm, ClipGradValue or L1, with its one value.</summary>
internal sealed record RegularizerSpec(RegularizerKind Kind, float Value, LocationInfo? Location);

/// <summary>A class marked [Network].</summary>
/// <param name="Namespace">The containing namespace, empty for the global namespace.</param>
/// <param name="ClassLocation">The class identifier, where class-level diagnostics point.</param>
internal sealed record NetworkSpec(
    string Namespace,
    string ClassName,
    LocationInfo? ClassLocation,
    bool IsPartial,
    bool IsNested,
    bool IsGeneric,
    int BatchSize,
    LocationInfo? NetworkLocation,
    EquatableArray<int> InputShape,
    LocationInfo? InputLocation,
    EquatableArray<LossSpec> Losses,
    EquatableArray<OptimizerSpec> Optimizers,
    EquatableArray<RegularizerSpec> Regularizers,
    EquatableArray<LayerSpec> Layers)
{
    public bool HasInput => InputLocation is not null;
}
