using NetGen.Generator.Planning;

namespace NetGen.Generator.Emission.Layers;

/// <summary>
/// BatchNorm, forward and backward: in training two passes over z (bias + batch sums, then normalize + affine +
/// activation) that also move the running statistics by their momentum; for Predict the statistics are folded into
/// the producer's weight and bias (<see cref="EmitFold"/>), so inference costs what a layer without the norm costs.
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

    /// <summary>W' = s·W, b' = (b − μ)·s + β with s = γ/√(σ² + ε), from the running statistics, for Predict.</summary>
    public static void EmitFold(SourceWriter writer, LayerPlan layer)
    {
        var call = new Call(
            $"{Names.Runtime}.BatchNorm.Fold",
            [
                Arg.Of("weight", Spans.Weight(layer)),
                Arg.Of("bias", Spans.Bias(layer)),
                Arg.Of("gamma", Spans.Gamma(layer)),
                Arg.Of("beta", Spans.Beta(layer)),
                .. Instance.Kept(layer),
                Epsilon(layer),
                Arg.Of("foldedWeight", Names.FoldedWeightField(layer)),
                Arg.Of("foldedBias", Names.FoldedBiasField(layer)),
            ]);
        writer.Call(call, layer.Name);
    }
}
