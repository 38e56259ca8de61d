using Microsoft.CodeAnalysis.CSharp;
using NetGen.Generator.Planning;

namespace NetGen.Generator.Emission;

/// <summary>
/// The identifiers generated code uses, derived from layer names in one place so every emitter agrees. Identifiers
/// only: what a layer computes is in its <see cref="LayerFusion"/>, how it is written in the layer emitters.
/// </summary>
internal static class Names
{
    public const string Runtime = "global::NetGen.Runtime";
    public const string Span = "global::System.Span<float>";
    public const string ReadOnlySpan = "global::System.ReadOnlySpan<float>";
    public const string LabelSpan = "global::System.ReadOnlySpan<int>";
    public const string Checks = "global::NetGen.ArgumentChecks";

    public static string WeightOffset(LayerPlan layer) => layer.Name + "WeightOffset";

    public static string WeightLength(LayerPlan layer) => layer.Name + "WeightLength";

    public static string BiasOffset(LayerPlan layer) => layer.Name + "BiasOffset";

    public static string BiasLength(LayerPlan layer) => layer.Name + "BiasLength";

    public static string GammaOffset(LayerPlan layer) => layer.Name + "GammaOffset";

    public static string GammaLength(LayerPlan layer) => layer.Name + "GammaLength";

    public static string BetaOffset(LayerPlan layer) => layer.Name + "BetaOffset";

    public static string BetaLength(LayerPlan layer) => layer.Name + "BetaLength";

    public static string SlopesOffset(LayerPlan layer) => layer.Name + "SlopesOffset";

    public static string SlopesLength(LayerPlan layer) => layer.Name + "SlopesLength";

    /// <summary>Everything after the weight (bias, norm γ and β, PReLU slopes), updated with it.</summary>
    public static string RestLength(LayerPlan layer) => layer.Name + "RestLength";

    /// <summary>
    /// The field holding the layer's output y[BatchSize, Units]: <c>_conv1Output</c>, or <c>_outputValues</c> for a name
    /// that already ends in Output, so no name doubles and no two layers' fields meet.
    /// </summary>
    public static string OutputField(LayerPlan layer) => "_" + Camel(layer.Name) + (layer.Name.EndsWith("Output", System.StringComparison.Ordinal) ? "Values" : "Output");

    /// <summary>The field holding the layer's pre-activation z[BatchSize, ProducerWidth], kept when backward needs it.</summary>
    public static string PreActivationField(LayerPlan layer) => "_" + Camel(layer.Name) + "PreActivation";

    /// <summary>The field holding MaxPool's input index or Maxout's winning piece per output, [BatchSize, Units].</summary>
    public static string WinnersField(LayerPlan layer) => "_" + Camel(layer.Name) + "Winners";

    /// <summary>The activation's output before dropout: its own field when the layer keeps it, else the output.</summary>
    public static string ActivatedField(LayerPlan layer) => layer.Fusion.Buffers.KeepsActivated ? "_" + Camel(layer.Name) + "Activated" : OutputField(layer);

    /// <summary>The dropout mask of the last training forward pass, [BatchSize, Units].</summary>
    public static string MaskField(LayerPlan layer) => "_" + Camel(layer.Name) + "DropoutMask";

    /// <summary>x̂ of the last training pass, [BatchSize, ProducerWidth] (it first receives the producer's z).</summary>
    public static string NormalizedField(LayerPlan layer) => "_" + Camel(layer.Name) + "Normalized";

    /// <summary>1/√(σ² + ε): per feature for batch norm, per sample (and group) for layer and group norm.</summary>
    public static string InverseStdField(LayerPlan layer) => "_" + Camel(layer.Name) + "InverseStd";

    public static string RunningMeanField(LayerPlan layer) => "_" + Camel(layer.Name) + "RunningMean";

    public static string RunningVarianceField(LayerPlan layer) => "_" + Camel(layer.Name) + "RunningVariance";

    /// <summary>Inference batch norm's s = γ/√(σ² + ε) per feature, computed on every inference pass.</summary>
    public static string InferenceScaleField(LayerPlan layer) => "_" + Camel(layer.Name) + "InferenceScale";

    /// <summary>Inference batch norm's t = (b − μ)·s + β per feature.</summary>
    public static string InferenceShiftField(LayerPlan layer) => "_" + Camel(layer.Name) + "InferenceShift";

    /// <summary>WeightNorm's composed w = g·v/‖v‖, [WeightRows, WeightColumns].</summary>
    public static string EffectiveWeightField(LayerPlan layer) => "_" + Camel(layer.Name) + "EffectiveWeight";

    /// <summary>WeightNorm's ‖v_i‖ per weight row, from the last compose.</summary>
    public static string DirectionNormsField(LayerPlan layer) => "_" + Camel(layer.Name) + "DirectionNorms";

    /// <summary>The static ConvShape of a Conv2D or pooling layer.</summary>
    public static string WindowField(LayerPlan layer) => layer.Name + "Window";

    public static string LayerField(LayerPlan layer) => "_" + Camel(layer.Name) + "Layer";

    /// <summary>
    /// Forward's local for a batch-sized slice of the layer's output: the layer's name (<c>output</c>, <c>conv1</c>), or
    /// with an Output suffix where the bare name is a C# keyword (contextual ones too: a local named nameof would capture
    /// nameof(...)) or one of Forward's parameters.
    /// </summary>
    public static string OutputLocal(LayerPlan layer)
    {
        string camel = Camel(layer.Name);
        bool taken = SyntaxFacts.GetKeywordKind(camel) != SyntaxKind.None || SyntaxFacts.GetContextualKeywordKind(camel) != SyntaxKind.None;
        return taken || camel is "inputs" or "batch" or "training" ? camel + "Output" : camel;
    }

    /// <summary>Backward's local for ∂L/∂y of the layer: <c>dOutput</c>, <c>dConv1</c>.</summary>
    public static string GradientLocal(LayerPlan layer) => Identifiers.Escape("d" + layer.Name); // a layer "o" gives @do

    /// <summary>Backward's local for Maxout's ∂L/∂z, written into the spent z buffer.</summary>
    public static string PreActivationGradientLocal(LayerPlan layer) => "d" + layer.Name + "PreActivation";

    public static string GradientField(int slot) => slot == 0 ? "_gradientA" : "_gradientB";

    private static string Camel(string name) => name.Length == 0 ? name : char.ToLowerInvariant(name[0]) + name.Substring(1);
}
