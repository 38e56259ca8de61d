using NetGen.Generator.Parsing;
using NetGen.Generator.Planning;

namespace NetGen.Generator.Emission.Layers;

/// <summary>
/// MaxPool and AvgPool, forward and backward, over each channel's planes: max keeps each window's winning input index,
/// so backward sends ∂L/∂y to it; average spreads ∂L/∂y evenly over its window's real inputs. Padding, ceil mode and
/// count_include_pad travel in the window's ConvShape (FieldsEmitter spells them out only when not the defaults), so
/// the calls are the same for every setting.
/// </summary>
internal sealed class PoolingEmitter : LayerEmitter
{
    public static readonly PoolingEmitter Instance = new();

    public override void EmitForward(SourceWriter writer, NetworkPlan plan, LayerPlan layer, string input)
    {
        string output = Names.OutputLocal(layer);
        writer.Comment($"{layer.Name}: {layer.Description}    x[batch, {Shapes.Input(plan, layer)}] → y[batch, {Shapes.Output(layer)}]");
        writer.Line($"{Names.Span} {output} = {Spans.Batch(Names.OutputField(layer), layer.Units)};");
        Arg x = Arg.Of("x", input), shape = Arg.Of("shape", Names.WindowField(layer)), batch = Arg.Of("batch", "batch"), y = Arg.Of("y", output);
        if (layer.Kind == OpKind.MaxPool)
        {
            writer.Call(
                new Call($"{Names.Runtime}.Pooling.MaxForward", x, shape, batch, y, Arg.Of("winners", Names.WinnersField(layer))),
                "window maxima, winners kept for backward");
            return;
        }

        writer.Call(new Call($"{Names.Runtime}.Pooling.AverageForward", x, shape, batch, y), "window means");
    }

    public override void EmitBackward(SourceWriter writer, NetworkPlan plan, LayerPlan layer, bool deferred)
    {
        string? dx = EmitShapeBackwardHeader(writer, plan, layer);
        if (dx is null)
        {
            return;
        }

        Arg dy = Arg.Of("dy", Spans.OutputGradient(layer)), shape = Arg.Of("shape", Names.WindowField(layer)), batch = Arg.Of("batch", "batch");
        if (layer.Kind == OpKind.MaxPool)
        {
            writer.Call(
                new Call($"{Names.Runtime}.Pooling.MaxBackward", dy, Arg.Of("winners", Names.WinnersField(layer)), shape, batch, Arg.Of("dx", dx)),
                "each ∂L/∂y to its window's winner");
            return;
        }

        writer.Call(new Call($"{Names.Runtime}.Pooling.AverageBackward", dy, shape, batch, Arg.Of("dx", dx)), "each ∂L/∂y spread over its window");
    }
}
