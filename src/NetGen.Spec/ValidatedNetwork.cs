using System.Linq;

namespace NetGen.Spec;

/// <summary>A layer's sample shape in and out (after its Maxout, if any).</summary>
internal sealed record LayerShape(TensorShape In, TensorShape Out);

/// <summary>
/// A spec, every diagnostic found in it, and the shapes inferred while checking it: one per layer as far as the shapes
/// are valid (all of them when there are no errors). Planning runs only when <see cref="HasErrors"/> is false.
/// </summary>
internal sealed record ValidatedNetwork(NetworkSpec Spec, EquatableArray<SpecDiagnostic> Diagnostics, EquatableArray<LayerShape> Shapes)
{
    public bool HasErrors => Diagnostics.Any(d => d.IsError);
}
