using System.Collections.Generic;
using System.Linq;
using static NetGen.Spec.Rules;
using static NetGen.Spec.SpecText;

namespace NetGen.Spec;

/// <summary>Each layer's ops: order, settings and combinations; layer names; the output layer.</summary>
internal static partial class NetworkValidator
{
    private static void ValidateLayers(NetworkSpec spec, List<SpecDiagnostic> diagnostics)
    {
        if (spec.Layers.IsEmpty)
        {
            diagnostics.Add(SpecDiagnostic.Create(NoLayers, spec.ClassLocation, spec.ClassName));
            return;
        }

        int firstDeclaration = spec.Layers[0].DeclarationIndex;
        var names = new Dictionary<string, string>(System.StringComparer.OrdinalIgnoreCase);
        foreach (LayerSpec layer in spec.Layers)
        {
            if (names.TryGetValue(layer.Name, out string? earlier))
            {
                diagnostics.Add(SpecDiagnostic.Create(LayerNamesCollide, layer.Location, layer.Name, earlier));
            }
            else
            {
                names.Add(layer.Name, layer.Name);
            }

            if (!layer.IsValidDeclaration)
            {
                diagnostics.Add(SpecDiagnostic.Create(InvalidLayerProperty, layer.Location, layer.Name, layer.DeclarationProblem));
            }

            if (layer.DeclarationIndex != firstDeclaration)
            {
                diagnostics.Add(SpecDiagnostic.Create(LayersSplitAcrossDeclarations, layer.Location, layer.Name, spec.ClassName));
            }

            ValidateOps(layer, diagnostics);
        }

        LayerSpec last = spec.Layers[spec.Layers.Count - 1];
        if (last.Ops.FirstOrDefault()?.Kind == OpKind.Flatten)
        {
            diagnostics.Add(SpecDiagnostic.Create(UnsupportedCombination, last.Ops[0].Location, "Flatten", last.Name, "the last layer", "the network's output must come from a layer that computes"));
        }

        LossSpec? logitLoss = spec.Losses.FirstOrDefault(l => l.Kind is LossKind.SoftmaxCrossEntropy or LossKind.BinaryCrossEntropy);
        OpSpec? lastActivation = last.Ops.FirstOrDefault(o => o.Kind.IsActivation());
        if (logitLoss is not null && lastActivation is not null)
        {
            diagnostics.Add(SpecDiagnostic.Create(ActivationBeforeSoftmax, lastActivation.Location, last.Name, lastActivation.Kind.ToString(), logitLoss.Kind.ToString()));
        }
    }

    private static void ValidateOps(LayerSpec layer, List<SpecDiagnostic> diagnostics)
    {
        if (layer.Ops.IsEmpty || !layer.Ops[0].Kind.IsProducing())
        {
            SpecLocation? where = layer.Ops.IsEmpty ? layer.Location : layer.Ops[0].Location;
            diagnostics.Add(SpecDiagnostic.Create(MissingProducingOp, where, layer.Name));
        }

        // Order rules count the steps of the computation only: the layer regularizers may stand anywhere after the producer.
        int lastStep = layer.Ops.Count(o => !o.Kind.IsLayerRegularizer()) - 1;
        int activations = 0, maxNorms = 0, activityPenalties = 0, step = -1;
        for (int i = 0; i < layer.Ops.Count; i++)
        {
            OpSpec op = layer.Ops[i];
            step += op.Kind.IsLayerRegularizer() ? 0 : 1;
            if (op.Kind.IsProducing() && i > 0)
            {
                diagnostics.Add(SpecDiagnostic.Create(ProducingOpNotFirst, op.Location, op.Kind.ToString(), layer.Name));
            }

            if (op.Kind.IsActivation() && ++activations > 1)
            {
                diagnostics.Add(SpecDiagnostic.Create(MultipleActivations, op.Location, layer.Name, op.Kind.ToString()));
            }

            OpKind producer = layer.Ops[0].Kind;
            if (i > 0 && !producer.HasWeights() && producer.IsProducing())
            {
                diagnostics.Add(SpecDiagnostic.Create(UnsupportedCombination, op.Location, op.Kind.ToString(), layer.Name, producer.ToString(), "a pooling or flatten layer takes no norm, activation or dropout; put them on the layer before"));
            }
            else if (producer == OpKind.Dense && op.Kind == OpKind.InstanceNorm)
            {
                diagnostics.Add(SpecDiagnostic.Create(UnsupportedCombination, op.Location, "InstanceNorm", layer.Name, "Dense", "a dense output has no positions to normalize over; use LayerNorm"));
            }
            else if (op.Kind == OpKind.WeightNorm && layer.Ops[0].Init is InitKind.Zeros or InitKind.Lsuv)
            {
                diagnostics.Add(SpecDiagnostic.Create(UnsupportedCombination, op.Location, "WeightNorm", layer.Name, $"Init.{layer.Ops[0].Init}", layer.Ops[0].Init == InitKind.Zeros
                    ? "a zero v has no direction (w = g·v/‖v‖ is 0/0); pick a random init"
                    : "LSUV rescales w after construction, which WeightNorm splits into g and v; use Init.Orthogonal or Init.Auto"));
            }

            switch (op.Kind)
            {
                case OpKind.Dense:
                case OpKind.Conv2D:
                    ValidateDense(layer, op, diagnostics);
                    break;
                case OpKind.MaxPool or OpKind.AvgPool when op.Kernel < 1 || op.Stride < 1:
                    diagnostics.Add(SpecDiagnostic.Create(NonPositiveSize, op.Location, $"{op.Kind} size and stride of layer '{layer.Name}'", $"{Format(op.Kernel)} and {Format(op.Stride)}"));
                    break;
                case OpKind.MaxPool or OpKind.AvgPool when !ShapeInference.PoolingPaddingInRange(op):
                    diagnostics.Add(SpecDiagnostic.Create(PoolingPaddingOutOfRange, op.Location, op.Kind.ToString(), layer.Name, Format(op.Padding), Format(op.Kernel / 2), Format(op.Kernel)));
                    break;
                case OpKind.LeakyReLU when !IsFinite(op.Slope) || op.Slope < 0f || op.Slope >= 1f:
                    diagnostics.Add(SpecDiagnostic.Create(InvalidActivationArgument, op.Location, "LeakyReLU slope", Format(op.Slope), "a finite value in [0, 1)"));
                    break;
                case OpKind.ELU when !SettingRange.Positive(SpecLimits.MaxRate).Contains(op.Alpha):
                    diagnostics.Add(SpecDiagnostic.Create(InvalidActivationArgument, op.Location, "ELU alpha", Format(op.Alpha), SettingRange.Positive(SpecLimits.MaxRate).ToString()));
                    break;
                case OpKind.Maxout when op.Pieces < 2:
                    diagnostics.Add(SpecDiagnostic.Create(TooFewMaxoutPieces, op.Location, Format(op.Pieces)));
                    break;
                case OpKind.BatchNorm or OpKind.LayerNorm or OpKind.GroupNorm or OpKind.InstanceNorm or OpKind.WeightNorm:
                    if (step != 1)
                    {
                        diagnostics.Add(SpecDiagnostic.Create(MisplacedNorm, op.Location, op.Kind.ToString(), layer.Name));
                    }

                    if (op.Kind == OpKind.WeightNorm)
                    {
                        break; // no settings of its own
                    }

                    if (op.Kind == OpKind.BatchNorm && (!IsFinite(op.Momentum) || op.Momentum <= 0f || op.Momentum > 1f))
                    {
                        diagnostics.Add(SpecDiagnostic.Create(InvalidNormSetting, op.Location, "Momentum", Format(op.Momentum), "a value in (0, 1]"));
                    }

                    if (!SettingRange.Positive(1f).Contains(op.Epsilon))
                    {
                        diagnostics.Add(SpecDiagnostic.Create(InvalidNormSetting, op.Location, "Epsilon", Format(op.Epsilon), SettingRange.Positive(1f).ToString()));
                    }

                    break;
                case OpKind.Dropout:
                    if (!IsFinite(op.Probability) || op.Probability < 0f || op.Probability >= 1f)
                    {
                        diagnostics.Add(SpecDiagnostic.Create(InvalidDropout, op.Location, Format(op.Probability)));
                    }

                    if (step != lastStep)
                    {
                        diagnostics.Add(SpecDiagnostic.Create(DropoutNotLast, op.Location, layer.Name));
                    }

                    break;
                case OpKind.GaussianNoise:
                    CheckRange(layer, op, "GaussianNoise", SettingRange.Positive(SpecLimits.MaxRate), diagnostics);
                    if (step != lastStep)
                    {
                        diagnostics.Add(SpecDiagnostic.Create(NoiseNotLast, op.Location, layer.Name));
                    }

                    break;
                case OpKind.MaxNorm:
                    CheckRange(layer, op, "MaxNorm", SettingRange.Positive(SpecLimits.MaxMagnitude), diagnostics);
                    if (++maxNorms > 1)
                    {
                        diagnostics.Add(SpecDiagnostic.Create(UnsupportedCombination, op.Location, "MaxNorm", layer.Name, "MaxNorm", "a layer takes one bound on its weight rows"));
                    }

                    if (layer.Ops.Any(o => o.Kind == OpKind.WeightNorm))
                    {
                        diagnostics.Add(SpecDiagnostic.Create(UnsupportedCombination, op.Location, "MaxNorm", layer.Name, "WeightNorm", "WeightNorm's g sets every row's length (w = g·v/‖v‖), so a bound on the stored direction v would constrain nothing; keep one of the two"));
                    }

                    break;
                case OpKind.ActivityL1:
                    CheckRange(layer, op, "ActivityL1", SettingRange.Closed(0f, SpecLimits.MaxRate), diagnostics);
                    if (++activityPenalties > 1)
                    {
                        diagnostics.Add(SpecDiagnostic.Create(UnsupportedCombination, op.Location, "ActivityL1", layer.Name, "ActivityL1", "a layer takes one penalty on its output"));
                    }

                    break;
            }
        }
    }

    private static void CheckRange(LayerSpec layer, OpSpec op, string name, SettingRange range, List<SpecDiagnostic> diagnostics)
    {
        if (!range.Contains(op.Value))
        {
            diagnostics.Add(SpecDiagnostic.Create(InvalidLayerRegularizer, op.Location, name, Format(op.Value), layer.Name, range.ToString()));
        }
    }

    private static void ValidateDense(LayerSpec layer, OpSpec dense, List<SpecDiagnostic> diagnostics)
    {
        if (dense.Units < 1)
        {
            diagnostics.Add(SpecDiagnostic.Create(NonPositiveSize, dense.Location, $"{(dense.Kind == OpKind.Dense ? "Dense units" : "Conv2D filters")} of layer '{layer.Name}'", Format(dense.Units)));
        }

        if (dense.Kind == OpKind.Conv2D && (dense.Kernel < 1 || dense.Stride < 1 || dense.Padding < 0))
        {
            diagnostics.Add(SpecDiagnostic.Create(NonPositiveSize, dense.Location, $"Conv2D kernel, stride and padding + 1 of layer '{layer.Name}'", $"{Format(dense.Kernel)}, {Format(dense.Stride)} and {Format(dense.Padding + 1L)}"));
        }

        if (dense.Kind == OpKind.Conv2D && dense.Init == InitKind.Lsuv)
        {
            diagnostics.Add(SpecDiagnostic.Create(UnsupportedCombination, dense.Location, "Init.Lsuv", layer.Name, "Conv2D", "LSUV is implemented for Dense layers; use Init.Orthogonal or Init.Auto"));
        }

        if (dense.Init < InitKind.Auto || dense.Init > InitKind.Lsuv)
        {
            diagnostics.Add(SpecDiagnostic.Create(UnknownInit, dense.Location, Format((int)dense.Init)));
        }
        else if (dense.Init == InitKind.Zeros)
        {
            diagnostics.Add(SpecDiagnostic.Create(ZerosInit, dense.Location, layer.Name));
        }

        if (dense.HasConstantBias && !dense.UseBias)
        {
            diagnostics.Add(SpecDiagnostic.Create(InvalidBias, dense.Location, layer.Name, "Bias is set but UseBias = false leaves the layer without a bias; remove one of the two"));
        }
        else if (dense.HasConstantBias && !SettingRange.Closed(-SpecLimits.MaxMagnitude, SpecLimits.MaxMagnitude).Contains(dense.Bias))
        {
            diagnostics.Add(SpecDiagnostic.Create(InvalidBias, dense.Location, layer.Name, $"Bias = {Format(dense.Bias)} is outside {SettingRange.Closed(-SpecLimits.MaxMagnitude, SpecLimits.MaxMagnitude)}"));
        }
    }
}
