using System.Reflection;

namespace NetGen.Graph;

/// <summary>
/// Reads a NetGen network class's attributes by reflection into a <see cref="GraphDescription"/>: the same spec the
/// generator compiled, so the interpreter can run exactly the network a generated class is (for benchmarks and for
/// equivalence tests). Layers are the class's <see cref="Layer"/> properties in declaration order; attributes are read
/// as written (<see cref="CustomAttributeData"/>), so a named argument left out keeps its default exactly as the
/// generator sees it.
/// </summary>
public static class GraphAttributes
{
    /// <summary>The description of the network class <paramref name="network"/>.</summary>
    public static GraphDescription Read(Type network)
    {
        ArgumentNullException.ThrowIfNull(network);
        IList<CustomAttributeData> classAttributes = network.GetCustomAttributesData();
        CustomAttributeData spec = Find(classAttributes, typeof(NetworkAttribute)) ?? throw new GraphSpecException($"{network.Name} has no [Network] attribute.");
        CustomAttributeData input = Find(classAttributes, typeof(InputAttribute)) ?? throw new GraphSpecException($"{network.Name} has no [Input] attribute.");
        int[] shape = ((IEnumerable<CustomAttributeTypedArgument>)input.ConstructorArguments[0].Value!).Select(a => (int)a.Value!).ToArray();
        var layers = network.GetProperties(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
            .Where(p => p.PropertyType == typeof(Layer) && p.GetCustomAttributesData().Count > 0)
            .OrderBy(p => p.MetadataToken)
            .Select(p => new LayerDescription(p.Name, p.GetCustomAttributesData().Select(a => Op(a, network, p)).OfType<OpDescription>().ToArray()))
            .ToArray();
        return new GraphDescription(shape, Named(spec, "BatchSize", 32), layers, Loss(classAttributes, network), Optimizer(classAttributes, network), Regularization(classAttributes));
    }

    private static OpDescription? Op(CustomAttributeData a, Type network, PropertyInfo property)
    {
        string name = a.AttributeType.Name;
        return name switch
        {
            nameof(DenseAttribute) => new OpDescription(GraphOpKind.Dense, Units: Positional<int>(a, 0), Init: Named(a, "Init", Init.Auto), UseBias: Named(a, "UseBias", true), Bias: NamedOrNull(a, "Bias")),
            nameof(Conv2DAttribute) => new OpDescription(GraphOpKind.Conv2D, Units: Positional<int>(a, 0), Kernel: Positional<int>(a, 1), Stride: Named(a, "Stride", 1), Padding: Named(a, "Padding", 0), Init: Named(a, "Init", Init.Auto), UseBias: Named(a, "UseBias", true), Bias: NamedOrNull(a, "Bias")),
            nameof(MaxPoolAttribute) => new OpDescription(GraphOpKind.MaxPool, Kernel: Positional<int>(a, 0), Stride: Named(a, "Stride", 0)),
            nameof(AvgPoolAttribute) => new OpDescription(GraphOpKind.AvgPool, Kernel: Positional<int>(a, 0), Stride: Named(a, "Stride", 0)),
            nameof(FlattenAttribute) => new OpDescription(GraphOpKind.Flatten),
            nameof(BatchNormAttribute) => new OpDescription(GraphOpKind.BatchNorm, Momentum: Named(a, "Momentum", 0.1f), Epsilon: Named(a, "Epsilon", 1e-5f)),
            nameof(LayerNormAttribute) => new OpDescription(GraphOpKind.LayerNorm, Epsilon: Named(a, "Epsilon", 1e-5f)),
            nameof(GroupNormAttribute) => new OpDescription(GraphOpKind.GroupNorm, Groups: Positional<int>(a, 0), Epsilon: Named(a, "Epsilon", 1e-5f)),
            nameof(InstanceNormAttribute) => new OpDescription(GraphOpKind.InstanceNorm, Epsilon: Named(a, "Epsilon", 1e-5f)),
            nameof(WeightNormAttribute) => new OpDescription(GraphOpKind.WeightNorm),
            nameof(ReLUAttribute) => new OpDescription(GraphOpKind.ReLU),
            nameof(LeakyReLUAttribute) => new OpDescription(GraphOpKind.LeakyReLU, Slope: Positional<float>(a, 0)),
            nameof(TanhAttribute) => new OpDescription(GraphOpKind.Tanh),
            nameof(SigmoidAttribute) => new OpDescription(GraphOpKind.Sigmoid),
            nameof(ELUAttribute) => new OpDescription(GraphOpKind.ELU, Alpha: Positional<float>(a, 0)),
            nameof(GELUAttribute) => new OpDescription(GraphOpKind.GELU),
            nameof(SiLUAttribute) => new OpDescription(GraphOpKind.SiLU),
            nameof(PReLUAttribute) => new OpDescription(GraphOpKind.PReLU),
            nameof(MaxoutAttribute) => new OpDescription(GraphOpKind.Maxout, Pieces: Positional<int>(a, 0)),
            nameof(DropoutAttribute) => new OpDescription(GraphOpKind.Dropout, Probability: Positional<float>(a, 0)),
            _ when a.AttributeType.Namespace == "NetGen" => throw new GraphSpecException($"{network.Name}.{property.Name} has [{name}], which the interpreter does not know."),
            _ => null, // not a NetGen attribute
        };
    }

    private static LossDescription Loss(IList<CustomAttributeData> attributes, Type network)
    {
        if (Find(attributes, typeof(SoftmaxCrossEntropyAttribute)) is { } softmax)
        {
            return new LossDescription(GraphLossKind.SoftmaxCrossEntropy, Named(softmax, "LabelSmoothing", 0f));
        }

        if (Find(attributes, typeof(MeanSquaredErrorAttribute)) is not null)
        {
            return new LossDescription(GraphLossKind.MeanSquaredError);
        }

        return Find(attributes, typeof(BinaryCrossEntropyAttribute)) is not null
            ? new LossDescription(GraphLossKind.BinaryCrossEntropy)
            : throw new GraphSpecException($"{network.Name} has no loss attribute.");
    }

    private static OptimizerDescription Optimizer(IList<CustomAttributeData> attributes, Type network)
    {
        (Type Attribute, GraphOptimizerKind Kind)[] kinds =
        [
            (typeof(SgdAttribute), GraphOptimizerKind.Sgd), (typeof(AdaGradAttribute), GraphOptimizerKind.AdaGrad), (typeof(RmsPropAttribute), GraphOptimizerKind.RmsProp),
            (typeof(AdamAttribute), GraphOptimizerKind.Adam), (typeof(AdamWAttribute), GraphOptimizerKind.AdamW),
        ];
        foreach ((Type attribute, GraphOptimizerKind kind) in kinds)
        {
            if (Find(attributes, attribute) is not { } a)
            {
                continue;
            }

            OptimizerDescription d = OptimizerDescription.Defaults(kind, a.ConstructorArguments.Count > 0 ? (float)a.ConstructorArguments[0].Value! : null);
            return d with
            {
                Momentum = Named(a, "Momentum", d.Momentum),
                Dampening = Named(a, "Dampening", d.Dampening),
                Nesterov = Named(a, "Nesterov", d.Nesterov),
                WeightDecay = Named(a, "WeightDecay", d.WeightDecay),
                Beta1 = Named(a, "Beta1", d.Beta1),
                Beta2 = Named(a, "Beta2", d.Beta2),
                Epsilon = Named(a, "Epsilon", d.Epsilon),
                AmsGrad = Named(a, "AmsGrad", d.AmsGrad),
                Alpha = Named(a, "Alpha", d.Alpha),
                Centered = Named(a, "Centered", d.Centered),
                LrDecay = Named(a, "LrDecay", d.LrDecay),
                InitialAccumulator = Named(a, "InitialAccumulator", d.InitialAccumulator),
                DecayWeightsOnly = Named(a, "DecayWeightsOnly", d.DecayWeightsOnly),
            };
        }

        throw new GraphSpecException($"{network.Name} has no optimizer attribute.");
    }

    private static RegularizationDescription Regularization(IList<CustomAttributeData> attributes) => new(
        Find(attributes, typeof(ClipGradNormAttribute)) is { } norm ? Positional<float>(norm, 0) : 0f,
        Find(attributes, typeof(ClipGradValueAttribute)) is { } value ? Positional<float>(value, 0) : 0f,
        Find(attributes, typeof(L1Attribute)) is { } l1 ? Positional<float>(l1, 0) : 0f);

    private static CustomAttributeData? Find(IList<CustomAttributeData> attributes, Type type) => attributes.FirstOrDefault(a => a.AttributeType == type);

    private static T Positional<T>(CustomAttributeData a, int index) => (T)a.ConstructorArguments[index].Value!;

    private static T Named<T>(CustomAttributeData a, string name, T fallback)
    {
        foreach (CustomAttributeNamedArgument argument in a.NamedArguments)
        {
            if (argument.MemberName == name)
            {
                // Enums arrive as their underlying integer.
                return typeof(T).IsEnum ? (T)Enum.ToObject(typeof(T), argument.TypedValue.Value!) : (T)argument.TypedValue.Value!;
            }
        }

        return fallback;
    }

    private static float? NamedOrNull(CustomAttributeData a, string name) =>
        a.NamedArguments.Any(n => n.MemberName == name) ? Named(a, name, 0f) : null;
}
