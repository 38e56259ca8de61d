using NetGen.Generator.Planning;

namespace NetGen.Generator.Emission.Layers;

/// <summary>
/// A stride-1 convolution with K &gt; 1 and padding below K, forward and backward: the GEMM micro-kernel reads its
/// columns straight from a zero-padded copy of the input planes (no im2col), and ∂L/∂x is the transposed convolution.
/// When the plan fuses the activation into it, forward applies it as y is written and backward forms ∂L/∂z from y as
/// it lays ∂L/∂y out, so neither needs a pass of its own.
/// </summary>
internal sealed class DirectConvEmitter : ConvolutionEmitter
{
    public static readonly DirectConvEmitter Instance = new();

    public override string Description => "stride-1 convolution straight from zero-padded input planes (no im2col; ∂x as the transposed convolution)";

    protected override string RuntimeClass => "DirectConv";

    protected override string Note => "the GEMM kernel reading x's padded planes directly";

    public override Call ScratchSize(LayerPlan layer) =>
        new($"{Names.Runtime}.DirectConv.ScratchSize", Arg.Of("shape", Names.WindowField(layer)), Arg.Of("maxBatch", "BatchSize"));

    protected override Arg[] ForwardScratch(ProducerForward step) => Activates(step)
        ? [.. ChunkScratch, Arg.Of("activation", ActivationEmitter.Expression(step.Layer.Activation))]
        : ChunkScratch;

    protected override Arg[] BackwardScratch(ProducerBackward step)
    {
        LayerPlan layer = step.Layer;
        if (layer.Fusion.ActivationBackward != ActivationBackwardSite.Producer)
        {
            return ChunkScratch;
        }

        return
        [
            .. ChunkScratch,
            Arg.Of("activation", ActivationEmitter.Expression(layer.Activation)),
            Arg.Of("activated", Spans.Batch(Names.ActivatedField(layer), layer.Units)),
        ];
    }
}
