using NetGen.Generator.Planning;

namespace NetGen.Generator.Emission.Layers;

/// <summary>
/// BatchNorm, forward and backward: in training two passes over z (bias + batch sums, then normalize + affine +
/// activation) that also move the running statistics by their momentum; for Predict one affine map per feature,
/// s and t computed from the current parameters and running statistics on every pass (<see cref="EmitInferenceScaleShift"/>,
/// O(features)) and applied in the producer's epilogue (<see cref="EmitApplyInference"/>), so inference costs what a layer
/// without the norm costs and nothing derived from the parameters is kept between calls.
/// </summary>
internal sealed class BatchNormEmitter : NormEmitter
{
    public static readonly BatchNormEmitter Instance = new();

    protected override string Kernel => "BatchNorm";

    protected override string ForwardMethod => "ForwardTraining";

    protected override string Statistics => "batch statistics";

    protected override Arg[] Settings(LayerPlan layer) => [Arg.Named("momentum", SpecText.FloatLiteral(layer.Norm!.Momentum)), Epsilon(layer)];

    protected override Arg[] Shape(LayerPlan layer) => RowsAndPositions(layer);

    protected override Arg[] Kept(LayerPlan layer) =>
        [Arg.Of("runningMean", Names.RunningMeanField(layer)), Arg.Of("runningVariance", Names.RunningVarianceField(layer))];

    /// <summary>s = γ/√(σ² + ε) and t = (b − μ)·s + β per feature, from this pass's parameters and running statistics.</summary>
    public static void EmitInferenceScaleShift(SourceWriter writer, LayerPlan layer)
    {
        var call = new Call(
            $"{Names.Runtime}.BatchNorm.InferenceScaleShift",
            [
                Arg.Of("bias", Spans.Bias(layer)),
                Arg.Of("gamma", Spans.Gamma(layer)),
                Arg.Of("beta", Spans.Beta(layer)),
                .. Instance.Kept(layer),
                Epsilon(layer),
                Arg.Of("scale", Names.InferenceScaleField(layer)),
                Arg.Of("shift", Names.InferenceShiftField(layer)),
            ]);
        writer.Call(call, "s = γ/√(σ² + ε), t = (b − μ)·s + β from the current parameters and running statistics");
    }

    /// <summary>y = f(s·z + t) in place over the producer's output (f the identity when the activation runs after, from z).</summary>
    public static void EmitApplyInference(SourceWriter writer, LayerPlan layer, string activation, string target, string writes)
    {
        var call = new Call(
            $"{Names.Runtime}.BatchNorm.ApplyInference",
            [
                Arg.Of("scale", Names.InferenceScaleField(layer)),
                Arg.Of("shift", Names.InferenceShiftField(layer)),
                Arg.Of("activation", activation),
                .. RowsAndPositions(layer),
                Arg.Of("y", target),
            ]);
        writer.Call(call, writes);
    }
}
