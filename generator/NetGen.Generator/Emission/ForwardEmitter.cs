using NetGen.Generator.Common;
using NetGen.Generator.Planning;

namespace NetGen.Generator.Emission;

/// <summary>The forward pass: per layer, one GEMM and one fused bias + activation pass, in network order.</summary>
internal static class ForwardEmitter
{
    public static void Emit(SourceWriter writer, NetworkPlan plan)
    {
        writer.Summary("Runs <paramref name=\"batch\"/> samples forward; every layer's output stays in its buffer for the backward pass. Returns the last layer's output.");
        using (writer.Block($"private {Names.Span} Forward({Names.ReadOnlySpan} inputs, int batch)"))
        {
            string input = "inputs";
            foreach (DenseLayerPlan layer in plan.Layers)
            {
                string units = Literals.Int(layer.Units), inSize = Literals.Int(layer.InputSize);
                string output = Names.OutputLocal(layer);
                writer.Line($"// {layer.Name}: {layer.Description}    x[batch, {inSize}] → y[batch, {units}]");
                writer.Line($"{Names.Span} {output} = {Names.OutputField(layer)}.AsSpan(0, batch * {units});");
                writer.Line($"{Names.Runtime}.Gemm.MultiplyTransposedB({input}, _parameters.AsSpan({Names.WeightOffset(layer)}, {Literals.Int(layer.WeightLength)}), batch, {units}, {inSize}, {output}, _scratch); // z = x·Wᵀ");
                string activation = Names.Activation(layer.Activation);
                string name = Planner.ActivationName(layer.Activation.Kind);
                if (layer.UseBias)
                {
                    writer.Line($"{Names.Runtime}.Epilogue.BiasActivation(_parameters.AsSpan({Names.BiasOffset(layer)}, {units}), {activation}, batch, {output}); // y = {name}(z + b)");
                }
                else if (layer.Activation.Kind != ActivationKind.Identity)
                {
                    writer.Line($"{Names.Runtime}.Epilogue.Activation({activation}, {output}); // y = {name}(z)");
                }

                writer.Line();
                input = output;
            }

            writer.Line($"return {input};");
        }
    }
}
