namespace NetGen.Spec;

// The parsed spec: what the user wrote, as plain values. Immutable with structural equality, or incremental caching
// breaks: no ISymbol, SyntaxNode or Compilation past this stage.

/// <summary>One attribute in a layer's list, with the arguments of every op kind (unused ones keep their defaults).</summary>
/// <param name="Units">Dense units, Conv2D filters.</param>
/// <param name="Kernel">Conv2D kernel or pooling window side.</param>
/// <param name="Stride">Conv2D or pooling stride.</param>
/// <param name="Padding">Conv2D or pooling padding.</param>
/// <param name="Init">Dense weight init.</param>
/// <param name="Bias">Constant bias, when <paramref name="HasConstantBias"/>.</param>
/// <param name="Slope">LeakyReLU negative slope.</param>
/// <param name="Alpha">ELU α.</param>
/// <param name="Pieces">Maxout pieces; GroupNorm groups.</param>
/// <param name="Probability">Dropout p.</param>
/// <param name="Momentum">BatchNorm's running-statistics momentum.</param>
/// <param name="Epsilon">A norm's ε.</param>
/// <param name="CeilMode">Pooling: the output size rounds (H + 2P − K)/S up, as torch's ceil_mode.</param>
/// <param name="CountIncludePad">AvgPool: padding counts in the divisor, as torch's count_include_pad.</param>
/// <param name="Value">MaxNorm's bound c, GaussianNoise's σ, ActivityL1's λ.</param>
internal sealed record OpSpec(
    OpKind Kind,
    SpecLocation? Location,
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
    int Padding = 0,
    bool CeilMode = false,
    bool CountIncludePad = true,
    float Value = 0f)
{
    /// <summary>
    /// A MaxPool or AvgPool of <paramref name="size"/>; a stride of 0 means the window size, as in the attributes.
    /// <paramref name="countIncludePad"/> applies to AvgPool only (MaxPool keeps the default, so equal specs stay equal).
    /// </summary>
    public static OpSpec Pooling(OpKind kind, SpecLocation? location, int size, int stride, int padding = 0, bool ceilMode = false, bool countIncludePad = true) =>
        new(kind, location, Kernel: size, Stride: stride == 0 ? size : stride, Padding: padding, CeilMode: ceilMode, CountIncludePad: kind != OpKind.AvgPool || countIncludePad);
}

/// <summary>A layer property and its ops, left to right.</summary>
/// <param name="Modifiers">The property's accessibility as declared (e.g. "public"), repeated on the implementation.</param>
/// <param name="IsValidDeclaration">A partial, non-static, get-only instance property of type NetGen.Layer.</param>
/// <param name="DeclarationProblem">What is wrong with the declaration when it is not valid.</param>
/// <param name="DeclarationIndex">Which partial declaration of the class holds it.</param>
internal sealed record LayerSpec(
    string Name,
    SpecLocation? Location,
    string Modifiers,
    bool IsValidDeclaration,
    string DeclarationProblem,
    int DeclarationIndex,
    EquatableArray<OpSpec> Ops)
{
    /// <summary>A layer described at run time (builder, JSON, reflection): no declaration of its own to get wrong.</summary>
    public static LayerSpec Described(string name, System.Collections.Generic.IEnumerable<OpSpec> ops) =>
        new(name, null, "public", IsValidDeclaration: true, DeclarationProblem: "", DeclarationIndex: 0, ops.ToEquatableArray());
}

internal sealed record LossSpec(LossKind Kind, SpecLocation? Location, float LabelSmoothing = 0f);

/// <summary>One optimizer attribute with every hyperparameter any optimizer takes; defaults are PyTorch's.</summary>
internal sealed record OptimizerSpec(
    OptimizerKind Kind,
    SpecLocation? Location,
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
internal sealed record RegularizerSpec(RegularizerKind Kind, float Value, SpecLocation? Location);

/// <summary>
/// Facts about the C# class that the generated part must fit: a record's synthesized members, a static class, a primary
/// constructor the generated constructor cannot chain to, a base class it cannot construct or that is a network itself.
/// </summary>
/// <param name="BaseClass">The base class's name, empty for System.Object.</param>
/// <param name="BaseConstructible">Whether the base class has an accessible constructor callable without arguments.</param>
/// <param name="TypeParameters">The class's type parameter list as written ("&lt;T&gt;"), empty when not generic.</param>
/// <param name="Containers">
/// The heads of the types the class is nested in, outermost first ("partial class Outer"), so that a part of the class
/// can be declared inside them; an empty head marks a container that is not partial.
/// </param>
internal sealed record ClassShape(
    bool IsRecord = false,
    bool IsStatic = false,
    bool HasPrimaryConstructor = false,
    string BaseClass = "",
    bool BaseConstructible = true,
    bool BaseIsNetwork = false,
    string TypeParameters = "",
    EquatableArray<string> Containers = default);

/// <summary>
/// A member the user declared in the network class besides its layers (a constructor is named ".ctor"), so that the
/// generated members can be checked against it instead of colliding in the compiler.
/// </summary>
/// <param name="Kind">"method", "property", "field", "event", "type" or "constructor".</param>
/// <param name="ParameterTypes">A method's or constructor's parameter types, fully qualified; empty otherwise.</param>
internal sealed record DeclaredMember(string Name, string Kind, EquatableArray<string> ParameterTypes, SpecLocation? Location);

/// <summary>A class marked [Network], or a network described at run time.</summary>
/// <param name="Namespace">The containing namespace, empty for the global namespace.</param>
/// <param name="ClassName">The class, or the name a run-time description goes by in messages.</param>
/// <param name="ClassLocation">The class identifier, where class-level diagnostics point.</param>
/// <param name="HasInput">Whether an [Input] was given (its shape may still be empty or non-positive).</param>
/// <param name="Shape">The class's declaration facts; null for a network described at run time, which has no class.</param>
/// <param name="Members">What else the class declares; empty for a network described at run time.</param>
internal sealed record NetworkSpec(
    string Namespace,
    string ClassName,
    SpecLocation? ClassLocation,
    bool IsPartial,
    bool IsNested,
    bool IsGeneric,
    int BatchSize,
    SpecLocation? NetworkLocation,
    bool HasInput,
    EquatableArray<int> InputShape,
    SpecLocation? InputLocation,
    EquatableArray<LossSpec> Losses,
    EquatableArray<OptimizerSpec> Optimizers,
    EquatableArray<RegularizerSpec> Regularizers,
    EquatableArray<LayerSpec> Layers,
    ClassShape? Shape = null,
    EquatableArray<DeclaredMember> Members = default)
{
    /// <summary>
    /// A network described at run time: a class-shaped spec with nothing about its C# declaration to get wrong (no
    /// locations, partial, not nested or generic). Losses and optimizers are lists, so that none or two of them is
    /// reported by the rules as it is for an attribute spec.
    /// </summary>
    public static NetworkSpec Described(
        string name,
        System.Collections.Generic.IEnumerable<int> inputShape,
        int batchSize,
        System.Collections.Generic.IEnumerable<LayerSpec> layers,
        System.Collections.Generic.IEnumerable<LossSpec> losses,
        System.Collections.Generic.IEnumerable<OptimizerSpec> optimizers,
        System.Collections.Generic.IEnumerable<RegularizerSpec> regularizers) => new(
            Namespace: "",
            ClassName: name,
            ClassLocation: null,
            IsPartial: true,
            IsNested: false,
            IsGeneric: false,
            BatchSize: batchSize,
            NetworkLocation: null,
            HasInput: true,
            InputShape: inputShape.ToEquatableArray(),
            InputLocation: null,
            Losses: losses.ToEquatableArray(),
            Optimizers: optimizers.ToEquatableArray(),
            Regularizers: regularizers.ToEquatableArray(),
            Layers: layers.ToEquatableArray());

    /// <summary>The value of the class-level regularizer <paramref name="kind"/>, 0 when absent (none of them is then active).</summary>
    public float RegularizerValue(RegularizerKind kind)
    {
        foreach (RegularizerSpec regularizer in Regularizers)
        {
            if (regularizer.Kind == kind)
            {
                return regularizer.Value;
            }
        }

        return 0f;
    }
}
