using NetGen.Spec;

namespace NetGen.Graph;

/// <summary>A layer's MaxNorm: its weight tensor of <paramref name="Rows"/> rows (units or filters), each renormed to ‖w‖ ≤ c after every step.</summary>
internal sealed record MaxNormConstraint(ParameterTensor Weight, int Rows, float MaxNorm)
{
    /// <summary>The constraints of the layers that declare MaxNorm (validation allows it on Dense and Conv2D only).</summary>
    public static MaxNormConstraint[] Of(IEnumerable<GraphLayer> layers) => layers
        .Where(l => l.Spec.Ops.Any(o => o.Kind == OpKind.MaxNorm))
        .Select(l => new MaxNormConstraint(((WeightedOp)l.Ops[0]).Weight, ((WeightedOp)l.Ops[0]).Rows, l.Spec.Ops.First(o => o.Kind == OpKind.MaxNorm).Value))
        .ToArray();
}
