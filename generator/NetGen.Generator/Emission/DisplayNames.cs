using NetGen.Generator.Parsing;
using NetGen.Generator.Planning;

namespace NetGen.Generator.Emission;

/// <summary>How the generated comments name optimizers and activations, as the spec language spells them.</summary>
internal static class DisplayNames
{
    public static string Optimizer(OptimizerKind kind) => kind switch
    {
        OptimizerKind.Sgd => "SGD",
        OptimizerKind.RmsProp => "RMSProp",
        _ => kind.ToString(),
    };

    public static string Activation(ActivationKind kind) => kind switch
    {
        ActivationKind.Relu => "ReLU",
        ActivationKind.LeakyRelu => "LeakyReLU",
        ActivationKind.Tanh => "Tanh",
        ActivationKind.Sigmoid => "Sigmoid",
        ActivationKind.Elu => "ELU",
        ActivationKind.Gelu => "GELU",
        ActivationKind.Silu => "SiLU",
        ActivationKind.PRelu => "PReLU",
        ActivationKind.Maxout => "Maxout",
        _ => "identity",
    };
}
