using NetGen.Generator.Parsing;
using NetGen.Generator.Planning;

namespace NetGen.Generator.Emission.Layers;

/// <summary>One layer's code in each pass; the forward and backward walkers call these in network order.</summary>
internal abstract class LayerEmitter
{
    public static LayerEmitter For(LayerPlan layer) => layer.Kind switch
    {
        OpKind.Flatten => FlattenEmitter.Instance,
        OpKind.MaxPool or OpKind.AvgPool => PoolingEmitter.Instance,
        _ => ProducingLayerEmitter.Instance,
    };

    /// <summary>Writes the layer's forward pass from <paramref name="input"/> into its output local.</summary>
    public abstract void EmitForward(SourceWriter writer, NetworkPlan plan, LayerPlan layer, string input);

    /// <summary>Writes the layer's backward pass from ∂L/∂y in its gradient slot.</summary>
    /// <param name="deferred">Clip-by-norm: accumulate the squared gradient norm instead of updating now.</param>
    public abstract void EmitBackward(SourceWriter writer, NetworkPlan plan, LayerPlan layer, bool deferred);

    /// <summary>The backward comment of a layer without weights; returns ∂L/∂x, or null for the first layer (nothing to do).</summary>
    protected static string? EmitShapeBackwardHeader(SourceWriter writer, NetworkPlan plan, LayerPlan layer)
    {
        writer.Comment($"{layer.Name}: {layer.Description}    ∂L/∂y[batch, {Shapes.Output(layer)}] → ∂L/∂x[batch, {Shapes.Input(plan, layer)}]");
        string? dx = Spans.InputGradient(plan, layer);
        if (dx is null)
        {
            writer.Line("// the first layer: no input gradient is needed");
        }

        return dx;
    }
}
