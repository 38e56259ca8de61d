using NetGen.Generator.Planning;

namespace NetGen.Generator.Emission.Layers;

/// <summary>
/// Every other convolution (strided, padded 1 × 1, or padding ≥ K), forward and backward: im2col columns for a chunk
/// of samples, one GEMM per chunk; backward scatters the column gradients back with col2im.
/// </summary>
internal sealed class Im2ColConvEmitter : ConvolutionEmitter
{
    public static readonly Im2ColConvEmitter Instance = new();

    public override string Description => "convolution as im2col + GEMM (a chunk of samples per GEMM)";

    protected override string RuntimeClass => "Conv2D";

    protected override string Note => "im2col + GEMM";

    public override Call ScratchSize(LayerPlan layer) =>
        new($"{Names.Runtime}.Conv2D.ScratchSize", Arg.Of("shape", Names.WindowField(layer)), Arg.Of("maxBatch", "BatchSize"));

    protected override Arg[] ForwardScratch(ProducerForward step) => ChunkScratch;

    protected override Arg[] BackwardScratch(ProducerBackward step) => ChunkScratch;

    protected override string BackwardNote => " (col2im)";
}
