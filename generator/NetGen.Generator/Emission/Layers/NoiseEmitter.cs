using NetGen.Generator.Planning;

namespace NetGen.Generator.Emission.Layers;

/// <summary>
/// GaussianNoise, forward only: in training y = a + σ·ε with ε ~ N(0, 1) from the seeded stream, written out of place
/// (the activation's backward still reads its own output a); Predict skips it. Its backward is the identity, so
/// nothing is emitted there: ∂L/∂a = ∂L/∂y stays in the gradient slot.
/// </summary>
internal static class NoiseEmitter
{
    /// <summary>Points <paramref name="output"/> at the noisy buffer in training.</summary>
    public static void EmitForward(SourceWriter writer, LayerPlan layer, string output)
    {
        using (writer.Block("if (training)"))
        {
            writer.Line($"{output} = {Spans.Batch(Names.OutputField(layer), layer.Units)};");
            var call = new Call(
                "_dropoutRandom.AddGaussianNoise",
                Arg.Of("a", Spans.Batch(Names.ActivatedField(layer), layer.Units)),
                Arg.Named("std", SpecText.FloatLiteral(layer.NoiseStd)),
                Arg.Of("y", output));
            writer.Call(call, "y = a + σ·ε, ε ~ N(0, 1) drawn in order from the seeded stream");
        }
    }
}
