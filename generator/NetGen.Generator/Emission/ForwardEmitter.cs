using NetGen.Generator.Emission.Layers;
using NetGen.Generator.Planning;

namespace NetGen.Generator.Emission;

/// <summary>
/// The forward pass: every layer in network order, each written by its layer emitter, the output of one the input of
/// the next. In inference, layers whose plan differs between the passes (BatchNorm) branch on the flag.
/// </summary>
internal static class ForwardEmitter
{
    public static void Emit(SourceWriter writer, NetworkPlan plan)
    {
        string[] parameters = plan.HasDropout
            ? [$"{Names.ReadOnlySpan} inputs", "int batch", "bool training", "bool dropout"]
            : [$"{Names.ReadOnlySpan} inputs", "int batch", "bool training"];
        string mode = plan.HasDropout
            ? "in training mode (batch statistics) or inference mode, with dropout masks drawn when <paramref name=\"dropout\"/> (training, and PredictWithDropout's inference)"
            : "in training mode (batch statistics) or inference mode";
        writer.Summary($"Runs <paramref name=\"batch\"/> samples forward, {mode}; every layer's output stays in its buffer for the backward pass. Returns the last layer's output.");
        using (writer.Method($"private {Names.Span} Forward", parameters))
        {
            string input = "inputs";
            foreach (LayerPlan layer in plan.Layers)
            {
                LayerEmitter.For(layer).EmitForward(writer, plan, layer, input);
                writer.Line();
                input = Names.OutputLocal(layer);
            }

            writer.Line($"return {input};");
        }
    }
}
