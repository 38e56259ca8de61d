using NetGen.Generator.Common;
using NetGen.Generator.Parsing;
using NetGen.Generator.Planning;

namespace NetGen.Generator.Emission.Layers;

/// <summary>
/// PReLU, forward and backward: y = z for z ≥ 0, a·z otherwise, with a learned slope a per unit (per channel after
/// Conv2D). It reads the kept z both ways: a learned slope may be negative, so y does not give the sign of z.
/// </summary>
internal static class PReluEmitter
{
    public static void EmitForward(SourceWriter writer, LayerPlan layer, string bias, string z, string output, string plus)
    {
        var call = new Call($"{Names.Runtime}.PRelu.Forward", [Arg.Of("bias", bias), .. SlopesAndShape(layer), Arg.Of("z", z), Arg.Of("y", output)]);
        writer.Call(call, $"{plus}y = PReLU(z) with a learned slope per {(layer.Kind == OpKind.Conv2D ? "channel" : "unit")}");
    }

    public static void EmitBackward(SourceWriter writer, LayerPlan layer, string z, string dy)
    {
        var call = new Call(
            $"{Names.Runtime}.PRelu.Backward",
            [Arg.Of("z", z), .. SlopesAndShape(layer), Arg.Of("dy", dy), Arg.Of("dSlopes", Spans.SlopesGradient(layer))]);
        writer.Call(call, "∂L/∂z and ∂L/∂slopes");
    }

    /// <summary>The slopes, then rows: batch and the positions each slope covers (1 per unit, OutH·OutW per channel).</summary>
    private static Arg[] SlopesAndShape(LayerPlan layer) =>
        [Arg.Of("slopes", Spans.Slopes(layer)), Arg.Of("rows", "batch"), Arg.Named("positions", Literals.Int(layer.Positions))];
}
