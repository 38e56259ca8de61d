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
internal static class NetworkValidator
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

    /// <summary>
    /// PyTorch's batch rule per kind: BatchNorm needs more than one value per channel, N·H·W ≥ 2, so after Dense (and a
    /// 1 × 1 output) a batch of one sample is refused, while after a convolution with more than one output position it
    /// is fine. Warns when BatchSize = 1 leaves every training batch refused.
    /// </summary>
    private static void ValidateBatchNormBatches(NetworkSpec spec, List<(TensorShape In, TensorShape Out)> shapes, List<SpecDiagnostic> diagnostics)
    {
        for (int i = 0; i < shapes.Count && spec.BatchSize == 1; i++)
        {
            OpSpec? batchNorm = spec.Layers[i].Ops.FirstOrDefault(o => o.Kind == OpKind.BatchNorm);
            if (batchNorm is not null && (long)shapes[i].Out.Height * shapes[i].Out.Width < 2)
            {
                diagnostics.Add(SpecDiagnostic.Create(BatchNormWithBatchOne, batchNorm.Location, spec.Layers[i].Name));
            }
        }
    }

    /// <summary>
    /// [Input(28, 28, 1)] reads as 28 channels of 28 × 1 images: the last dimension small and the first large is almost
    /// always a channels-last (NHWC) shape, which a convolution or pooling would then slide over the wrong axes.
    /// </summary>
    private static void ValidateChannelOrder(NetworkSpec spec, List<SpecDiagnostic> diagnostics)
    {
        EquatableArray<int> shape = spec.InputShape;
        bool spatial = spec.Layers.Any(l => l.Ops.FirstOrDefault()?.Kind.IsSpatial() == true);
        if (shape.Count == 3 && spatial && shape[2] <= 4 && shape[0] > 4 && shape[0] > shape[2])
        {
            diagnostics.Add(SpecDiagnostic.Create(
                ProbablyChannelsLast,
                spec.InputLocation,
                $"{Format(shape[0])}, {Format(shape[1])}, {Format(shape[2])}",
                Format(shape[0]),
                $"{Format(shape[1])} × {Format(shape[2])}",
                $"{Format(shape[2])}, {Format(shape[0])}, {Format(shape[1])}"));
        }
    }

    /// <summary>Maxout's k (the producer computes k values per output), 1 without a Maxout or with a broken one.</summary>
    private static long PiecesOf(LayerSpec layer) => System.Math.Max(layer.Ops.FirstOrDefault(o => o.Kind == OpKind.Maxout)?.Pieces ?? 1, 1);

    /// <summary>
    /// The buffers the generated constructor will allocate, in 64-bit arithmetic against <see cref="SpecLimits"/>: each
    /// weight and the parameter array as one array, each layer's batch of activations, and the estimated total.
    /// </summary>
    private static void ValidateSizes(NetworkSpec spec, List<(TensorShape In, TensorShape Out)> shapes, List<SpecDiagnostic> diagnostics)
    {
        long parameters = 0, activations = 0;
        for (int i = 0; i < shapes.Count; i++)
        {
            LayerSpec layer = spec.Layers[i];
            OpSpec producer = layer.Ops[0];
            (TensorShape input, TensorShape output) = shapes[i];
            long width = SpecLimits.Times(output.Size, PiecesOf(layer));
            long weight = producer.Kind switch
            {
                OpKind.Dense => SpecLimits.Times(width, input.Size),
                OpKind.Conv2D => SpecLimits.Times(SpecLimits.Times(output.Channels * PiecesOf(layer), input.Channels), (long)producer.Kernel * producer.Kernel),
                _ => 0,
            };
            long widest = System.Math.Max(width, input.Size);
            if (width > SpecLimits.MaxBufferFloats || weight > SpecLimits.MaxBufferFloats)
            {
                string what = width > SpecLimits.MaxBufferFloats ? $"A sample of layer '{layer.Name}''s producer outputs" : $"Layer '{layer.Name}''s weight";
                diagnostics.Add(SpecDiagnostic.Create(NetworkTooLarge, producer.Location, what, Format(System.Math.Max(width, weight)), Format(SpecLimits.MaxBufferFloats), SpecLimits.BufferLimitText));
                return;
            }

            // Weight, then at most bias, γ, β and slopes of the producer's width each.
            parameters += weight + 4 * width;
            if (parameters > SpecLimits.MaxBufferFloats)
            {
                diagnostics.Add(SpecDiagnostic.Create(NetworkTooLarge, producer.Location, $"The parameters up to layer '{layer.Name}'", Format(parameters), Format(SpecLimits.MaxBufferFloats), SpecLimits.BufferLimitText));
                return;
            }

            long batch = (long)System.Math.Max(spec.BatchSize, 1) * widest;
            if (batch > SpecLimits.MaxBufferFloats)
            {
                diagnostics.Add(SpecDiagnostic.Create(NetworkTooLarge, spec.NetworkLocation, $"A batch of layer '{layer.Name}''s activations (BatchSize {Format(spec.BatchSize)} × {Format(widest)})", Format(batch), Format(SpecLimits.MaxBufferFloats), SpecLimits.BufferLimitText));
                return;
            }

            activations += 3 * batch;
        }

        long total = 4 * parameters + activations;
        if (total > SpecLimits.MaxTotalFloats)
        {
            diagnostics.Add(SpecDiagnostic.Create(NetworkTooLarge, spec.NetworkLocation, $"Network '{spec.ClassName}' at BatchSize {Format(spec.BatchSize)}", Format(total), Format(SpecLimits.MaxTotalFloats), SpecLimits.TotalLimitText));
        }
    }

    private static void ValidateClass(NetworkSpec spec, List<SpecDiagnostic> diagnostics)
    {
        if (!spec.IsPartial)
        {
            diagnostics.Add(SpecDiagnostic.Create(ClassNotPartial, spec.ClassLocation, spec.ClassName));
        }

        if (spec.IsNested)
        {
            diagnostics.Add(SpecDiagnostic.Create(NestedClass, spec.ClassLocation, spec.ClassName));
        }

        if (spec.IsGeneric)
        {
            diagnostics.Add(SpecDiagnostic.Create(GenericClass, spec.ClassLocation, spec.ClassName));
        }

        if (spec.Shape is { } shape)
        {
            ValidateClassShape(spec, shape, diagnostics);
        }

        if (spec.BatchSize < 1)
        {
            diagnostics.Add(SpecDiagnostic.Create(NonPositiveSize, spec.NetworkLocation, "BatchSize", Format(spec.BatchSize)));
        }

        if (!spec.HasInput)
        {
            diagnostics.Add(SpecDiagnostic.Create(MissingInput, spec.ClassLocation, spec.ClassName));
            return;
        }

        if (spec.InputShape.IsEmpty)
        {
            diagnostics.Add(SpecDiagnostic.Create(NonPositiveSize, spec.InputLocation, "The input's dimension count", "0"));
        }

        for (int i = 0; i < spec.InputShape.Count; i++)
        {
            if (spec.InputShape[i] < 1)
            {
                diagnostics.Add(SpecDiagnostic.Create(NonPositiveSize, spec.InputLocation, $"Input dimension {i}", Format(spec.InputShape[i])));
            }
        }
    }

    private static void ValidateClassShape(NetworkSpec spec, ClassShape shape, List<SpecDiagnostic> diagnostics)
    {
        if (shape.IsRecord || shape.IsStatic)
        {
            diagnostics.Add(SpecDiagnostic.Create(UnsupportedClassKind, spec.ClassLocation, spec.ClassName, shape.IsRecord ? "a record (its synthesized equality, copy and ToString would treat training state as a value)" : "a static class (a network is an instance)"));
        }

        if (shape.HasPrimaryConstructor && !shape.IsRecord)
        {
            diagnostics.Add(SpecDiagnostic.Create(PrimaryConstructor, spec.ClassLocation, spec.ClassName));
        }

        if (shape.BaseIsNetwork)
        {
            diagnostics.Add(SpecDiagnostic.Create(DerivesFromNetwork, spec.ClassLocation, spec.ClassName, shape.BaseClass));
        }
        else if (!shape.BaseConstructible)
        {
            diagnostics.Add(SpecDiagnostic.Create(BaseNotConstructible, spec.ClassLocation, spec.ClassName, shape.BaseClass));
        }
    }

    private static void ValidateLoss(NetworkSpec spec, List<SpecDiagnostic> diagnostics)
    {
        if (spec.Losses.IsEmpty)
        {
            diagnostics.Add(SpecDiagnostic.Create(MissingLoss, spec.ClassLocation, spec.ClassName));
        }
        else if (spec.Losses.Count > 1)
        {
            string names = string.Join(", ", spec.Losses.Select(l => l.Kind.ToString()));
            diagnostics.Add(SpecDiagnostic.Create(MultipleLosses, spec.Losses[1].Location, spec.ClassName, names));
        }

        foreach (LossSpec loss in spec.Losses)
        {
            if (!IsFinite(loss.LabelSmoothing) || loss.LabelSmoothing < 0f || loss.LabelSmoothing >= 1f)
            {
                diagnostics.Add(SpecDiagnostic.Create(InvalidLabelSmoothing, loss.Location, Format(loss.LabelSmoothing)));
            }
        }
    }

    private static void ValidateOptimizer(NetworkSpec spec, List<SpecDiagnostic> diagnostics)
    {
        if (spec.Optimizers.IsEmpty)
        {
            diagnostics.Add(SpecDiagnostic.Create(MissingOptimizer, spec.ClassLocation, spec.ClassName));
        }
        else if (spec.Optimizers.Count > 1)
        {
            string names = string.Join(", ", spec.Optimizers.Select(o => o.Kind.ToString()));
            diagnostics.Add(SpecDiagnostic.Create(MultipleOptimizers, spec.Optimizers[1].Location, spec.ClassName, names));
        }

        foreach (OptimizerSpec optimizer in spec.Optimizers)
        {
            ValidateHyperparameters(optimizer, diagnostics);
        }

        ValidateRegularizers(spec, diagnostics);
    }

    /// <summary>
    /// The ranges that keep the first steps finite, per optimizer: torch.optim's checks, a positive ε wherever a root of
    /// a zero average would otherwise be divided by (Adam's v, AdaGrad's Σg², RMSProp's v), RMSProp's α below 1 (at 1 the
    /// average never moves from 0), AdamW's γλ below 1 (θ *= 1 − γλ would flip every weight's sign), and the documented
    /// upper bounds of <see cref="SpecLimits"/> on rates and decays.
    /// </summary>
    private static void ValidateHyperparameters(OptimizerSpec o, List<SpecDiagnostic> diagnostics)
    {
        SpecLocation? at = o.Location;
        if (!IsFinite(o.LearningRate) || o.LearningRate <= 0f || o.LearningRate > SpecLimits.MaxRate)
        {
            diagnostics.Add(SpecDiagnostic.Create(InvalidLearningRate, at, Format(o.LearningRate)));
        }

        CheckRange(diagnostics, at, "WeightDecay", o.WeightDecay, SettingRange.Closed(0f, SpecLimits.MaxRate));
        switch (o.Kind)
        {
            case OptimizerKind.Sgd:
                CheckRange(diagnostics, at, "Momentum", o.Momentum, SettingRange.HalfOpen(0f, 1f));
                CheckRange(diagnostics, at, "Dampening", o.Dampening, SettingRange.Closed(0f, 1f));
                if (o.Nesterov && (o.Momentum <= 0f || o.Dampening != 0f))
                {
                    diagnostics.Add(SpecDiagnostic.Create(NesterovWithoutMomentum, at, Format(o.Momentum), Format(o.Dampening)));
                }

                break;
            case OptimizerKind.AdaGrad:
                CheckRange(diagnostics, at, "LrDecay", o.LrDecay, SettingRange.Closed(0f, SpecLimits.MaxRate));
                CheckRange(diagnostics, at, "InitialAccumulator", o.InitialAccumulator, SettingRange.Closed(0f, SpecLimits.MaxMagnitude));
                CheckRange(diagnostics, at, "Epsilon", o.Epsilon, SettingRange.Positive(1f));
                break;
            case OptimizerKind.RmsProp:
                CheckRange(diagnostics, at, "Alpha", o.Alpha, SettingRange.HalfOpen(0f, 1f));
                CheckRange(diagnostics, at, "Epsilon", o.Epsilon, SettingRange.Positive(1f));
                CheckRange(diagnostics, at, "Momentum", o.Momentum, SettingRange.HalfOpen(0f, 1f));
                break;
            default:
                CheckRange(diagnostics, at, "Beta1", o.Beta1, SettingRange.HalfOpen(0f, 1f));
                CheckRange(diagnostics, at, "Beta2", o.Beta2, SettingRange.HalfOpen(0f, 1f));
                CheckRange(diagnostics, at, "Epsilon", o.Epsilon, SettingRange.Positive(1f));
                if (o.Kind == OptimizerKind.AdamW && IsFinite(o.LearningRate * o.WeightDecay) && o.LearningRate * o.WeightDecay >= 1f)
                {
                    diagnostics.Add(SpecDiagnostic.Create(InvalidOptimizerSetting, at, "LearningRate × WeightDecay", Format(o.LearningRate * o.WeightDecay), "a product below 1 (AdamW scales θ by 1 − γλ each step)"));
                }

                break;
        }
    }

    private static void ValidateRegularizers(NetworkSpec spec, List<SpecDiagnostic> diagnostics)
    {
        RegularizerSpec? norm = null, value = null;
        foreach (RegularizerSpec r in spec.Regularizers)
        {
            SettingRange range = r.Kind == RegularizerKind.L1 ? SettingRange.Closed(0f, SpecLimits.MaxRate) : SettingRange.Positive(float.MaxValue);
            if (!range.Contains(r.Value))
            {
                diagnostics.Add(SpecDiagnostic.Create(InvalidRegularizer, r.Location, r.Kind.ToString(), Format(r.Value), range.ToString()));
            }

            norm = r.Kind == RegularizerKind.ClipGradNorm ? r : norm;
            value = r.Kind == RegularizerKind.ClipGradValue ? r : value;
        }

        if (norm is not null && value is not null)
        {
            diagnostics.Add(SpecDiagnostic.Create(ConflictingClipping, value.Location, spec.ClassName));
        }
    }

    private static void CheckRange(List<SpecDiagnostic> diagnostics, SpecLocation? location, string name, float value, SettingRange range)
    {
        if (!range.Contains(value))
        {
            diagnostics.Add(SpecDiagnostic.Create(InvalidOptimizerSetting, location, name, Format(value), range.ToString()));
        }
    }

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

        int activations = 0;
        for (int i = 0; i < layer.Ops.Count; i++)
        {
            OpSpec op = layer.Ops[i];
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
                    if (i != 1)
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

                    if (i != layer.Ops.Count - 1)
                    {
                        diagnostics.Add(SpecDiagnostic.Create(DropoutNotLast, op.Location, layer.Name));
                    }

                    break;
            }
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
