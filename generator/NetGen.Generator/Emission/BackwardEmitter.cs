using NetGen.Generator.Emission.Layers;
using NetGen.Generator.Planning;

namespace NetGen.Generator.Emission;

/// <summary>
/// The backward pass: every layer in reverse network order, each written by its layer emitter: activation backward,
/// ∂L/∂W and ∂L/∂b, ∂L/∂x for the layer below (with W before its update), then, when training, the layer's optimizer
/// update right away, or, when clipping by norm, the layer's squared gradient norm while its gradient is in cache.
/// </summary>
internal static class BackwardEmitter
{
    public static void Emit(SourceWriter writer, NetworkPlan plan)
    {
        bool deferred = plan.Optimizer.ClipsByNorm;
        if (deferred)
        {
            writer.Summary("Backpropagates ∂L/∂y of the last layer (already in gradient slot A) into <paramref name=\"gradients\"/> and returns ‖∂L/∂θ‖² for clip-by-norm; updates wait until every gradient is known.");
        }
        else
        {
            writer.Summary("Backpropagates ∂L/∂y of the last layer (already in gradient slot A) into <paramref name=\"gradients\"/>; with <paramref name=\"applyUpdates\"/> each layer is updated as soon as its gradients are complete.");
        }

        string[] parameters = deferred
            ? [$"{Names.ReadOnlySpan} inputs", "int batch", $"{Names.Span} gradients"]
            : [$"{Names.ReadOnlySpan} inputs", "int batch", $"{Names.Span} gradients", "bool applyUpdates"];
        using (writer.Method(deferred ? "private double Backward" : "private void Backward", parameters))
        {
            if (deferred)
            {
                writer.Line("double squaredNorm = 0;");
            }

            for (int i = plan.Layers.Count - 1; i >= 0; i--)
            {
                LayerPlan layer = plan.Layers[i];
                LayerEmitter.For(layer).EmitBackward(writer, plan, layer, deferred);
                if (i > 0)
                {
                    writer.Line();
                }
            }

            if (deferred)
            {
                writer.Line();
                writer.Line("return squaredNorm;");
            }
        }
    }
}
