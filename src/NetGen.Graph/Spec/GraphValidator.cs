namespace NetGen.Graph;

/// <summary>
/// The generator's rules (its NGxxxx diagnostics) checked at run time on a <see cref="GraphDescription"/>, with the
/// same shape inference: each violation is a <see cref="GraphSpecException"/> naming the layer and what was expected.
/// </summary>
internal static class GraphValidator
{
    public static void Validate(GraphDescription graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        if (graph.InputShape is not { Count: > 0 } || graph.InputShape.Any(d => d < 1))
        {
            Fail($"the input shape {Text(graph.InputShape)} is not [channels, height, width] or flat dimensions, of positive sizes");
        }

        Require(graph.BatchSize >= 1, $"the batch size {graph.BatchSize} is not ≥ 1");
        Require(graph.Layers is { Count: > 0 }, "the network has no layers");
        SampleShape shape = OpFactory.InputShapeOf(graph);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (LayerDescription layer in graph.Layers!)
        {
            Require(!string.IsNullOrWhiteSpace(layer.Name) && names.Add(layer.Name), $"layer name '{layer.Name}' is empty or repeated; every layer needs its own name");
            shape = ValidateLayer(layer, shape, graph.BatchSize);
        }

        OpDescription lastProducer = graph.Layers![^1].Ops[0];
        Require(lastProducer.Kind != GraphOpKind.Flatten, $"the last layer '{graph.Layers[^1].Name}' is a Flatten; the network's output must come from a layer that computes");
        ValidateLoss(graph.Loss);
        ValidateOptimizer(graph.Optimizer, graph.Regularization);
    }

    private static SampleShape ValidateLayer(LayerDescription layer, SampleShape input, int batchSize)
    {
        string where = $"layer '{layer.Name}'";
        Require(layer.Ops is { Count: > 0 } && layer.Ops[0].IsProducing, $"{where} must start with a producing op (Dense, Conv2D, MaxPool, AvgPool or Flatten)");
        OpDescription producer = layer.Ops[0];
        int activations = 0, pieces = 1;
        for (int i = 1; i < layer.Ops.Count; i++)
        {
            OpDescription op = layer.Ops[i];
            Require(!op.IsProducing, $"{op.Kind} in {where} is a producing op; only the first op of a layer produces");
            Require(producer.HasWeights, $"{op.Kind} cannot follow {producer.Kind} in {where}: a pooling or flatten layer takes no norm, activation or dropout; put them on the layer before");
            if (op.IsNorm)
            {
                Require(i == 1, $"{op.Kind} in {where} must come right after the producing op, and a layer has at most one norm");
            }

            if (op.IsActivation)
            {
                Require(++activations == 1, $"{where} has a second activation {op.Kind}; a layer has at most one");
            }

            if (op.Kind == GraphOpKind.Dropout)
            {
                Require(i == layer.Ops.Count - 1, $"Dropout in {where} must be the layer's last op");
                Require(op.Probability is >= 0f and < 1f, $"Dropout probability {op.Probability} in {where} is not in [0, 1)");
            }

            ValidateSettings(op, where, producer);
            if (op.Kind == GraphOpKind.Maxout)
            {
                pieces = op.Pieces;
            }
        }

        SampleShape output = Produce(producer, input, where);
        OpDescription? group = layer.Ops.FirstOrDefault(o => o.Kind == GraphOpKind.GroupNorm);
        int channels = (output.Spatial ? output.Channels : output.Size) * pieces; // the norm sees the producer's outputs, before a Maxout
        if (group is not null)
        {
            Require(group.Groups >= 1 && channels % group.Groups == 0, $"GroupNorm({group.Groups}) in {where} does not divide its {channels} channels");
        }

        if (layer.Ops.Any(o => o.Kind == GraphOpKind.BatchNorm))
        {
            Require(batchSize >= 2, $"BatchNorm in {where} needs a batch size of 2 or more; it is {batchSize}");
        }

        return output;
    }

    private static void ValidateSettings(OpDescription op, string where, OpDescription producer)
    {
        switch (op.Kind)
        {
            case GraphOpKind.BatchNorm:
                Require(op.Momentum is > 0f and <= 1f, $"BatchNorm momentum {op.Momentum} in {where} is not in (0, 1]");
                Require(float.IsFinite(op.Epsilon) && op.Epsilon > 0f, $"BatchNorm epsilon {op.Epsilon} in {where} is not a finite value > 0");
                break;
            case GraphOpKind.LayerNorm or GraphOpKind.GroupNorm or GraphOpKind.InstanceNorm:
                Require(float.IsFinite(op.Epsilon) && op.Epsilon > 0f, $"{op.Kind} epsilon {op.Epsilon} in {where} is not a finite value > 0");
                Require(op.Kind != GraphOpKind.InstanceNorm || producer.Kind == GraphOpKind.Conv2D, $"InstanceNorm in {where} follows a Dense, whose output has no positions to normalize over; use LayerNorm");
                break;
            case GraphOpKind.WeightNorm:
                Require(producer.Init is not (Init.Zeros or Init.Lsuv), $"WeightNorm in {where} cannot start from Init.{producer.Init}: a zero v has no direction, and LSUV rescales the weight WeightNorm splits");
                break;
            case GraphOpKind.LeakyReLU:
                Require(op.Slope is >= 0f and < 1f, $"LeakyReLU slope {op.Slope} in {where} is not a finite value in [0, 1)");
                break;
            case GraphOpKind.ELU:
                Require(float.IsFinite(op.Alpha) && op.Alpha > 0f, $"ELU alpha {op.Alpha} in {where} is not a finite value > 0");
                break;
            case GraphOpKind.Maxout:
                Require(op.Pieces >= 2, $"Maxout pieces {op.Pieces} in {where} is not ≥ 2");
                break;
        }
    }

    /// <summary>The layer's output shape (after its Maxout, if any), checking the producer's geometry.</summary>
    private static SampleShape Produce(OpDescription op, SampleShape input, string where)
    {
        switch (op.Kind)
        {
            case GraphOpKind.Dense:
                Require(op.Units >= 1, $"Dense units {op.Units} in {where} is not ≥ 1");
                Require(op.Init != Init.Lsuv, $"Init.Lsuv in {where} needs a data batch at construction, which the interpreter does not take; use Init.Orthogonal");
                Require(op.Bias is null || op.UseBias, $"{where} sets a constant Bias but UseBias = false; remove one of the two");
                return SampleShape.Flat(op.Units);
            case GraphOpKind.Flatten:
                return SampleShape.Flat(input.Size);
        }

        Require(input.Spatial, $"{op.Kind} in {where} needs a [C, H, W] input, but its input is {input}");
        int padding = op.Kind == GraphOpKind.Conv2D ? op.Padding : 0;
        int stride = StrideOf(op);
        Require(op.Kernel >= 1 && stride >= 1 && padding >= 0, $"{op.Kind} kernel {op.Kernel}, stride {stride} and padding {padding} in {where} must be ≥ 1, ≥ 1 and ≥ 0");
        if (op.Kind == GraphOpKind.Conv2D)
        {
            Require(op.Units >= 1, $"Conv2D filters {op.Units} in {where} is not ≥ 1");
            Require(op.Init != Init.Lsuv, $"Init.Lsuv in {where} is implemented for Dense layers only; use Init.Orthogonal");
            Require(op.Bias is null || op.UseBias, $"{where} sets a constant Bias but UseBias = false; remove one of the two");
        }

        int height = input.Height + 2 * padding, width = input.Width + 2 * padding;
        Require(op.Kernel <= height && op.Kernel <= width, $"{op.Kind} window {op.Kernel} in {where} is larger than its padded input {height} × {width}");
        Require((height - op.Kernel) % stride == 0 && (width - op.Kernel) % stride == 0, $"{op.Kind} in {where}: ({height} − {op.Kernel}) / {stride} + 1 is not a whole number of outputs");
        int channels = op.Kind == GraphOpKind.Conv2D ? op.Units : input.Channels;
        return SampleShape.Image(channels, (height - op.Kernel) / stride + 1, (width - op.Kernel) / stride + 1);
    }

    /// <summary>The stride with its default: 1 for Conv2D, the window size for pooling.</summary>
    public static int StrideOf(OpDescription op) => op.Stride != 0 ? op.Stride : op.Kind == GraphOpKind.Conv2D ? 1 : op.Kernel;

    private static void ValidateLoss(LossDescription loss)
    {
        Require(loss is not null && Enum.IsDefined(loss.Kind), "the network has no known loss");
        Require(loss!.LabelSmoothing is >= 0f and < 1f, $"label smoothing {loss.LabelSmoothing} is not in [0, 1)");
    }

    private static void ValidateOptimizer(OptimizerDescription o, RegularizationDescription r)
    {
        Require(o is not null && Enum.IsDefined(o.Kind), "the network has no known optimizer");
        Require(float.IsFinite(o!.LearningRate) && o.LearningRate > 0f, $"learning rate {o.LearningRate} is not a finite value > 0");
        Require(o.Momentum is >= 0f and < 1f || o.Kind is GraphOptimizerKind.Adam or GraphOptimizerKind.AdamW or GraphOptimizerKind.AdaGrad, $"momentum {o.Momentum} is not in [0, 1)");
        Require(o.Dampening is >= 0f and <= 1f, $"dampening {o.Dampening} is not in [0, 1]");
        Require(!o.Nesterov || (o.Momentum > 0f && o.Dampening == 0f), "Nesterov momentum needs momentum > 0 and dampening 0 (as torch.optim.SGD)");
        Require(float.IsFinite(o.WeightDecay) && o.WeightDecay >= 0f, $"weight decay {o.WeightDecay} is not a finite value ≥ 0");
        Require(o.Beta1 is >= 0f and < 1f && o.Beta2 is >= 0f and < 1f, $"betas ({o.Beta1}, {o.Beta2}) are not in [0, 1)");
        Require(float.IsFinite(o.Epsilon) && o.Epsilon > 0f, $"epsilon {o.Epsilon} is not a finite value > 0");
        Require(o.Alpha is >= 0f and < 1f, $"RMSProp alpha {o.Alpha} is not in [0, 1)");
        Require(float.IsFinite(o.LrDecay) && o.LrDecay >= 0f && float.IsFinite(o.InitialAccumulator) && o.InitialAccumulator >= 0f, $"AdaGrad lr decay {o.LrDecay} and initial accumulator {o.InitialAccumulator} must be finite values ≥ 0");
        Require(r is not null, "the regularization settings are missing");
        Require(float.IsFinite(r!.ClipGradNorm) && r.ClipGradNorm >= 0f, $"clip-by-norm max {r.ClipGradNorm} is not a finite value ≥ 0 (0 for none)");
        Require(float.IsFinite(r.ClipGradValue) && r.ClipGradValue >= 0f, $"clip-by-value bound {r.ClipGradValue} is not a finite value ≥ 0 (0 for none)");
        Require(float.IsFinite(r.L1) && r.L1 >= 0f, $"L1 λ {r.L1} is not a finite value ≥ 0 (0 for none)");
    }

    private static string Text(IReadOnlyList<int>? shape) => shape is null ? "(none)" : $"[{string.Join(", ", shape)}]";

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            Fail(message);
        }
    }

    private static void Fail(string message) => throw new GraphSpecException(message + ".");
}
