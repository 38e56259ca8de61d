using NetGen.Generator.Common;
using NetGen.Generator.Planning;

namespace NetGen.Generator.Emission.Layers;

/// <summary>
/// A norm of the producer's outputs (batch, layer or group norm), forward and backward. The producer has written z
/// into the x̂ buffer; the forward kernel adds the bias, takes the statistics, normalizes in place and writes γx̂ + β
/// through the fused activation; backward turns ∂L/∂n into ∂L/∂z and yields ∂L/∂γ, ∂L/∂β. Every norm kernel takes
/// its arguments in that order; each norm's file says what it adds (its settings, its shape, what it keeps).
/// </summary>
internal abstract class NormEmitter
{
    /// <summary>The norm the plan runs on the layer's outputs, or null (none, or WeightNorm on its weight).</summary>
    public static NormEmitter? For(LayerPlan layer) => layer.Fusion.Norm switch
    {
        NormPath.BatchNorm => BatchNormEmitter.Instance,
        NormPath.LayerNorm => LayerNormEmitter.Instance,
        NormPath.GroupNorm => GroupNormEmitter.Instance,
        _ => null,
    };

    /// <summary>The runtime class, e.g. "BatchNorm".</summary>
    protected abstract string Kernel { get; }

    /// <summary>The forward method: BatchNorm's training one, the others' only one.</summary>
    protected virtual string ForwardMethod => "Forward";

    /// <summary>What statistics the forward pass takes, for its comment.</summary>
    protected abstract string Statistics { get; }

    /// <summary>The forward call's hyperparameters, after γ and β (ε, and momentum or groups).</summary>
    protected abstract Arg[] Settings(LayerPlan layer);

    /// <summary>The extent of one call, after the activation (forward) or the statistics (backward): rows, and positions per feature.</summary>
    protected abstract Arg[] Shape(LayerPlan layer);

    /// <summary>What the forward call updates beside x̂ and the statistics (BatchNorm's running mean and variance).</summary>
    protected virtual Arg[] Kept(LayerPlan layer) => [];

    /// <param name="bias">The bias the norm adds before its sums, or <c>default</c>.</param>
    /// <param name="activation">The activation struct fused into the normalize pass (Identity when it runs after).</param>
    /// <param name="target">y, or the kept n when the activation runs after from it.</param>
    /// <param name="writes">What the normalize pass writes, for the comment.</param>
    public void EmitForward(SourceWriter writer, LayerPlan layer, string bias, string activation, string target, string writes)
    {
        Arg[] arguments =
        [
            Arg.Of("bias", bias),
            Arg.Of("gamma", Spans.Gamma(layer)),
            Arg.Of("beta", Spans.Beta(layer)),
            .. Settings(layer),
            Arg.Of("activation", activation),
            .. Shape(layer),
            Arg.Of("z", Normalized(layer)),
            Arg.Of("inverseStd", InverseStd(layer)),
            .. Kept(layer),
            Arg.Of("y", target),
        ];
        writer.Call(new Call($"{Names.Runtime}.{Kernel}.{ForwardMethod}", arguments), $"{Statistics}; {writes}");
    }

    /// <summary>∂L/∂n in <paramref name="dz"/> becomes ∂L/∂z in place; ∂L/∂γ and ∂L/∂β go to the gradients.</summary>
    public void EmitBackward(SourceWriter writer, LayerPlan layer, string dz)
    {
        Arg[] arguments =
        [
            Arg.Of("normalized", Normalized(layer)),
            Arg.Of("gamma", Spans.Gamma(layer)),
            Arg.Of("inverseStd", InverseStd(layer)),
            .. BackwardShape(layer),
            Arg.Of("dn", dz),
            Arg.Of("dGamma", Spans.GammaGradient(layer)),
            Arg.Of("dBeta", Spans.BetaGradient(layer)),
        ];
        writer.Call(new Call($"{Names.Runtime}.{Kernel}.Backward", arguments), "∂L/∂n → ∂L/∂z, ∂L/∂γ, ∂L/∂β");
    }

    /// <summary>The backward call's extent: as forward's, with GroupNorm's groups in front.</summary>
    protected virtual Arg[] BackwardShape(LayerPlan layer) => Shape(layer);

    protected static Arg Epsilon(LayerPlan layer) => Arg.Named("epsilon", SpecText.FloatLiteral(layer.Norm!.Epsilon));

    /// <summary>rows: batch, then the values per feature and sample (1 after Dense, OutH·OutW after Conv2D).</summary>
    protected static Arg[] RowsAndPositions(LayerPlan layer) => [Arg.Of("rows", "batch"), Arg.Named("positions", Literals.Int(layer.Positions))];

    /// <summary>x̂[batch, ProducerWidth]: z before the forward kernel runs, x̂ after.</summary>
    private static string Normalized(LayerPlan layer) => Spans.Batch(Names.NormalizedField(layer), layer.ProducerWidth);

    /// <summary>The inverse standard deviations the plan keeps: the whole per-feature buffer, or this batch's samples.</summary>
    private static string InverseStd(LayerPlan layer)
    {
        NormStatistics statistics = layer.Fusion.Buffers.Statistics!;
        string field = Names.InverseStdField(layer);
        return !statistics.PerSample ? field
            : statistics.Count == 1 ? $"{field}.AsSpan(0, batch)"
            : Spans.Batch(field, statistics.Count);
    }
}
