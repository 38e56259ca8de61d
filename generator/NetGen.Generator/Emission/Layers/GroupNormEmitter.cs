using NetGen.Generator.Common;
using NetGen.Generator.Planning;

namespace NetGen.Generator.Emission.Layers;

/// <summary>
/// GroupNorm and InstanceNorm (one channel per group), forward and backward: each sample's channels normalized per
/// group over their planes, with γ and β per channel; the same in training and Predict.
/// </summary>
internal sealed class GroupNormEmitter : NormEmitter
{
    public static readonly GroupNormEmitter Instance = new();

    protected override string Kernel => "GroupNorm";

    protected override string Statistics => "per-sample group statistics";

    protected override Arg[] Settings(LayerPlan layer) => [Groups(layer), Epsilon(layer)];

    protected override Arg[] Shape(LayerPlan layer) => RowsAndPositions(layer);

    protected override Arg[] BackwardShape(LayerPlan layer) => [Groups(layer), .. RowsAndPositions(layer)];

    private static Arg Groups(LayerPlan layer) => Arg.Named("groups", Literals.Int(layer.Norm!.Groups));
}
