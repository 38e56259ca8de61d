using System.Linq;
using NetGen.Generator.Emission.Layers;
using NetGen.Generator.Planning;

namespace NetGen.Generator.Emission;

/// <summary>
/// Predict's derived weights: <c>EnsureFolded</c> rebuilds every BatchNorm layer's folded weight and bias, and every
/// WeightNorm layer's composed weight, when the parameters or running statistics changed since they were last built,
/// so Predict costs what it would without the norm.
/// </summary>
internal static class InferenceWeightsEmitter
{
    public static void EmitEnsureFolded(SourceWriter writer, NetworkPlan plan)
    {
        if (!plan.HasInferenceWeights)
        {
            return;
        }

        bool folds = plan.HasBatchNorm, composes = plan.Layers.Any(l => l.Fusion.Inference.Weight == WeightSource.Composed);
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
                switch (layer.Fusion.Inference.Weight)
                {
                    case WeightSource.Composed:
                        WeightNormEmitter.EmitCompose(writer, layer, layer.Name);
                        break;
                    case WeightSource.Folded:
                        BatchNormEmitter.EmitFold(writer, layer);
                        break;
                }
            }

            writer.Line("_foldedVersion = _parameterVersion.Value;");
        }

        writer.Line();
    }
}
