using NetGen.Generator.Planning;

namespace NetGen.Generator.Emission.Layers;

/// <summary>
/// A layer's regularizers that are not steps of its forward pass: ActivityL1 adds its penalty's gradient to ∂L/∂y
/// before the layer's backward begins, MaxNorm renorms the weight rows right after each of the layer's updates.
/// </summary>
internal static class RegularizerEmitter
{
    /// <summary>∂L/∂y += (λ/B)·sign(y) for the penalty λ·Σ|y|/B on the output the next layer read (after dropout or noise).</summary>
    public static void EmitActivityL1(SourceWriter writer, LayerPlan layer, string dy)
    {
        if (!layer.HasActivityL1)
        {
            return;
        }

        var call = new Call(
            $"{Names.Runtime}.ActivityL1.Backward",
            Arg.Of("y", Spans.Batch(Names.OutputField(layer), layer.Units)),
            Arg.Of("scale", $"{SpecText.FloatLiteral(layer.ActivityL1)} / batch"),
            Arg.Of("dy", dy));
        writer.Call(call, "∂(λ·Σ|y|/B)/∂y = (λ/B)·sign(y), added to the loss's ∂L/∂y");
    }

    /// <summary>The layer's update, then, with MaxNorm, every weight row renormed to ‖w‖ ≤ c as torch.renorm(w, 2, 0, c).</summary>
    public static void EmitUpdate(SourceWriter writer, LayerPlan layer, Arg scale, string comment)
    {
        writer.Call(OptimizerEmitter.UpdateLayerCall(layer, scale), comment);
        if (!layer.HasMaxNorm)
        {
            return;
        }

        var call = new Call(
            $"{Names.Runtime}.MaxNorm.Renorm",
            Arg.Of("weight", Spans.Weight(layer)),
            Arg.Named("rows", Common.Literals.Int(layer.WeightRows)),
            Arg.Named("maxNorm", SpecText.FloatLiteral(layer.MaxNorm)));
        writer.Call(call, $"MaxNorm: each weight row (a unit's incoming weights) to ‖w‖ ≤ {SpecText.Format(layer.MaxNorm)} as torch.renorm; bias unbound");
    }
}
