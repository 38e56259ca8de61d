using System.Collections.Generic;
using NetGen.Generator.Emission.Layers;
using NetGen.Generator.Parsing;
using NetGen.Generator.Planning;

namespace NetGen.Generator.Emission;

/// <summary>
/// The summary's "Fusions applied" lines, rendered from each layer's <see cref="LayerFusion"/>, the same record the
/// layer emitters read, so the summary says what the code does.
/// </summary>
internal static class FusionSummary
{
    public static IEnumerable<string> Lines(NetworkPlan plan)
    {
        foreach (LayerPlan layer in plan.Layers)
        {
            if (!layer.HasWeights)
            {
                continue;
            }

            foreach (string line in LayerLines(layer))
            {
                yield return $"{layer.Name}: {line}";
            }
        }

        yield return plan.Loss.Kind switch
        {
            LossKind.SoftmaxCrossEntropy => "loss: softmax, cross-entropy and ∂L/∂logits in one pass per row (log-sum-exp)",
            LossKind.BinaryCrossEntropy => "loss: sigmoid, binary cross-entropy and ∂L/∂logits in one pass (stable for any |x|)",
            _ => "loss: squared error and ∂L/∂y in one pass",
        };
        string optimizer = DisplayNames.Optimizer(plan.Optimizer.Kind);
        yield return plan.Optimizer.ClipsByNorm
            ? $"{optimizer}: each layer's squared gradient norm is accumulated right after its gradient is produced; after backward, every layer is updated in one pass with the clip coefficient folded into the update"
            : $"{optimizer}: each layer's update runs inside the backward pass as soon as its gradients are complete";
    }

    private static IEnumerable<string> LayerLines(LayerPlan layer)
    {
        LayerFusion fusion = layer.Fusion;
        string activation = DisplayNames.Activation(layer.Activation.Kind);
        if (fusion.Norm == NormPath.WeightNorm)
        {
            yield return "WeightNorm composes w = g·v/‖v‖ on every forward pass, training and Predict (nothing kept to go stale), and the producer runs on w; backward maps ∂L/∂w to ∂L/∂v and ∂L/∂g in one pass per row";
        }

        if (PassText(layer, fusion.Training) is { } training)
        {
            yield return training;
        }

        if (fusion.BranchesOnTraining && PassText(layer, fusion.Inference) is { } inference)
        {
            yield return "for Predict, " + inference;
        }

        switch (fusion.ActivationBackward)
        {
            case ActivationBackwardSite.Activation:
                yield return $"{activation} backward in one pass on ∂L/∂y, {(fusion.Buffers.KeepsPreActivation ? "through the kept z" : "through the stored output")}";
                break;
            case ActivationBackwardSite.Producer:
                yield return $"{activation} backward inside the convolution's backward: ∂L/∂z from the stored output as ∂L/∂y is laid out";
                break;
        }

        switch (fusion.Norm)
        {
            case NormPath.BatchNorm:
                yield return "BatchNorm in two passes (bias + batch sums, then normalize + affine + activation)";
                yield return "BatchNorm backward in two passes over ∂L/∂n (sums for ∂γ, ∂β, then ∂L/∂z)";
                break;
            case NormPath.LayerNorm or NormPath.GroupNorm:
                yield return $"{layer.Norm!.Kind} with each sample's own statistics, normalize + affine + activation in one pass after the sums";
                break;
        }

        if (fusion.Buffers.KeepsActivated)
        {
            string closing = layer.HasDropout ? "dropout mask" : "Gaussian noise";
            yield return $"{closing} applied in one pass out of place (the activation keeps its output for backward); skipped in Predict";
        }
    }

    /// <summary>Where one forward pass adds the bias and applies the activation; null when it does neither.</summary>
    private static string? PassText(LayerPlan layer, ForwardPass pass)
    {
        string producer = ProducerEmitter.For(layer).Description;
        string activation = DisplayNames.Activation(layer.Activation.Kind);
        if (pass.Bias == BiasSite.InferenceNorm)
        {
            string then = pass.Activation switch
            {
                ActivationSite.Epilogue => $"y = {activation}(s·z + t) in one pass",
                ActivationSite.Activation => $"s·z + t in place on the kept z, then {activation} in one pass from it",
                _ => "y = s·z + t in one pass",
            };
            return $"{producer} without the bias, then BatchNorm's running statistics as {then} (s = γ/√(σ² + ε), t = (b − μ)·s + β, "
                + "computed from the current parameters on every pass: O(features), nothing kept)";
        }

        string planeBias = pass.Bias == BiasSite.Producer ? ", bias added as each output plane is written" : "";
        if (pass.Normalizes)
        {
            return $"{producer} straight into the norm's buffer{planeBias}";
        }

        if (layer.Kind == OpKind.Conv2D)
        {
            string then = pass.Activation switch
            {
                ActivationSite.Producer => $", {activation} applied as each output is written",
                ActivationSite.Epilogue => $", then {activation} in one pass",
                ActivationSite.Activation => $", then {activation} in one pass from the kept z",
                _ => "",
            };
            return producer + planeBias + then;
        }

        string bias = pass.Bias == BiasSite.None ? "" : "bias + ";
        return pass.Activation switch
        {
            ActivationSite.Activation => $"{bias}{activation} in one pass over the GEMM output, keeping z for the backward pass",
            ActivationSite.Epilogue => $"{bias}{activation} in one pass over the GEMM output, in place",
            _ when pass.Bias != BiasSite.None => "bias added in one pass over the GEMM output",
            _ => null,
        };
    }
}
