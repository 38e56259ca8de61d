using NetGen.Generator.Planning;

namespace NetGen.Generator.Emission.Layers;

/// <summary>Flatten, forward and backward: the same values reshaped, so forward only names its input and backward copies.</summary>
internal sealed class FlattenEmitter : LayerEmitter
{
    public static readonly FlattenEmitter Instance = new();

    public override void EmitForward(SourceWriter writer, NetworkPlan plan, LayerPlan layer, string input)
    {
        writer.Comment($"{layer.Name}: Flatten    [{Shapes.Input(plan, layer)}] → [{Shapes.Output(layer)}], the same values");
        writer.Line($"{Names.ReadOnlySpan} {Names.OutputLocal(layer)} = {input};");
    }

    public override void EmitBackward(SourceWriter writer, NetworkPlan plan, LayerPlan layer, bool deferred)
    {
        string? dx = EmitShapeBackwardHeader(writer, plan, layer);
        if (dx is null)
        {
            return;
        }

        writer.Line($"{Spans.OutputGradient(layer)}.CopyTo({dx});", "the same values, reshaped");
    }
}
