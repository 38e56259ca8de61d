using Microsoft.CodeAnalysis;

namespace NetGen.Generator.Validation;

/// <summary>Every diagnostic NetGen reports. Each id has a page in docs/diagnostics.md with an example and the fix.</summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "NetGen";

    public static readonly DiagnosticDescriptor ClassNotPartial = Error(
        "NG0001", "Network class must be partial", "Network class '{0}' must be declared 'partial' so NetGen can add the generated members");

    public static readonly DiagnosticDescriptor NestedClass = Error(
        "NG0002", "Network class cannot be nested", "Network class '{0}' is nested inside another type; declare it at namespace level");

    public static readonly DiagnosticDescriptor GenericClass = Error(
        "NG0003", "Network class cannot be generic", "Network class '{0}' is generic; shapes are fixed at build time, so declare it without type parameters");

    public static readonly DiagnosticDescriptor MissingInput = Error(
        "NG0004", "Network has no [Input]", "Network '{0}' has no [Input] attribute; add one giving the shape of a sample, e.g. [Input(784)]");

    public static readonly DiagnosticDescriptor NoLayers = Error(
        "NG0005", "Network has no layers", "Network '{0}' declares no layers; add 'public partial Layer Name {{ get; }}' properties with a producing op such as [Dense(10)]");

    public static readonly DiagnosticDescriptor MissingProducingOp = Error(
        "NG0006", "Layer has no producing op", "Layer '{0}' has no producing op; its attribute list must start with one, e.g. [Dense(128)]");

    public static readonly DiagnosticDescriptor NonPositiveSize = Error(
        "NG0007", "Size must be positive", "{0} is {1}; it must be at least 1");

    public static readonly DiagnosticDescriptor InvalidLearningRate = Error(
        "NG0008", "Learning rate out of range", "Learning rate {0} is invalid; it must be finite and greater than 0");

    public static readonly DiagnosticDescriptor InvalidOptimizerSetting = Error(
        "NG0009", "Optimizer setting out of range", "{0} = {1} is out of range; expected {2}");

    public static readonly DiagnosticDescriptor NesterovWithoutMomentum = Error(
        "NG0010", "Nesterov needs momentum and no dampening", "Nesterov momentum requires Momentum > 0 and Dampening = 0 (got Momentum = {0}, Dampening = {1})");

    public static readonly DiagnosticDescriptor MissingLoss = Error(
        "NG0011", "Network has no loss", "Network '{0}' has no loss; add one of [SoftmaxCrossEntropy] or [MeanSquaredError]");

    public static readonly DiagnosticDescriptor MultipleLosses = Error(
        "NG0012", "Network has more than one loss", "Network '{0}' declares more than one loss ({1}); keep exactly one");

    public static readonly DiagnosticDescriptor MissingOptimizer = Error(
        "NG0013", "Network has no optimizer", "Network '{0}' has no optimizer; add one, e.g. [Sgd(0.01f, Momentum = 0.9f)]");

    public static readonly DiagnosticDescriptor MultipleOptimizers = Error(
        "NG0014", "Network has more than one optimizer", "Network '{0}' declares more than one optimizer ({1}); keep exactly one");

    public static readonly DiagnosticDescriptor ActivationBeforeSoftmax = Error(
        "NG0015", "Activation on the logits of a softmax loss", "Output layer '{0}' ends in {1}, but [{2}] works on raw logits (it applies its own softmax or sigmoid); remove the activation from the last layer");

    public static readonly DiagnosticDescriptor LayersSplitAcrossDeclarations = Error(
        "NG0016", "Layers split across partial declarations", "Layer '{0}' is declared in a different partial declaration of '{1}' than the first layer; declare all layers in one declaration so their order is defined");

    public static readonly DiagnosticDescriptor ZerosInit = Warning(
        "NG0017", "Zero-initialized weights stay symmetric", "Layer '{0}' initializes its weight to zeros: every unit then computes the same output and receives the same gradient, so units never differ; use Init.Auto or a random scheme");

    public static readonly DiagnosticDescriptor InvalidLayerProperty = Error(
        "NG0018", "Invalid layer property", "Layer property '{0}' is invalid: {1}");

    public static readonly DiagnosticDescriptor ProducingOpNotFirst = Error(
        "NG0019", "Misplaced producing op", "{0} in layer '{1}' must be the first and only producing op of its layer; start a new layer property for it");

    public static readonly DiagnosticDescriptor MultipleActivations = Error(
        "NG0020", "More than one activation in a layer", "Layer '{0}' has a second activation {1}; a layer applies at most one activation");

    public static readonly DiagnosticDescriptor InvalidActivationArgument = Error(
        "NG0021", "Activation argument out of range", "{0} {1} is out of range; expected {2}");

    public static readonly DiagnosticDescriptor InvalidLabelSmoothing = Error(
        "NG0022", "Label smoothing out of range", "LabelSmoothing {0} is out of range; expected a finite value in [0, 1)");

    public static readonly DiagnosticDescriptor InvalidBias = Error(
        "NG0023", "Invalid bias setting", "Layer '{0}': {1}");

    public static readonly DiagnosticDescriptor UnknownInit = Error(
        "NG0024", "Unknown init scheme", "Init value {0} is not a member of NetGen.Init");

    public static readonly DiagnosticDescriptor InvalidRegularizer = Error(
        "NG0025", "Regularization setting out of range", "{0}({1}) is out of range; expected {2}");

    public static readonly DiagnosticDescriptor ConflictingClipping = Error(
        "NG0026", "Two gradient clippings", "Network '{0}' clips both by norm and by value; keep one of [ClipGradNorm] and [ClipGradValue]");

    public static readonly DiagnosticDescriptor TooFewMaxoutPieces = Error(
        "NG0027", "Maxout needs at least two pieces", "Maxout({0}) takes the maximum over fewer than two pieces; use Maxout(2) or more");

    public static readonly DiagnosticDescriptor InvalidDropout = Error(
        "NG0028", "Dropout probability out of range", "Dropout({0}) is out of range; expected a probability in [0, 1)");

    public static readonly DiagnosticDescriptor DropoutNotLast = Error(
        "NG0029", "Dropout must end its layer", "Dropout in layer '{0}' must be the last op of its layer, after the norm and activation");

    public static readonly DiagnosticDescriptor BatchNormWithBatchOne = Warning(
        "NG0030", "BatchNorm with batch size 1", "Layer '{0}' uses BatchNorm but BatchSize is 1: batch statistics of one sample are undefined, so TrainStep will refuse batches of 1; use LayerNorm or a larger batch");

    public static readonly DiagnosticDescriptor MisplacedNorm = Error(
        "NG0031", "Misplaced norm", "{0} in layer '{1}' must come right after the producing op, and a layer has at most one norm");

    public static readonly DiagnosticDescriptor InvalidNormSetting = Error(
        "NG0032", "Norm setting out of range", "{0} = {1} is out of range; expected {2}");

    public static readonly DiagnosticDescriptor SpatialOpOnFlatInput = Error(
        "NG0033", "Spatial op on a flat input", "{0} in layer '{1}' needs a spatial [channels, height, width] input but receives {2}; give [Input(c, h, w)] or move it before the first Dense");

    public static readonly DiagnosticDescriptor WindowLargerThanInput = Error(
        "NG0034", "Window larger than its input", "{0} in layer '{1}' has a {2} × {2} window but its (padded) input is only {3}");

    public static readonly DiagnosticDescriptor OutputSizeNotWhole = Error(
        "NG0035", "Output size not a whole number", "{0} in layer '{1}': the output size {2} is not a whole number; change the stride, padding or kernel");

    public static readonly DiagnosticDescriptor UnsupportedCombination = Error(
        "NG0036", "Unsupported op combination", "{0} cannot be used in layer '{1}' after {2}: {3}");

    public static readonly DiagnosticDescriptor GroupsNotDividingChannels = Error(
        "NG0037", "Groups must divide the channels", "GroupNorm({0}) in layer '{1}' needs a group count ≥ 1 that divides its {2} channels");

    public static readonly DiagnosticDescriptor InternalError = Error(
        "NG0999", "NetGen internal error", "NetGen could not generate '{0}': {1}. Please report this with the network declaration.");

    private static DiagnosticDescriptor Error(string id, string title, string message) =>
        new(id, title, message, Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink(id));

    private static DiagnosticDescriptor Warning(string id, string title, string message) =>
        new(id, title, message, Category, DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpLink(id));

    private static string HelpLink(string id) => "docs/diagnostics.md#" + id.ToLowerInvariant();
}
