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

    public static string WeightOffset(LayerPlan layer) => layer.Name + "WeightOffset";

    public static string BiasOffset(LayerPlan layer) => layer.Name + "BiasOffset";

    /// <summary>The field holding the layer's output y[BatchSize, Units] (after activation).</summary>
    public static string OutputField(LayerPlan layer) => "_" + Camel(layer.Name) + "Output";

    public static string SlopesOffset(LayerPlan layer) => layer.Name + "SlopesOffset";

    /// <summary>The field holding the layer's pre-activation z[BatchSize, ProducerWidth], kept when backward needs it.</summary>
    public static string PreActivationField(LayerPlan layer) => "_" + Camel(layer.Name) + "PreActivation";

    /// <summary>The field holding Maxout's winning piece per output unit, [BatchSize, Units].</summary>
    public static string WinnersField(LayerPlan layer) => "_" + Camel(layer.Name) + "Winners";

    /// <summary>The activation's output before dropout: its own field when the layer drops out, else the output.</summary>
    public static string ActivatedField(LayerPlan layer) => layer.HasDropout ? "_" + Camel(layer.Name) + "Activated" : OutputField(layer);

    /// <summary>The dropout mask of the last training forward pass, [BatchSize, Units].</summary>
    public static string MaskField(LayerPlan layer) => "_" + Camel(layer.Name) + "DropoutMask";

    public static string GammaOffset(LayerPlan layer) => layer.Name + "GammaOffset";

    public static string BetaOffset(LayerPlan layer) => layer.Name + "BetaOffset";

    /// <summary>x̂ of the last training pass, [BatchSize, ProducerWidth] (it first receives the GEMM output z).</summary>
    public static string NormalizedField(LayerPlan layer) => "_" + Camel(layer.Name) + "Normalized";

    /// <summary>1/√(σ² + ε): per feature for batch norm, per sample for layer norm.</summary>
    public static string InverseStdField(LayerPlan layer) => "_" + Camel(layer.Name) + "InverseStd";

    public static string RunningMeanField(LayerPlan layer) => "_" + Camel(layer.Name) + "RunningMean";

    public static string RunningVarianceField(LayerPlan layer) => "_" + Camel(layer.Name) + "RunningVariance";

    /// <summary>The producer's weight with inference batch norm folded in, [ProducerWidth, InputSize].</summary>
    public static string FoldedWeightField(LayerPlan layer) => "_" + Camel(layer.Name) + "FoldedWeight";

    public static string FoldedBiasField(LayerPlan layer) => "_" + Camel(layer.Name) + "FoldedBias";

    public static bool HasBatchNorm(NetworkPlan plan) => System.Linq.Enumerable.Any(plan.Layers, l => l.Norm is { IsBatchNorm: true });

    /// <summary>
    /// Whether Predict runs on weights derived from the parameters (folded BatchNorm, composed WeightNorm), rebuilt when
    /// a <c>ParameterVersion</c> says the parameters may have changed.
    /// </summary>
    public static bool HasInferenceWeights(NetworkPlan plan) => System.Linq.Enumerable.Any(plan.Layers, l => l.Norm is { IsBatchNorm: true } or { IsWeightNorm: true });

    /// <summary>WeightNorm's composed w = g·v/‖v‖, [WeightRows, WeightColumns].</summary>
    public static string EffectiveWeightField(LayerPlan layer) => "_" + Camel(layer.Name) + "EffectiveWeight";

    /// <summary>WeightNorm's ‖v_i‖ per weight row, from the last compose.</summary>
    public static string DirectionNormsField(LayerPlan layer) => "_" + Camel(layer.Name) + "DirectionNorms";

    /// <summary>The weight the producer multiplies by: the parameters' slice, or WeightNorm's composed weight.</summary>
    public static string ProducerWeight(LayerPlan layer) => layer.Norm is { IsWeightNorm: true }
        ? EffectiveWeightField(layer)
        : $"_parameters.AsSpan({WeightOffset(layer)}, {Common.Literals.Int(layer.WeightLength)})";

    /// <summary>WeightNorm's compose call: v and g from the parameters into the composed weight and the norms.</summary>
    public static string ComposeWeightNorm(LayerPlan layer) =>
        $"{Runtime}.WeightNorm.Compose(_parameters.AsSpan({WeightOffset(layer)}, {Common.Literals.Int(layer.WeightLength)}), _parameters.AsSpan({GammaOffset(layer)}, {Common.Literals.Int(layer.NormLength)}), {DirectionNormsField(layer)}, {EffectiveWeightField(layer)}); // w = g·v/‖v‖ per row";

    /// <summary>The static ConvShape of a Conv2D or pooling layer.</summary>
    public static string WindowField(LayerPlan layer) => layer.Name + "Window";

    /// <summary>
    /// The input of <paramref name="layer"/> as a batch-sized span: the network input, or the output of the layer below,
    /// looking through Flatten layers (which only reinterpret the shape). In inference a dropout layer's output is its
    /// activation buffer.
    /// </summary>
    public static string InputOf(NetworkPlan plan, LayerPlan layer, bool inference = false)
    {
        for (int i = layer.Index - 1; i >= 0; i--)
        {
            LayerPlan below = plan.Layers[i];
            if (below.Kind != OpKind.Flatten)
            {
                string field = inference ? ActivatedField(below) : OutputField(below);
                return $"{field}.AsSpan(0, batch * {Common.Literals.Int(below.Units)})";
            }
        }

        return "inputs";
    }

    /// <summary>The weight's shape as a comment, e.g. "[256, 784]" or "[16, 1, 3, 3]"; "no weight" for pooling and flatten.</summary>
    public static string WeightShapeText(LayerPlan layer) => string.Join(", ", WeightShape(layer)) is { Length: > 0 } dims ? $"[{dims}]" : "no weight";

    /// <summary>The weight's dimensions: Dense [out, in], Conv2D [F, C, K, K] (PyTorch's layouts), none otherwise.</summary>
    public static int[] WeightShape(LayerPlan layer) => layer.Kind switch
    {
        OpKind.Dense => [layer.WeightRows, layer.WeightColumns],
        OpKind.Conv2D => [layer.Window!.Filters, layer.Window.Channels, layer.Window.Kernel, layer.Window.Kernel],
        _ => [],
    };

    /// <summary>The convolution forward call of the lowering the shape picked (<see cref="WindowPlan.Lowering"/>).</summary>
    /// <param name="activation">An activation the direct kernel applies as it writes y (<see cref="FusesConvActivation"/>), or null.</param>
    public static string ConvForwardCall(LayerPlan layer, string input, string weight, string bias, string output, string? activation = null) => layer.Window!.Lowering == ConvLowering.Pointwise
        ? $"{Runtime}.PointwiseConv.Forward({input}, {weight}, {bias}, {WindowField(layer)}, batch, {output}, _scratch);"
        : $"{Runtime}.{layer.Window.LoweringClass}.Forward({input}, {weight}, {bias}, {WindowField(layer)}, batch, {output}, _convScratch, _scratch{(activation is null ? "" : ", " + activation)});";

    /// <summary>Whether the convolution's activation goes into its forward call: the direct kernel, an activation backward reads through y.</summary>
    public static bool FusesConvActivation(LayerPlan layer) =>
        layer.Window!.Lowering == ConvLowering.Direct && !layer.Activation.KeepsPreActivation && layer.Activation.Kind != ActivationKind.Identity;

    /// <summary>The convolution backward call matching <see cref="ConvForwardCall"/>.</summary>
    /// <param name="activation">The activation and its stored outputs for the direct kernel to backpropagate through, or null.</param>
    public static string ConvBackwardCall(LayerPlan layer, string input, string weight, string dz, string dWeight, string dBias, string dx, string? activation = null) =>
        $"{Runtime}.{layer.Window!.LoweringClass}.Backward({input}, {weight}, {dz}, {WindowField(layer)}, batch, {dWeight}, {dBias}, {dx}, _convScratch, _scratch{(activation is null ? "" : ", " + activation)});";

    /// <summary>How the forward call computes the convolution, for its comment.</summary>
    public static string ConvLoweringNote(LayerPlan layer) => layer.Window!.Lowering switch
    {
        ConvLowering.Pointwise => "one GEMM per sample on x (1 × 1)",
        ConvLowering.Direct => "the GEMM kernel reading x's padded planes directly",
        _ => "im2col + GEMM",
    };

    /// <summary>The runtime's scratch size for one convolution layer's calls at the network's batch size.</summary>
    public static string ConvScratchSize(LayerPlan layer) => layer.Window!.Lowering == ConvLowering.Pointwise
        ? $"{Runtime}.PointwiseConv.ScratchSize({WindowField(layer)})"
        : $"{Runtime}.{layer.Window.LoweringClass}.ScratchSize({WindowField(layer)}, BatchSize)";

    /// <summary>new ConvShape(...) for a window layer.</summary>
    public static string WindowValue(LayerPlan layer)
    {
        WindowPlan w = layer.Window!;
        string I(int v) => Common.Literals.Int(v);
        return $"new({I(w.Channels)}, {I(w.Height)}, {I(w.Width)}, {I(w.Filters)}, {I(w.Kernel)}, {I(w.Stride)}, {I(w.Padding)})";
    }

    public static string LayerField(LayerPlan layer) => "_" + Camel(layer.Name) + "Layer";

    /// <summary>A local for a batch-sized slice of the layer's output.</summary>
    public static string OutputLocal(LayerPlan layer) => Camel(layer.Name) + "Output";

    public static string GradientLocal(LayerPlan layer) => "d" + layer.Name + "Output";

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
