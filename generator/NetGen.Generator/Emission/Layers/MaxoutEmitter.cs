using NetGen.Generator.Common;
using NetGen.Generator.Parsing;
using NetGen.Generator.Planning;

namespace NetGen.Generator.Emission.Layers;

/// <summary>
/// Maxout(k), forward and backward: unit j is the max of producer outputs jk … jk+k-1 (after Conv2D, of k channel
/// planes). The winners are kept, so backward routes each ∂L/∂y to its winning piece; z is wider than y, so its spent
/// buffer receives ∂L/∂z.
/// </summary>
internal static class MaxoutEmitter
{
    public static void EmitForward(SourceWriter writer, LayerPlan layer, string bias, string z, string output, string plus)
    {
        string pieces = Literals.Int(layer.Activation.Pieces);
        var call = new Call(
            $"{Names.Runtime}.Maxout.Forward",
            Arg.Of("bias", bias),
            Arg.Named("pieces", pieces),
            Arg.Of("rows", "batch"),
            Arg.Named("positions", Literals.Int(layer.Positions)),
            Arg.Of("z", z),
            Arg.Of("y", output),
            Arg.Of("winners", Names.WinnersField(layer)));
        writer.Call(call, $"{plus}y = max of each {pieces} {(layer.Kind == OpKind.Conv2D ? "channel planes" : "pieces")}");
    }

    /// <summary>Returns the local that holds ∂L/∂z.</summary>
    public static string EmitBackward(SourceWriter writer, LayerPlan layer, string z, string dy)
    {
        string dz = Names.PreActivationGradientLocal(layer);
        writer.Line($"{Names.Span} {dz} = {z};", "z is spent: its buffer now receives ∂L/∂z");
        var call = new Call(
            $"{Names.Runtime}.Maxout.Backward",
            Arg.Of("dy", dy),
            Arg.Of("winners", Names.WinnersField(layer)),
            Arg.Named("pieces", Literals.Int(layer.Activation.Pieces)),
            Arg.Named("positions", Literals.Int(layer.Positions)),
            Arg.Of("dz", dz));
        writer.Call(call, "∂L/∂z = ∂L/∂y at each winning piece, 0 elsewhere");
        return dz;
    }
}
