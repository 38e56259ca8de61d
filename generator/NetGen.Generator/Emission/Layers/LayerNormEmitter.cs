using NetGen.Generator.Planning;

namespace NetGen.Generator.Emission.Layers;

/// <summary>
/// LayerNorm, forward and backward: each sample normalized over all its producer outputs ([C, H, W] after Conv2D, as
/// torch.nn.LayerNorm), with γ and β per value, so its kernels need no positions; the same in training and Predict.
/// </summary>
internal sealed class LayerNormEmitter : NormEmitter
{
    public static readonly LayerNormEmitter Instance = new();

    protected override string Kernel => "LayerNorm";

    protected override string Statistics => "per-sample statistics";

    protected override Arg[] Settings(LayerPlan layer) => [Epsilon(layer)];

    protected override Arg[] Shape(LayerPlan layer) => [Arg.Of("rows", "batch")];
}
