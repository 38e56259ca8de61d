using System.Linq;
using NetGen.Generator.Common;
using NetGen.Generator.Planning;

namespace NetGen.Generator.Emission;

/// <summary>
/// <c>InitializeLsuv(inputs)</c>, emitted when any layer uses Init.Lsuv: each such layer in order is rescaled on the
/// batch until its output variance is 1 ± 0.1, after a forward pass that gives it its current input.
/// </summary>
internal static class LsuvEmitter
{
    public static bool Applies(NetworkPlan plan) => plan.Layers.Any(l => l.WeightInit.Scheme == InitKind.Lsuv);

    public static void Emit(SourceWriter writer, NetworkPlan plan)
    {
        writer.Line("/// <summary>");
        writer.Line("/// LSUV initialization (Mishkin &amp; Matas) on a data batch inputs[batch, InputSize], batch in 1..BatchSize: every layer");
        writer.Line("/// declared with Init.Lsuv, in order, has its orthogonal weight rescaled until the variance of its output before the");
        writer.Line("/// activation is 1 ± 0.1. Returns those variances, one per Lsuv layer. Call it once, before training.");
        writer.Line("/// </summary>");
        using (writer.Method("public float[] InitializeLsuv", $"{Names.ReadOnlySpan} inputs"))
        {
            SurfaceEmitter.Guarded(writer, plan, "InitializeLsuv", () => EmitBody(writer, plan));
        }

        writer.Line();
    }

    private static void EmitBody(SourceWriter writer, NetworkPlan plan)
    {
        {
            writer.Line($"int batch = {Names.Checks}.BatchOfInputs(inputs, InputSize, BatchSize);");
            writer.Line($"{Names.Checks}.Finite(inputs, InputSize, nameof(inputs));");
            var lsuvLayers = plan.Layers.Where(l => l.WeightInit.Scheme == InitKind.Lsuv).ToList();
            writer.Line($"var variances = new float[{Literals.Int(lsuvLayers.Count)}];");
            for (int k = 0; k < lsuvLayers.Count; k++)
            {
                LayerPlan layer = lsuvLayers[k];
                LayerPlan? below = layer.Index > 0 ? plan.Layers[layer.Index - 1] : null;
                string input = Spans.Input(plan, layer, inference: true);
                writer.Line($"// {layer.Name}: {layer.Description}");
                if (below is not null)
                {
                    writer.Line($"Forward(inputs, batch, {SurfaceEmitter.ForwardMode(plan, training: false, dropout: false)}); // the layers below, as already rescaled, give this layer its input");
                }

                string scratch = layer.Fusion.Buffers.KeepsPreActivation ? Names.PreActivationField(layer) : Names.OutputField(layer);
                var rescale = new Call(
                    "global::NetGen.Initialization.Lsuv.Rescale",
                    Arg.Of("inputs", input),
                    Arg.Of("batch", "batch"),
                    Arg.Of("inputSize", Literals.Int(layer.InputSize)),
                    Arg.Of("units", Literals.Int(layer.ProducerWidth)),
                    Arg.Of("weight", Spans.Weight(layer)),
                    Arg.Of("bias", Spans.Bias(layer)),
                    Arg.Of("output", scratch),
                    Arg.Of("scratch", "_scratch"));
                writer.Call(rescale, prefix: $"variances[{Literals.Int(k)}] = ");
            }

            writer.Line("return variances;");
        }
    }
}
