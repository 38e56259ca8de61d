using NetGen.Generator.Planning;

namespace NetGen.Generator.Emission;

/// <summary>The identifiers generated code uses, derived from layer names in one place so every emitter agrees.</summary>
internal static class Names
{
    public const string Runtime = "global::NetGen.Runtime";
    public const string Span = "global::System.Span<float>";
    public const string ReadOnlySpan = "global::System.ReadOnlySpan<float>";
    public const string LabelSpan = "global::System.ReadOnlySpan<int>";
    public const string Checks = "global::NetGen.ArgumentChecks";

    public static string WeightOffset(DenseLayerPlan layer) => layer.Name + "WeightOffset";

    public static string BiasOffset(DenseLayerPlan layer) => layer.Name + "BiasOffset";

    /// <summary>The field holding the layer's output y[BatchSize, Units] (after activation).</summary>
    public static string OutputField(DenseLayerPlan layer) => "_" + Camel(layer.Name) + "Output";

    public static string SlopesOffset(DenseLayerPlan layer) => layer.Name + "SlopesOffset";

    /// <summary>The field holding the layer's pre-activation z[BatchSize, ProducerWidth], kept when backward needs it.</summary>
    public static string PreActivationField(DenseLayerPlan layer) => "_" + Camel(layer.Name) + "PreActivation";

    /// <summary>The field holding Maxout's winning piece per output unit, [BatchSize, Units].</summary>
    public static string WinnersField(DenseLayerPlan layer) => "_" + Camel(layer.Name) + "Winners";

    /// <summary>The activation's output before dropout: its own field when the layer drops out, else the output.</summary>
    public static string ActivatedField(DenseLayerPlan layer) => layer.HasDropout ? "_" + Camel(layer.Name) + "Activated" : OutputField(layer);

    /// <summary>The dropout mask of the last training forward pass, [BatchSize, Units].</summary>
    public static string MaskField(DenseLayerPlan layer) => "_" + Camel(layer.Name) + "DropoutMask";

    public static string GammaOffset(DenseLayerPlan layer) => layer.Name + "GammaOffset";

    public static string BetaOffset(DenseLayerPlan layer) => layer.Name + "BetaOffset";

    /// <summary>x̂ of the last training pass, [BatchSize, ProducerWidth] (it first receives the GEMM output z).</summary>
    public static string NormalizedField(DenseLayerPlan layer) => "_" + Camel(layer.Name) + "Normalized";

    /// <summary>1/√(σ² + ε): per feature for batch norm, per sample for layer norm.</summary>
    public static string InverseStdField(DenseLayerPlan layer) => "_" + Camel(layer.Name) + "InverseStd";

    public static string RunningMeanField(DenseLayerPlan layer) => "_" + Camel(layer.Name) + "RunningMean";

    public static string RunningVarianceField(DenseLayerPlan layer) => "_" + Camel(layer.Name) + "RunningVariance";

    /// <summary>The producer's weight with inference batch norm folded in, [ProducerWidth, InputSize].</summary>
    public static string FoldedWeightField(DenseLayerPlan layer) => "_" + Camel(layer.Name) + "FoldedWeight";

    public static string FoldedBiasField(DenseLayerPlan layer) => "_" + Camel(layer.Name) + "FoldedBias";

    public static bool HasBatchNorm(NetworkPlan plan) => System.Linq.Enumerable.Any(plan.Layers, l => l.Norm is { IsBatchNorm: true });

    public static string LayerField(DenseLayerPlan layer) => "_" + Camel(layer.Name) + "Layer";

    /// <summary>A local for a batch-sized slice of the layer's output.</summary>
    public static string OutputLocal(DenseLayerPlan layer) => Camel(layer.Name) + "Output";

    public static string GradientLocal(DenseLayerPlan layer) => "d" + layer.Name + "Output";

    public static string GradientField(int slot) => slot == 0 ? "_gradientA" : "_gradientB";

    /// <summary>The runtime activation struct as an expression, e.g. <c>default(global::NetGen.Runtime.Relu)</c>.</summary>
    public static string Activation(ActivationPlan activation) => activation.Kind switch
    {
        ActivationKind.Relu => $"default({Runtime}.Relu)",
        ActivationKind.LeakyRelu => $"new {Runtime}.LeakyRelu({Common.Literals.FloatLiteral(activation.Argument)})",
        ActivationKind.Elu => $"new {Runtime}.Elu({Common.Literals.FloatLiteral(activation.Argument)})",
        ActivationKind.Gelu => $"default({Runtime}.Gelu)",
        ActivationKind.Silu => $"default({Runtime}.Silu)",
        ActivationKind.Tanh => $"default({Runtime}.Tanh)",
        ActivationKind.Sigmoid => $"default({Runtime}.Sigmoid)",
        _ => $"default({Runtime}.Identity)",
    };

    private static string Camel(string name) => name.Length == 0 ? name : char.ToLowerInvariant(name[0]) + name.Substring(1);
}
