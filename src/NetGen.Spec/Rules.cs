using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace NetGen.Spec;

internal enum RuleSeverity
{
    Error,
    Warning,
}

/// <summary>Which engine can see a rule's subject.</summary>
internal enum RuleScope
{
    /// <summary>The network itself (shapes, settings, op order): both engines check it on every description.</summary>
    Spec,

    /// <summary>The C# declaration that carries the spec (partial, nested, generic, property shape): only the generator sees it.</summary>
    Declaration,
}

/// <summary>
/// One rule of the spec language: its id, severity, a title and a message format with {0}-style arguments. The
/// generator reports it as the diagnostic <see cref="Id"/>; the interpreter throws it as a GraphSpecException carrying
/// the same id and message. Each id has a section in docs/diagnostics.md with an example and the fix.
/// </summary>
internal sealed record Rule(string Id, RuleSeverity Severity, RuleScope Scope, string Title, string MessageFormat)
{
    /// <summary>The rule's section in the diagnostics document, relative to the repository (and the package) root.</summary>
    public string HelpLink => "docs/diagnostics.md#" + Id.ToLowerInvariant();

    public string Format(IReadOnlyList<string> arguments) =>
        string.Format(CultureInfo.InvariantCulture, MessageFormat, arguments.Cast<object>().ToArray());
}

/// <summary>The rule table: every diagnostic either engine reports, in id order.</summary>
internal static class Rules
{
    public static readonly Rule ClassNotPartial = Error(
        "NG0001", RuleScope.Declaration, "Network class must be partial",
        "Network class '{0}' must be declared 'partial' so NetGen can add the generated members");

    public static readonly Rule NestedClass = Error(
        "NG0002", RuleScope.Declaration, "Network class cannot be nested",
        "Network class '{0}' is nested inside another type; declare it at namespace level");

    public static readonly Rule GenericClass = Error(
        "NG0003", RuleScope.Declaration, "Network class cannot be generic",
        "Network class '{0}' is generic; shapes are fixed at build time, so declare it without type parameters");

    public static readonly Rule MissingInput = Error(
        "NG0004", RuleScope.Spec, "Network has no [Input]",
        "Network '{0}' has no [Input] attribute; add one giving the shape of a sample, e.g. [Input(784)]");

    public static readonly Rule NoLayers = Error(
        "NG0005", RuleScope.Spec, "Network has no layers",
        "Network '{0}' declares no layers; add 'public partial Layer Name {{ get; }}' properties with a producing op such as [Dense(10)]");

    public static readonly Rule MissingProducingOp = Error(
        "NG0006", RuleScope.Spec, "Layer has no producing op",
        "Layer '{0}' has no producing op; its attribute list must start with one, e.g. [Dense(128)]");

    public static readonly Rule NonPositiveSize = Error(
        "NG0007", RuleScope.Spec, "Size must be positive",
        "{0} is {1}; it must be at least 1");

    public static readonly Rule InvalidLearningRate = Error(
        "NG0008", RuleScope.Spec, "Learning rate out of range",
        "Learning rate {0} is invalid; it must be a finite value in (0, 1000]");

    public static readonly Rule InvalidOptimizerSetting = Error(
        "NG0009", RuleScope.Spec, "Optimizer setting out of range",
        "{0} = {1} is out of range; expected {2}");

    public static readonly Rule NesterovWithoutMomentum = Error(
        "NG0010", RuleScope.Spec, "Nesterov needs momentum and no dampening",
        "Nesterov momentum requires Momentum > 0 and Dampening = 0 (got Momentum = {0}, Dampening = {1})");

    public static readonly Rule MissingLoss = Error(
        "NG0011", RuleScope.Spec, "Network has no loss",
        "Network '{0}' has no loss; add one of [SoftmaxCrossEntropy], [BinaryCrossEntropy] or [MeanSquaredError]");

    public static readonly Rule MultipleLosses = Error(
        "NG0012", RuleScope.Spec, "Network has more than one loss",
        "Network '{0}' declares more than one loss ({1}); keep exactly one");

    public static readonly Rule MissingOptimizer = Error(
        "NG0013", RuleScope.Spec, "Network has no optimizer",
        "Network '{0}' has no optimizer; add one, e.g. [Sgd(0.01f, Momentum = 0.9f)]");

    public static readonly Rule MultipleOptimizers = Error(
        "NG0014", RuleScope.Spec, "Network has more than one optimizer",
        "Network '{0}' declares more than one optimizer ({1}); keep exactly one");

    public static readonly Rule ActivationBeforeSoftmax = Error(
        "NG0015", RuleScope.Spec, "Activation on the logits of a softmax loss",
        "Output layer '{0}' ends in {1}, but [{2}] works on raw logits (it applies its own softmax or sigmoid); remove the activation from the last layer");

    public static readonly Rule LayersSplitAcrossDeclarations = Error(
        "NG0016", RuleScope.Declaration, "Layers split across partial declarations",
        "Layer '{0}' is declared in a different partial declaration of '{1}' than the first layer; declare all layers in one declaration so their order is defined");

    public static readonly Rule ZerosInit = Warning(
        "NG0017", RuleScope.Spec, "Zero-initialized weights stay symmetric",
        "Layer '{0}' initializes its weight to zeros: every unit then computes the same output and receives the same gradient, so units never differ; use Init.Auto or a random scheme");

    public static readonly Rule InvalidLayerProperty = Error(
        "NG0018", RuleScope.Declaration, "Invalid layer property",
        "Layer property '{0}' is invalid: {1}");

    public static readonly Rule ProducingOpNotFirst = Error(
        "NG0019", RuleScope.Spec, "Misplaced producing op",
        "{0} in layer '{1}' must be the first and only producing op of its layer; start a new layer property for it");

    public static readonly Rule MultipleActivations = Error(
        "NG0020", RuleScope.Spec, "More than one activation in a layer",
        "Layer '{0}' has a second activation {1}; a layer applies at most one activation");

    public static readonly Rule InvalidActivationArgument = Error(
        "NG0021", RuleScope.Spec, "Activation argument out of range",
        "{0} {1} is out of range; expected {2}");

    public static readonly Rule InvalidLabelSmoothing = Error(
        "NG0022", RuleScope.Spec, "Label smoothing out of range",
        "LabelSmoothing {0} is out of range; expected a finite value in [0, 1)");

    public static readonly Rule InvalidBias = Error(
        "NG0023", RuleScope.Spec, "Invalid bias setting",
        "Layer '{0}': {1}");

    public static readonly Rule UnknownInit = Error(
        "NG0024", RuleScope.Spec, "Unknown init scheme",
        "Init value {0} is not a member of NetGen.Init");

    public static readonly Rule InvalidRegularizer = Error(
        "NG0025", RuleScope.Spec, "Regularization setting out of range",
        "{0}({1}) is out of range; expected {2}");

    public static readonly Rule ConflictingClipping = Error(
        "NG0026", RuleScope.Spec, "Two gradient clippings",
        "Network '{0}' clips both by norm and by value; keep one of [ClipGradNorm] and [ClipGradValue]");

    public static readonly Rule TooFewMaxoutPieces = Error(
        "NG0027", RuleScope.Spec, "Maxout needs at least two pieces",
        "Maxout({0}) takes the maximum over fewer than two pieces; use Maxout(2) or more");

    public static readonly Rule InvalidDropout = Error(
        "NG0028", RuleScope.Spec, "Dropout probability out of range",
        "Dropout({0}) is out of range; expected a probability in [0, 1)");

    public static readonly Rule DropoutNotLast = Error(
        "NG0029", RuleScope.Spec, "Dropout must end its layer",
        "Dropout in layer '{0}' must be the last op of its layer, after the norm and activation");

    public static readonly Rule BatchNormWithBatchOne = Warning(
        "NG0030", RuleScope.Spec, "BatchNorm with batch size 1",
        "Layer '{0}' uses BatchNorm on one value per channel and BatchSize is 1: statistics of a single value are undefined, so TrainStep will refuse batches of 1; use LayerNorm or a larger batch");

    public static readonly Rule MisplacedNorm = Error(
        "NG0031", RuleScope.Spec, "Misplaced norm",
        "{0} in layer '{1}' must come right after the producing op, and a layer has at most one norm");

    public static readonly Rule InvalidNormSetting = Error(
        "NG0032", RuleScope.Spec, "Norm setting out of range",
        "{0} = {1} is out of range; expected {2}");

    public static readonly Rule SpatialOpOnFlatInput = Error(
        "NG0033", RuleScope.Spec, "Spatial op on a flat input",
        "{0} in layer '{1}' needs a spatial [channels, height, width] input but receives {2}; give [Input(c, h, w)] or move it before the first Dense");

    public static readonly Rule WindowLargerThanInput = Error(
        "NG0034", RuleScope.Spec, "Window larger than its input",
        "{0} in layer '{1}' has a {2} × {2} window but its (padded) input is only {3}");

    public static readonly Rule UnreadInput = Warning(
        "NG0035", RuleScope.Spec, "Input rows or columns never read",
        "{0} in layer '{1}' never reads the last {2} of its {3} input: the output size is (H + 2P − K)/S + 1 rounded down (up with CeilMode, where no window may start in the right padding) as PyTorch computes it, and no window reaches them; change the stride, padding, kernel or CeilMode if they matter");

    public static readonly Rule UnsupportedCombination = Error(
        "NG0036", RuleScope.Spec, "Unsupported op combination",
        "{0} cannot be used in layer '{1}' after {2}: {3}");

    public static readonly Rule GroupsNotDividingChannels = Error(
        "NG0037", RuleScope.Spec, "Groups must divide the channels",
        "GroupNorm({0}) in layer '{1}' needs a group count ≥ 1 that divides its {2} channels");

    public static readonly Rule LayerNamesCollide = Error(
        "NG0038", RuleScope.Spec, "Layer names collide",
        "Layer '{0}' has the name of layer '{1}' up to letter case; every layer needs a name of its own (its generated members are named after it)");

    public static readonly Rule NetworkTooLarge = Error(
        "NG0039", RuleScope.Spec, "Network too large",
        "{0} needs {1} floats, beyond NetGen's limit of {2} ({3})");

    public static readonly Rule UnsupportedClassKind = Error(
        "NG0040", RuleScope.Declaration, "Network type NetGen cannot implement",
        "'{0}' is {1}; [Network] takes a non-static, non-record partial class, to which NetGen adds mutable training state and a constructor");

    public static readonly Rule PrimaryConstructor = Error(
        "NG0041", RuleScope.Declaration, "Network class has a primary constructor",
        "Network class '{0}' declares a primary constructor, which the generated constructor '{0}(int seed = 0)' cannot chain to; remove the parameter list and set what it carried after construction");

    public static readonly Rule BaseNotConstructible = Error(
        "NG0042", RuleScope.Declaration, "Base class cannot be constructed",
        "Network class '{0}' derives from '{1}', which has no accessible constructor callable without arguments; the generated constructor calls base()");

    public static readonly Rule DerivesFromNetwork = Error(
        "NG0043", RuleScope.Declaration, "Network derives from a network",
        "Network class '{0}' derives from network '{1}'; layers and generated members are not inherited or combined, so declare every layer in one network class");

    // Names: the generated members, the user's members and the layers share one class (only the generator sees C# members).
    public static readonly Rule LayerNameTaken = Error(
        "NG0044", RuleScope.Declaration, "Layer name taken by generated code",
        "Layer '{0}' collides with the {1} '{2}' that NetGen generates for '{3}'; rename the layer");

    public static readonly Rule MemberNameTaken = Error(
        "NG0045", RuleScope.Declaration, "Member name taken by generated code",
        "'{0}' declared in '{1}' collides with the {2} that NetGen generates under that name; rename or remove it (a method with other parameter types is fine)");

    public static readonly Rule ConstructorTaken = Error(
        "NG0046", RuleScope.Declaration, "Constructor taken by generated code",
        "Constructor '{0}(int)' has the signature of the constructor NetGen generates, '{0}(int seed = 0)'; remove it, or give it other parameters and chain with ': this(seed)'");

    public static readonly Rule ClassNameTaken = Error(
        "NG0047", RuleScope.Declaration, "Class name taken by generated code",
        "Network class '{0}' has the name of the {1} '{0}' that NetGen generates in it, and a member cannot be named like its class; rename the class");

    public static readonly Rule PoolingPaddingOutOfRange = Error(
        "NG0048", RuleScope.Spec, "Pooling padding out of range",
        "{0} in layer '{1}' has Padding = {2}; pooling padding must be between 0 and half the window, at most {3} for a {4} × {4} window (PyTorch: pad should be at most half of kernel size)");

    public static readonly Rule InvalidLayerRegularizer = Error(
        "NG0049", RuleScope.Spec, "Layer regularizer setting out of range",
        "{0}({1}) in layer '{2}' is out of range; expected {3}");

    public static readonly Rule NoiseNotLast = Error(
        "NG0050", RuleScope.Spec, "GaussianNoise must end its layer",
        "GaussianNoise in layer '{0}' must be the last op of its layer, after the norm and activation (only MaxNorm and ActivityL1 may follow), and a layer ends with one of Dropout and GaussianNoise");

    public static readonly Rule ProbablyChannelsLast = Warning(
        "NG0060", RuleScope.Spec, "Input looks channels-last",
        "[Input({0})] is read as [channels, height, width]: {1} channels of {2} images; if the data is height × width × channels, write [Input({3})] and lay each sample out channel by channel");

    public static readonly Rule InternalError = Error(
        "NG0999", RuleScope.Declaration, "NetGen internal error",
        "NetGen could not generate '{0}': {1}. Please report this with the network declaration.");

    /// <summary>Every rule, in id order.</summary>
    public static readonly IReadOnlyList<Rule> All = typeof(Rules).GetFields()
        .Where(f => f.FieldType == typeof(Rule))
        .Select(f => (Rule)f.GetValue(null)!)
        .OrderBy(r => r.Id, System.StringComparer.Ordinal)
        .ToArray();

    private static Rule Error(string id, RuleScope scope, string title, string message) => new(id, RuleSeverity.Error, scope, title, message);

    private static Rule Warning(string id, RuleScope scope, string title, string message) => new(id, RuleSeverity.Warning, scope, title, message);
}
