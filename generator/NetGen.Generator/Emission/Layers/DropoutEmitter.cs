using NetGen.Generator.Planning;

namespace NetGen.Generator.Emission.Layers;

/// <summary>
/// Inverted dropout, forward and backward: in training a fresh mask of 0 and 1/(1 - p) scales the activation into
/// the output buffer (out of place, so the activation's backward still reads its own output); Predict skips it.
/// </summary>
internal static class DropoutEmitter
{
    /// <summary>Points <paramref name="output"/> at the dropped-out buffer, in training and PredictWithDropout, at the layer's run-time rate.</summary>
    public static void EmitForward(SourceWriter writer, LayerPlan layer, string output)
    {
        string mask = Spans.Batch(Names.MaskField(layer), layer.Units);
        using (writer.Block("if (dropout)"))
        {
            writer.Line($"_dropoutRandom.FillDropoutMask({mask}, probability: {Names.LayerField(layer)}.DropoutRate);");
            writer.Line($"{output} = {Spans.Batch(Names.OutputField(layer), layer.Units)};");
            var call = new Call(
                $"{Names.Runtime}.Dropout.Forward",
                Arg.Of("a", Spans.Batch(Names.ActivatedField(layer), layer.Units)),
                Arg.Of("mask", mask),
                Arg.Of("y", output));
            writer.Call(call, "y = a ⊙ mask (inverted dropout)");
        }
    }

    public static void EmitBackward(SourceWriter writer, LayerPlan layer, string dy) =>
        writer.Call(
            new Call($"{Names.Runtime}.Dropout.Backward", Arg.Of("mask", Spans.Batch(Names.MaskField(layer), layer.Units)), Arg.Of("dy", dy)),
            "∂L/∂a = ∂L/∂y ⊙ mask");
}
