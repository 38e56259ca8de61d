using NetGen.Generator.Planning;

namespace NetGen.Generator.Emission.Layers;

/// <summary>
/// A 1 × 1, stride-1, unpadded convolution, forward and backward: one GEMM per sample on the input as it lies, since
/// im2col would only copy x. Forward needs only the GEMM's packing scratch; backward also a transposed chunk.
/// </summary>
internal sealed class PointwiseConvEmitter : ConvolutionEmitter
{
    public static readonly PointwiseConvEmitter Instance = new();

    public override string Description => "1 × 1 convolution as one GEMM per sample on the input as it lies (no im2col)";

    protected override string RuntimeClass => "PointwiseConv";

    protected override string Note => "one GEMM per sample on x (1 × 1)";

    public override Call ScratchSize(LayerPlan layer) => new($"{Names.Runtime}.PointwiseConv.ScratchSize", Arg.Of("shape", Names.WindowField(layer)));

    protected override Arg[] ForwardScratch(ProducerForward step) => [Arg.Of("gemm", "_scratch")];

    protected override Arg[] BackwardScratch(ProducerBackward step) => ChunkScratch;
}
