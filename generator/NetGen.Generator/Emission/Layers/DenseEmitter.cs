using NetGen.Generator.Common;
using NetGen.Generator.Planning;

namespace NetGen.Generator.Emission.Layers;

/// <summary>
/// Dense, forward and backward: z[batch, width] = x[batch, in] · Wᵀ as one GEMM; backward ∂L/∂W = (∂L/∂z)ᵀ·x,
/// ∂L/∂b = Σ_batch ∂L/∂z and ∂L/∂x = ∂L/∂z·W, the last with W before its update.
/// </summary>
internal sealed class DenseEmitter : ProducerEmitter
{
    public static readonly DenseEmitter Instance = new();

    public override string Description => "GEMM";

    public override void EmitForward(SourceWriter writer, ProducerForward step)
    {
        LayerPlan layer = step.Layer;
        string what = step.Pass.Bias == BiasSite.InferenceNorm ? "x·Wᵀ, BatchNorm's s·z + t next" : "x·Wᵀ";
        string then = step.Target switch
        {
            ProducerTarget.Normalized => ", normalized in place next",
            ProducerTarget.PreActivation => ", kept",
            _ => "",
        };
        var call = new Call(
            $"{Names.Runtime}.Gemm.MultiplyTransposedB",
            Arg.Of("x", step.Input),
            Arg.Of("w", step.Weight),
            Arg.Of("rows", "batch"),
            Arg.Of("cols", Literals.Int(layer.ProducerWidth)),
            Arg.Of("depth", Literals.Int(layer.InputSize)),
            Arg.Of("y", step.Output),
            Arg.Of("scratch", "_scratch"));
        writer.Call(call, $"z = {what}{then}");
    }

    public override void EmitBackward(SourceWriter writer, ProducerBackward step)
    {
        LayerPlan layer = step.Layer;
        string width = Literals.Int(layer.ProducerWidth), inSize = Literals.Int(layer.InputSize);
        var weightGradient = new Call(
            $"{Names.Runtime}.Gemm.MultiplyTransposedA",
            Arg.Of("dy", step.OutputGradient),
            Arg.Of("x", step.Input),
            Arg.Of("rows", width),
            Arg.Of("cols", inSize),
            Arg.Of("depth", "batch"),
            Arg.Of("dw", Spans.WeightGradient(layer)),
            Arg.Of("scratch", "_scratch"));
        writer.Call(weightGradient, "∂L/∂W = (∂L/∂z)ᵀ·x");
        if (layer.UseBias)
        {
            writer.Call(
                new Call($"{Names.Runtime}.Epilogue.SumRows", Arg.Of("dy", step.OutputGradient), Arg.Of("rows", "batch"), Arg.Of("db", Spans.BiasGradient(layer))),
                "∂L/∂b = Σ_batch ∂L/∂z");
        }

        if (step.InputGradient is null)
        {
            return;
        }

        var inputGradient = new Call(
            $"{Names.Runtime}.Gemm.Multiply",
            Arg.Of("dy", step.OutputGradient),
            Arg.Of("w", step.Weight),
            Arg.Of("rows", "batch"),
            Arg.Of("cols", inSize),
            Arg.Of("depth", width),
            Arg.Of("dx", step.InputGradient),
            Arg.Of("scratch", "_scratch"));
        writer.Call(inputGradient, "∂L/∂x = ∂L/∂z·W, before W is updated");
    }
}
