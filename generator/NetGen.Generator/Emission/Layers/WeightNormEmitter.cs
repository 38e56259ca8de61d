using NetGen.Generator.Planning;

namespace NetGen.Generator.Emission.Layers;

/// <summary>
/// WeightNorm, forward and backward: no statistics, the weight is reparameterized as w = g·v/‖v‖ per row. Forward
/// composes w on every pass, training and Predict alike (nothing composed is kept between calls, so a write to v or g
/// is always seen) and the producer runs on it; backward
/// turns the producer's ∂L/∂w into ∂L/∂v (in place) and ∂L/∂g.
/// </summary>
internal static class WeightNormEmitter
{
    /// <param name="why">When this compose runs, for the comment.</param>
    public static void EmitCompose(SourceWriter writer, LayerPlan layer, string why)
    {
        var call = new Call(
            $"{Names.Runtime}.WeightNorm.Compose",
            Arg.Of("v", Spans.Weight(layer)),
            Arg.Of("g", Spans.Gamma(layer)),
            Arg.Of("norms", Names.DirectionNormsField(layer)),
            Arg.Of("w", Names.EffectiveWeightField(layer)));
        writer.Call(call, $"w = g·v/‖v‖ per row, {why}");
    }

    public static void EmitBackward(SourceWriter writer, LayerPlan layer)
    {
        var call = new Call(
            $"{Names.Runtime}.WeightNorm.Backward",
            Arg.Of("v", Spans.Weight(layer)),
            Arg.Of("g", Spans.Gamma(layer)),
            Arg.Of("norms", Names.DirectionNormsField(layer)),
            Arg.Of("dw", Spans.WeightGradient(layer)),
            Arg.Of("dg", Spans.GammaGradient(layer)));
        writer.Call(call, "∂L/∂w → ∂L/∂v in place, ∂L/∂g");
    }
}
