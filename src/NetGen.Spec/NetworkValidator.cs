using System.Collections.Generic;
using System.Linq;
using static NetGen.Spec.Rules;
using static NetGen.Spec.SpecText;

namespace NetGen.Spec;

/// <summary>
/// Stage 2 of the generator and the interpreter's only check: tests a spec against the rule table (<see cref="Rules"/>)
/// and reports each violation on the attribute that causes it, with the shapes inferred on the way. Pure: a function of
/// the spec alone, the same for both engines.
/// </summary>
internal static partial class NetworkValidator
{
    public static ValidatedNetwork Validate(NetworkSpec spec)
    {
        var diagnostics = new List<SpecDiagnostic>();
        ValidateClass(spec, diagnostics);
        ValidateLoss(spec, diagnostics);
        ValidateOptimizer(spec, diagnostics);
        ValidateLayers(spec, diagnostics);
        var shapes = ShapeInference.Infer(spec, diagnostics);
        for (int i = 0; i < shapes.Count; i++)
        {
            OpSpec? groupNorm = spec.Layers[i].Ops.FirstOrDefault(o => o.Kind == OpKind.GroupNorm);
            // The norm sees the producer's channels: before a Maxout, pieces times the layer's output channels.
            long channels = (long)shapes[i].Out.Channels * PiecesOf(spec.Layers[i]);
            if (groupNorm is not null && (groupNorm.Pieces < 1 || channels % groupNorm.Pieces != 0))
            {
                diagnostics.Add(SpecDiagnostic.Create(GroupsNotDividingChannels, groupNorm.Location, Format(groupNorm.Pieces), spec.Layers[i].Name, Format(channels)));
            }
        }

        ValidateBatchNormBatches(spec, shapes, diagnostics);
        ValidateChannelOrder(spec, diagnostics);
        if (shapes.Count == spec.Layers.Count && !diagnostics.Any(d => d.Rule == NetworkTooLarge))
        {
            ValidateSizes(spec, shapes, diagnostics);
        }

        return new ValidatedNetwork(spec, diagnostics.ToEquatableArray(), shapes.Select(s => new LayerShape(s.In, s.Out)).ToEquatableArray());
    }
}
