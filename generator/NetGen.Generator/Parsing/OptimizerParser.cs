using Microsoft.CodeAnalysis;

namespace NetGen.Generator.Parsing;

/// <summary>
/// Reads an optimizer attribute over the kind's defaults (<see cref="OptimizerDefaults"/>): the generator sees only the
/// arguments written at the use site, never the attributes' property initializers.
/// </summary>
internal static class OptimizerParser
{
    public static OptimizerSpec Parse(AttributeData attribute, SpecLocation? location)
    {
        OptimizerKind kind = attribute.AttributeClass?.ToDisplayString() switch
        {
            AttributeNames.AdaGrad => OptimizerKind.AdaGrad,
            AttributeNames.RmsProp => OptimizerKind.RmsProp,
            AttributeNames.Adam => OptimizerKind.Adam,
            AttributeNames.AdamW => OptimizerKind.AdamW,
            _ => OptimizerKind.Sgd,
        };
        OptimizerSpec d = OptimizerDefaults.For(kind, location);
        return d with
        {
            LearningRate = attribute.Positional(0, d.LearningRate),
            Momentum = attribute.Named("Momentum", d.Momentum),
            Dampening = attribute.Named("Dampening", d.Dampening),
            Nesterov = attribute.Named("Nesterov", d.Nesterov),
            WeightDecay = attribute.Named("WeightDecay", d.WeightDecay),
            Beta1 = attribute.Named("Beta1", d.Beta1),
            Beta2 = attribute.Named("Beta2", d.Beta2),
            Epsilon = attribute.Named("Epsilon", d.Epsilon),
            AmsGrad = attribute.Named("AmsGrad", d.AmsGrad),
            Alpha = attribute.Named("Alpha", d.Alpha),
            Centered = attribute.Named("Centered", d.Centered),
            LrDecay = attribute.Named("LrDecay", d.LrDecay),
            InitialAccumulator = attribute.Named("InitialAccumulator", d.InitialAccumulator),
            DecayWeightsOnly = attribute.Named("DecayWeightsOnly", d.DecayWeightsOnly),
        };
    }
}
