using Microsoft.CodeAnalysis;
using NetGen.Generator.Common;

namespace NetGen.Generator.Parsing;

/// <summary>
/// Reads an optimizer attribute. The fallbacks repeat the attributes' property initializers (PyTorch's defaults):
/// the generator sees only the arguments written at the use site, never the initializers.
/// </summary>
internal static class OptimizerParser
{
    public static OptimizerSpec Parse(AttributeData attribute, LocationInfo? location)
    {
        switch (attribute.AttributeClass?.ToDisplayString())
        {
            case AttributeNames.AdaGrad:
                return Common(attribute, location, OptimizerKind.AdaGrad, defaultRate: 1e-2f, defaultDecay: 0f) with
                {
                    LrDecay = attribute.Named("LrDecay", 0f),
                    InitialAccumulator = attribute.Named("InitialAccumulator", 0f),
                    Epsilon = attribute.Named("Epsilon", 1e-10f),
                };
            case AttributeNames.RmsProp:
                return Common(attribute, location, OptimizerKind.RmsProp, defaultRate: 1e-2f, defaultDecay: 0f) with
                {
                    Alpha = attribute.Named("Alpha", 0.99f),
                    Epsilon = attribute.Named("Epsilon", 1e-8f),
                    Momentum = attribute.Named("Momentum", 0f),
                    Centered = attribute.Named("Centered", false),
                };
            case AttributeNames.Adam:
                return Adam(attribute, location, OptimizerKind.Adam, defaultDecay: 0f);
            case AttributeNames.AdamW:
                return Adam(attribute, location, OptimizerKind.AdamW, defaultDecay: 1e-2f);
            default:
                return Common(attribute, location, OptimizerKind.Sgd, defaultRate: float.NaN, defaultDecay: 0f) with
                {
                    Momentum = attribute.Named("Momentum", 0f),
                    Dampening = attribute.Named("Dampening", 0f),
                    Nesterov = attribute.Named("Nesterov", false),
                };
        }
    }

    private static OptimizerSpec Adam(AttributeData attribute, LocationInfo? location, OptimizerKind kind, float defaultDecay) =>
        Common(attribute, location, kind, defaultRate: 1e-3f, defaultDecay) with
        {
            Beta1 = attribute.Named("Beta1", 0.9f),
            Beta2 = attribute.Named("Beta2", 0.999f),
            Epsilon = attribute.Named("Epsilon", 1e-8f),
            AmsGrad = attribute.Named("AmsGrad", false),
        };

    private static OptimizerSpec Common(AttributeData attribute, LocationInfo? location, OptimizerKind kind, float defaultRate, float defaultDecay) =>
        new(kind, location, attribute.Positional(0, defaultRate))
        {
            WeightDecay = attribute.Named("WeightDecay", defaultDecay),
            DecayWeightsOnly = attribute.Named("DecayWeightsOnly", false),
        };
}
