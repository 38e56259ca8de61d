using NetGen.Generator.Common;
using NetGen.Generator.Planning;

namespace NetGen.Generator.Emission;

/// <summary>The span expressions the passes hand to kernels: batch-sized slices of buffers, parameter and gradient slices.</summary>
internal static class Spans
{
    /// <summary><c>field.AsSpan(0, batch * perSample)</c>: the first <c>batch</c> samples of a BatchSize-sized buffer.</summary>
    public static string Batch(string field, int perSample) => $"{field}.AsSpan(0, batch * {Literals.Int(perSample)})";

    public static string Weight(LayerPlan layer) => $"_parameters.AsSpan({Names.WeightOffset(layer)}, {Names.WeightLength(layer)})";

    /// <summary>The bias, or <c>default</c> (an empty span) for a layer without one.</summary>
    public static string Bias(LayerPlan layer) => layer.UseBias ? $"_parameters.AsSpan({Names.BiasOffset(layer)}, {Names.BiasLength(layer)})" : "default";

    public static string Gamma(LayerPlan layer) => $"_parameters.AsSpan({Names.GammaOffset(layer)}, {Names.GammaLength(layer)})";

    public static string Beta(LayerPlan layer) => $"_parameters.AsSpan({Names.BetaOffset(layer)}, {Names.BetaLength(layer)})";

    public static string Slopes(LayerPlan layer) => $"_parameters.AsSpan({Names.SlopesOffset(layer)}, {Names.SlopesLength(layer)})";

    public static string WeightGradient(LayerPlan layer) => $"gradients.Slice({Names.WeightOffset(layer)}, {Names.WeightLength(layer)})";

    public static string BiasGradient(LayerPlan layer) => layer.UseBias ? $"gradients.Slice({Names.BiasOffset(layer)}, {Names.BiasLength(layer)})" : "default";

    public static string GammaGradient(LayerPlan layer) => $"gradients.Slice({Names.GammaOffset(layer)}, {Names.GammaLength(layer)})";

    public static string BetaGradient(LayerPlan layer) => $"gradients.Slice({Names.BetaOffset(layer)}, {Names.BetaLength(layer)})";

    public static string SlopesGradient(LayerPlan layer) => $"gradients.Slice({Names.SlopesOffset(layer)}, {Names.SlopesLength(layer)})";

    /// <summary>The weight a training pass's producer multiplies by: the parameters' slice, or WeightNorm's composed weight.</summary>
    public static string TrainingWeight(LayerPlan layer) => WeightOf(layer, layer.Fusion.Training.Weight);

    public static string WeightOf(LayerPlan layer, WeightSource source) => source switch
    {
        WeightSource.Composed => Names.EffectiveWeightField(layer),
        _ => Weight(layer),
    };

    /// <summary>
    /// The input of <paramref name="layer"/> as a batch-sized span: the network input, or the output buffer of the layer
    /// the plan says it reads. In inference a dropout layer's output is its activation buffer.
    /// </summary>
    public static string Input(NetworkPlan plan, LayerPlan layer, bool inference = false)
    {
        if (layer.Fusion.InputLayer < 0)
        {
            return "inputs";
        }

        LayerPlan below = plan.Layers[layer.Fusion.InputLayer];
        return Batch(inference ? Names.ActivatedField(below) : Names.OutputField(below), below.Units);
    }

    /// <summary>∂L/∂y of <paramref name="layer"/>, in its gradient slot.</summary>
    public static string OutputGradient(LayerPlan layer) => Batch(Names.GradientField(layer.OutputGradientSlot), layer.Units);

    /// <summary>∂L/∂x of <paramref name="layer"/>: ∂L/∂y of the layer below, or null for the first layer (no one needs it).</summary>
    public static string? InputGradient(NetworkPlan plan, LayerPlan layer) =>
        layer.Index == 0 ? null : Batch(Names.GradientField(plan.Layers[layer.Index - 1].OutputGradientSlot), layer.InputSize);
}
