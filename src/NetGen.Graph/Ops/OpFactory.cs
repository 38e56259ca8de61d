using System.Globalization;
using NetGen.Runtime;

namespace NetGen.Graph;

/// <summary>One layer of a built graph: its ops in order and the view the network hands out.</summary>
internal sealed record GraphLayer(LayerDescription Description, IReadOnlyList<GraphOp> Ops, SampleShape Input, SampleShape Output);

/// <summary>
/// Turns a validated <see cref="GraphDescription"/> into ops, one per declared op (WeightNorm folds into its producer,
/// which it reparameterizes). Parameter tensors are claimed in the generated layout: per layer weight, bias, norm γ and β
/// (or WeightNorm's g), PReLU slopes. Dense and Conv2D before a Maxout(k) produce k times the layer's units or channels.
/// </summary>
internal static class OpFactory
{
    public static List<GraphLayer> Build(GraphDescription graph, ParameterStore parameters)
    {
        SampleShape shape = InputShapeOf(graph);
        var layers = new List<GraphLayer>();
        foreach (LayerDescription layer in graph.Layers)
        {
            var ops = new List<GraphOp>();
            SampleShape input = shape;
            OpDescription producer = layer.Ops[0];
            OpDescription? activation = layer.Ops.FirstOrDefault(o => o.IsActivation);
            int pieces = activation?.Kind == GraphOpKind.Maxout ? activation.Pieces : 1;
            bool weightNorm = layer.Ops.Any(o => o.Kind == GraphOpKind.WeightNorm);
            GraphOp produced = Producer(layer.Name, producer, shape, pieces, weightNorm, activation, parameters);
            ops.Add(produced);
            shape = produced.OutputShape;
            foreach (OpDescription op in layer.Ops.Skip(1).Where(o => o.Kind != GraphOpKind.WeightNorm))
            {
                GraphOp next = Follower($"{layer.Name}.{op.Kind}", op, shape, parameters);
                ops.Add(next);
                shape = next.OutputShape;
            }

            layers.Add(new GraphLayer(layer, ops, input, shape));
        }

        return layers;
    }

    /// <summary>Three dimensions are [C, H, W], as in the spec language; any other rank is flat, its dimensions multiplied.</summary>
    public static SampleShape InputShapeOf(GraphDescription graph) => graph.InputShape.Count == 3
        ? SampleShape.Image(graph.InputShape[0], graph.InputShape[1], graph.InputShape[2])
        : SampleShape.Flat(graph.InputShape.Aggregate(1, (product, d) => product * d));

    /// <summary>The ops as the generator's summary lists them, e.g. "Dense(256) → BatchNorm → ReLU".</summary>
    public static string Describe(LayerDescription layer) =>
        string.Join(" → ", layer.Ops.Select(o => o.Kind switch
        {
            GraphOpKind.Dense => $"Dense({I(o.Units)})",
            GraphOpKind.Conv2D => $"Conv2D({I(o.Units)}, {I(o.Kernel)}{(GraphValidator.StrideOf(o) != 1 ? $", stride {I(GraphValidator.StrideOf(o))}" : "")}{(o.Padding != 0 ? $", pad {I(o.Padding)}" : "")})",
            GraphOpKind.MaxPool or GraphOpKind.AvgPool => $"{o.Kind}({I(o.Kernel)}{(GraphValidator.StrideOf(o) != o.Kernel ? $", stride {I(GraphValidator.StrideOf(o))}" : "")})",
            GraphOpKind.LeakyReLU => $"LeakyReLU({F(o.Slope)})",
            GraphOpKind.ELU => $"ELU({F(o.Alpha)})",
            GraphOpKind.Maxout => $"Maxout({I(o.Pieces)})",
            GraphOpKind.GroupNorm => $"GroupNorm({I(o.Groups)})",
            GraphOpKind.Dropout => $"Dropout({F(o.Probability)})",
            _ => o.Kind.ToString(),
        }));

    private static GraphOp Producer(string layer, OpDescription op, SampleShape input, int pieces, bool weightNorm, OpDescription? activation, ParameterStore parameters)
    {
        switch (op.Kind)
        {
            case GraphOpKind.Dense:
            {
                int width = op.Units * pieces;
                var init = new WeightInitialization(op.Init, width, input.Size, width, activation, op.Bias);
                return new DenseOp($"{layer}", input, width, op.UseBias, weightNorm, init, parameters);
            }

            case GraphOpKind.Conv2D:
            {
                var shape = new ConvShape(input.Channels, input.Height, input.Width, op.Units * pieces, op.Kernel, GraphValidator.StrideOf(op), op.Padding);
                var init = new WeightInitialization(op.Init, shape.Filters, shape.PatchSize, shape.Filters * op.Kernel * op.Kernel, activation, op.Bias);
                return new Conv2DOp($"{layer}", input, shape, op.UseBias, weightNorm, init, parameters);
            }

            case GraphOpKind.MaxPool or GraphOpKind.AvgPool:
            {
                var window = new ConvShape(input.Channels, input.Height, input.Width, input.Channels, op.Kernel, GraphValidator.StrideOf(op), 0);
                return new PoolingOp($"{layer}.{op.Kind}", input, window, op.Kind == GraphOpKind.MaxPool);
            }

            default:
                return new FlattenOp($"{layer}.Flatten", input);
        }
    }

    private static GraphOp Follower(string name, OpDescription op, SampleShape shape, ParameterStore parameters) => op.Kind switch
    {
        GraphOpKind.BatchNorm => new BatchNormOp(name, shape, op.Momentum, op.Epsilon, parameters),
        GraphOpKind.LayerNorm => new LayerNormOp(name, shape, op.Epsilon, parameters),
        GraphOpKind.GroupNorm => new GroupNormOp(name, shape, op.Groups, op.Epsilon, parameters),
        GraphOpKind.InstanceNorm => new GroupNormOp(name, shape, shape.Channels, op.Epsilon, parameters),
        GraphOpKind.ReLU => new ActivationOp<Relu>(name, shape, default),
        GraphOpKind.LeakyReLU => new ActivationOp<LeakyRelu>(name, shape, new LeakyRelu(op.Slope)),
        GraphOpKind.Tanh => new ActivationOp<Tanh>(name, shape, default),
        GraphOpKind.Sigmoid => new ActivationOp<Sigmoid>(name, shape, default),
        GraphOpKind.ELU => new ActivationOp<Elu>(name, shape, new Elu(op.Alpha)),
        GraphOpKind.GELU => new ActivationOp<Gelu>(name, shape, default),
        GraphOpKind.SiLU => new ActivationOp<Silu>(name, shape, default),
        GraphOpKind.PReLU => new PReluOp(name, shape, parameters),
        GraphOpKind.Maxout => new MaxoutOp(name, shape, op.Pieces),
        GraphOpKind.Dropout => new DropoutOp(name, shape, op.Probability),
        _ => throw new GraphSpecException($"{op.Kind} cannot follow the producing op in {name}."),
    };

    private static string I(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string F(float value) => value.ToString("R", CultureInfo.InvariantCulture);
}
