using NetGen.Runtime;
using NetGen.Spec;

namespace NetGen.Graph;

/// <summary>One layer of a built graph: its ops in order and the view the network hands out.</summary>
internal sealed record GraphLayer(LayerSpec Spec, IReadOnlyList<GraphOp> Ops, SampleShape Input, SampleShape Output);

/// <summary>
/// Turns a valid <see cref="GraphDescription"/> into ops, one per declared op (WeightNorm folds into its producer,
/// which it reparameterizes; MaxNorm is applied by the optimizer; ActivityL1 is always the layer's last op). Parameter tensors are claimed in the generated layout: per layer weight, bias, norm γ and β
/// (or WeightNorm's g), PReLU slopes. Dense and Conv2D before a Maxout(k) produce k times the layer's units or channels.
/// </summary>
internal static class OpFactory
{
    public static List<GraphLayer> Build(NetworkSpec graph, ParameterStore parameters)
    {
        SampleShape shape = InputShapeOf(graph);
        var layers = new List<GraphLayer>();
        foreach (LayerSpec layer in graph.Layers)
        {
            var ops = new List<GraphOp>();
            SampleShape input = shape;
            OpSpec producer = layer.Ops[0];
            OpSpec? activation = layer.Ops.FirstOrDefault(o => o.Kind.IsActivation());
            int pieces = activation?.Kind == OpKind.Maxout ? activation.Pieces : 1;
            bool weightNorm = layer.Ops.Any(o => o.Kind == OpKind.WeightNorm);
            GraphOp produced = Producer(layer.Name, producer, shape, pieces, weightNorm, activation, parameters);
            ops.Add(produced);
            shape = produced.OutputShape;
            foreach (OpSpec op in layer.Ops.Skip(1).Where(o => o.Kind != OpKind.WeightNorm && !o.Kind.IsLayerRegularizer()))
            {
                GraphOp next = Follower($"{layer.Name}.{op.Kind}", op, shape, parameters);
                ops.Add(next);
                shape = next.OutputShape;
            }

            // MaxNorm is the optimizer's (MaxNormConstraint); ActivityL1 penalizes the layer's output, so it comes last.
            if (layer.Ops.FirstOrDefault(o => o.Kind == OpKind.ActivityL1) is { } penalty)
            {
                ops.Add(new ActivityL1Op($"{layer.Name}.ActivityL1", shape, penalty.Value));
            }

            layers.Add(new GraphLayer(layer, ops, input, shape));
        }

        return layers;
    }

    /// <summary>Three dimensions are [C, H, W], as in the spec language; any other rank is flat, its dimensions multiplied.</summary>
    public static SampleShape InputShapeOf(NetworkSpec graph) => graph.InputShape.Count == 3
        ? SampleShape.Image(graph.InputShape[0], graph.InputShape[1], graph.InputShape[2])
        : SampleShape.Flat(graph.InputShape.Aggregate(1, (product, d) => product * d));

    private static GraphOp Producer(string layer, OpSpec op, SampleShape input, int pieces, bool weightNorm, OpSpec? activation, ParameterStore parameters)
    {
        switch (op.Kind)
        {
            case OpKind.Dense:
            {
                int width = op.Units * pieces;
                var init = new WeightInitialization(op, width, input.Size, width, activation);
                return new DenseOp($"{layer}", input, width, op.UseBias, weightNorm, init, parameters);
            }

            case OpKind.Conv2D:
            {
                var shape = new ConvShape(input.Channels, input.Height, input.Width, op.Units * pieces, op.Kernel, op.Stride, op.Padding);
                var init = new WeightInitialization(op, shape.Filters, shape.PatchSize, shape.Filters * op.Kernel * op.Kernel, activation);
                return new Conv2DOp($"{layer}", input, shape, op.UseBias, weightNorm, init, parameters);
            }

            case OpKind.MaxPool or OpKind.AvgPool:
            {
                var window = new ConvShape(input.Channels, input.Height, input.Width, input.Channels, op.Kernel, op.Stride, op.Padding, op.CeilMode, op.CountIncludePad);
                return new PoolingOp($"{layer}.{op.Kind}", input, window, op.Kind == OpKind.MaxPool);
            }

            default:
                return new FlattenOp($"{layer}.Flatten", input);
        }
    }

    private static GraphOp Follower(string name, OpSpec op, SampleShape shape, ParameterStore parameters) => op.Kind switch
    {
        OpKind.BatchNorm => new BatchNormOp(name, shape, op.Momentum, op.Epsilon, parameters),
        OpKind.LayerNorm => new LayerNormOp(name, shape, op.Epsilon, parameters),
        OpKind.GroupNorm => new GroupNormOp(name, shape, op.Pieces, op.Epsilon, parameters),
        OpKind.InstanceNorm => new GroupNormOp(name, shape, shape.Channels, op.Epsilon, parameters),
        OpKind.ReLU => new ActivationOp<Relu>(name, shape, default),
        OpKind.LeakyReLU => new ActivationOp<LeakyRelu>(name, shape, new LeakyRelu(op.Slope)),
        OpKind.Tanh => new ActivationOp<Tanh>(name, shape, default),
        OpKind.Sigmoid => new ActivationOp<Sigmoid>(name, shape, default),
        OpKind.ELU => new ActivationOp<Elu>(name, shape, new Elu(op.Alpha)),
        OpKind.GELU => new ActivationOp<Gelu>(name, shape, default),
        OpKind.SiLU => new ActivationOp<Silu>(name, shape, default),
        OpKind.PReLU => new PReluOp(name, shape, parameters),
        OpKind.Maxout => new MaxoutOp(name, shape, op.Pieces),
        OpKind.Dropout => new DropoutOp(name, shape, op.Probability),
        OpKind.GaussianNoise => new GaussianNoiseOp(name, shape, op.Value),
        _ => throw new GraphSpecException($"{op.Kind} cannot follow the producing op in {name}."),
    };
}
