using System.Linq;
using NetGen.Generator.Common;
using NetGen.Generator.Planning;

namespace NetGen.Generator.Emission;

/// <summary>
/// Predict's derived weights: <c>EnsureFolded</c> rebuilds every BatchNorm layer's folded weight and bias, and every
/// WeightNorm layer's composed weight, when the parameters or running statistics changed since they were last built,
/// so Predict costs what it would without the norm.
/// </summary>
internal static class NormEmitter
{
    public static void EmitEnsureFolded(SourceWriter writer, NetworkPlan plan)
    {
        if (!Names.HasInferenceWeights(plan))
        {
            return;
        }

        bool folds = Names.HasBatchNorm(plan), composes = plan.Layers.Any(l => l.Norm is { IsWeightNorm: true });
        string work = (folds, composes) switch
        {
            (true, true) => "Folds each BatchNorm into its producer (W' = s·W, b' = (b − μ)·s + β, s = γ/√(σ² + ε)) and composes each WeightNorm weight (w = g·v/‖v‖)",
            (true, false) => "Folds each BatchNorm into its producer (W' = s·W, b' = (b − μ)·s + β, s = γ/√(σ² + ε))",
            _ => "Composes each WeightNorm weight (w = g·v/‖v‖)",
        };
        writer.Summary($"{work} if anything changed since the last build.");
        using (writer.Block("private void EnsureFolded()"))
        {
            using (writer.Block("if (_foldedVersion == _parameterVersion.Value)"))
            {
                writer.Line("return;");
            }

            writer.Line();
            foreach (LayerPlan layer in plan.Layers)
            {
                if (layer.Norm is { IsWeightNorm: true })
                {
                    writer.Line($"{Names.ComposeWeightNorm(layer)}, {layer.Name}");
                    continue;
                }

                if (layer.Norm is not { IsBatchNorm: true })
                {
                    continue;
                }

                string width = Literals.Int(layer.Features);
                string bias = layer.UseBias ? $"_parameters.AsSpan({Names.BiasOffset(layer)}, {width})" : "default";
                writer.Line($"{Names.Runtime}.BatchNorm.Fold(_parameters.AsSpan({Names.WeightOffset(layer)}, {Literals.Int(layer.WeightLength)}), {bias}, _parameters.AsSpan({Names.GammaOffset(layer)}, {width}), _parameters.AsSpan({Names.BetaOffset(layer)}, {width}), {Names.RunningMeanField(layer)}, {Names.RunningVarianceField(layer)}, epsilon: {Literals.FloatLiteral(layer.Norm.Epsilon)}, {Names.FoldedWeightField(layer)}, {Names.FoldedBiasField(layer)}); // {layer.Name}");
            }

            writer.Line("_foldedVersion = _parameterVersion.Value;");
        }

        writer.Line();
    }
}
