using System.Reflection;
using NetGen.Spec;

namespace NetGen.Graph;

/// <summary>
/// Reads a NetGen network class's attributes by reflection into a <see cref="GraphDescription"/>: the same spec the
/// generator compiled, so the interpreter can run exactly the network a generated class is (for benchmarks and for
/// equivalence tests). Layers are the class's <see cref="Layer"/> properties in declaration order; attributes are read
/// as written (<see cref="CustomAttributeData"/>), so a named argument left out keeps its default exactly as the
/// generator sees it, and the description breaks the same rules the generator reported (a Layer property without ops
/// included: NG0006).
/// </summary>
public static class GraphAttributes
{
    /// <summary>The description of the network class <paramref name="network"/>.</summary>
    public static GraphDescription Read(Type network)
    {
        ArgumentNullException.ThrowIfNull(network);
        IList<CustomAttributeData> classAttributes = network.GetCustomAttributesData();
        CustomAttributeData spec = Find(classAttributes, typeof(NetworkAttribute)) ?? throw new GraphSpecException($"{network.Name} has no [Network] attribute.");
        CustomAttributeData? input = Find(classAttributes, typeof(InputAttribute));
        int[] shape = input is null ? [] : ((IEnumerable<CustomAttributeTypedArgument>)input.ConstructorArguments[0].Value!).Select(a => (int)a.Value!).ToArray();
        var layers = network.GetProperties(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
            .Where(p => p.PropertyType == typeof(Layer))
            .OrderBy(p => p.MetadataToken)
            .Select(p => LayerSpec.Described(p.Name, p.GetCustomAttributesData().Select(a => Op(a, network, p)).OfType<OpSpec>()));
        NetworkSpec described = NetworkSpec.Described(
            network.Name,
            shape,
            Named(spec, "BatchSize", 32),
            layers,
            Losses(classAttributes),
            Optimizers(classAttributes),
            Regularizers(classAttributes));
        return new GraphDescription(input is null ? described with { HasInput = false } : described);
    }

    private static OpSpec? Op(CustomAttributeData a, Type network, PropertyInfo property) => a.AttributeType.Name switch
    {
        nameof(DenseAttribute) => new OpSpec(OpKind.Dense, null, Units: Positional(a, 0, 0), Init: (InitKind)Named(a, "Init", Init.Auto), HasConstantBias: HasNamed(a, "Bias"), Bias: Named(a, "Bias", 0f), UseBias: Named(a, "UseBias", true)),
        nameof(Conv2DAttribute) => new OpSpec(OpKind.Conv2D, null, Units: Positional(a, 0, 0), Kernel: Positional(a, 1, 0), Stride: Named(a, "Stride", 1), Padding: Named(a, "Padding", 0), Init: (InitKind)Named(a, "Init", Init.Auto), HasConstantBias: HasNamed(a, "Bias"), Bias: Named(a, "Bias", 0f), UseBias: Named(a, "UseBias", true)),
        nameof(MaxPoolAttribute) => OpSpec.Pooling(OpKind.MaxPool, null, Positional(a, 0, 0), Named(a, "Stride", 0), Named(a, "Padding", 0), Named(a, "CeilMode", false)),
        nameof(AvgPoolAttribute) => OpSpec.Pooling(OpKind.AvgPool, null, Positional(a, 0, 0), Named(a, "Stride", 0), Named(a, "Padding", 0), Named(a, "CeilMode", false), Named(a, "CountIncludePad", true)),
        nameof(FlattenAttribute) => new OpSpec(OpKind.Flatten, null),
        nameof(BatchNormAttribute) => new OpSpec(OpKind.BatchNorm, null, Momentum: Named(a, "Momentum", 0.1f), Epsilon: Named(a, "Epsilon", 1e-5f)),
        nameof(LayerNormAttribute) => new OpSpec(OpKind.LayerNorm, null, Epsilon: Named(a, "Epsilon", 1e-5f)),
        nameof(GroupNormAttribute) => new OpSpec(OpKind.GroupNorm, null, Pieces: Positional(a, 0, 0), Epsilon: Named(a, "Epsilon", 1e-5f)),
        nameof(InstanceNormAttribute) => new OpSpec(OpKind.InstanceNorm, null, Epsilon: Named(a, "Epsilon", 1e-5f)),
        nameof(WeightNormAttribute) => new OpSpec(OpKind.WeightNorm, null),
        nameof(ReLUAttribute) => new OpSpec(OpKind.ReLU, null),
        nameof(LeakyReLUAttribute) => new OpSpec(OpKind.LeakyReLU, null, Slope: Positional(a, 0, 0.01f)),
        nameof(TanhAttribute) => new OpSpec(OpKind.Tanh, null),
        nameof(SigmoidAttribute) => new OpSpec(OpKind.Sigmoid, null),
        nameof(ELUAttribute) => new OpSpec(OpKind.ELU, null, Alpha: Positional(a, 0, 1f)),
        nameof(GELUAttribute) => new OpSpec(OpKind.GELU, null),
        nameof(SiLUAttribute) => new OpSpec(OpKind.SiLU, null),
        nameof(PReLUAttribute) => new OpSpec(OpKind.PReLU, null),
        nameof(MaxoutAttribute) => new OpSpec(OpKind.Maxout, null, Pieces: Positional(a, 0, 0)),
        nameof(DropoutAttribute) => new OpSpec(OpKind.Dropout, null, Probability: Positional(a, 0, float.NaN)),
        nameof(MaxNormAttribute) => new OpSpec(OpKind.MaxNorm, null, Value: Positional(a, 0, float.NaN)),
        nameof(GaussianNoiseAttribute) => new OpSpec(OpKind.GaussianNoise, null, Value: Positional(a, 0, float.NaN)),
        nameof(ActivityL1Attribute) => new OpSpec(OpKind.ActivityL1, null, Value: Positional(a, 0, float.NaN)),
        _ when a.AttributeType.Namespace == "NetGen" => throw new GraphSpecException($"{network.Name}.{property.Name} has [{a.AttributeType.Name}], which the interpreter does not know."),
        _ => null, // not a NetGen attribute
    };

    private static IEnumerable<LossSpec> Losses(IList<CustomAttributeData> attributes) => attributes.Select(a => a.AttributeType.Name switch
    {
        nameof(SoftmaxCrossEntropyAttribute) => new LossSpec(LossKind.SoftmaxCrossEntropy, null, Named(a, "LabelSmoothing", 0f)),
        nameof(MeanSquaredErrorAttribute) => new LossSpec(LossKind.MeanSquaredError, null),
        nameof(BinaryCrossEntropyAttribute) => new LossSpec(LossKind.BinaryCrossEntropy, null),
        _ => null,
    }).OfType<LossSpec>();

    private static IEnumerable<OptimizerSpec> Optimizers(IList<CustomAttributeData> attributes)
    {
        foreach (CustomAttributeData a in attributes)
        {
            OptimizerKind? kind = a.AttributeType.Name switch
            {
                nameof(SgdAttribute) => OptimizerKind.Sgd,
                nameof(AdaGradAttribute) => OptimizerKind.AdaGrad,
                nameof(RmsPropAttribute) => OptimizerKind.RmsProp,
                nameof(AdamAttribute) => OptimizerKind.Adam,
                nameof(AdamWAttribute) => OptimizerKind.AdamW,
                _ => null,
            };
            if (kind is null)
            {
                continue;
            }

            OptimizerSpec d = OptimizerDefaults.For(kind.Value, null);
            yield return d with
            {
                LearningRate = Positional(a, 0, d.LearningRate),
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
    }

    private static IEnumerable<RegularizerSpec> Regularizers(IList<CustomAttributeData> attributes)
    {
        (Type Attribute, RegularizerKind Kind)[] kinds =
            [(typeof(ClipGradNormAttribute), RegularizerKind.ClipGradNorm), (typeof(ClipGradValueAttribute), RegularizerKind.ClipGradValue), (typeof(L1Attribute), RegularizerKind.L1)];
        return kinds
            .Where(k => Find(attributes, k.Attribute) is not null)
            .Select(k => new RegularizerSpec(k.Kind, Positional(Find(attributes, k.Attribute)!, 0, float.NaN), null));
    }

    private static CustomAttributeData? Find(IList<CustomAttributeData> attributes, Type type) => attributes.FirstOrDefault(a => a.AttributeType == type);

    private static T Positional<T>(CustomAttributeData a, int index, T fallback) =>
        index < a.ConstructorArguments.Count && a.ConstructorArguments[index].Value is T value ? value : fallback;

    private static bool HasNamed(CustomAttributeData a, string name) => a.NamedArguments.Any(n => n.MemberName == name);

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
}
