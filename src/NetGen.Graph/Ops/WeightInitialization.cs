using NetGen.Initialization;
using NetGen.Randomness;
using NetGen.Spec;

namespace NetGen.Graph;

/// <summary>
/// A producer's resolved init (<see cref="InitResolution"/>, the rules the generator compiles), carried out with the
/// generator's draws in the generator's order, so a graph built from the same spec and seed starts from the same
/// parameters as the generated network.
/// </summary>
internal sealed record WeightInitialization(ResolvedInit Weight, ResolvedBias Bias, int Rows)
{
    public WeightInitialization(OpSpec producer, int rows, int fanIn, int fanOut, OpSpec? activation)
        : this(InitResolution.Weight(producer, activation, fanIn, fanOut), InitResolution.Bias(producer), rows)
    {
    }

    public void InitializeWeight(Span<float> weight, SeededRandom random)
    {
        switch (Weight.Scheme)
        {
            case InitKind.HeNormal:
                Initializers.HeNormal(weight, Weight.FanIn, Weight.Gain, random);
                break;
            case InitKind.XavierUniform:
                Initializers.XavierUniform(weight, Weight.FanIn, Weight.FanOut, Weight.Gain, random);
                break;
            case InitKind.PyTorchDefault:
                Initializers.PyTorchDefault(weight, Weight.FanIn, random);
                break;
            case InitKind.Zeros:
                Initializers.Constant(weight, 0f);
                break;
            case InitKind.Normal:
                Initializers.Normal(weight, 0.01f, random);
                break;
            case InitKind.XavierNormal:
                Initializers.XavierNormal(weight, Weight.FanIn, Weight.FanOut, Weight.Gain, random);
                break;
            case InitKind.HeUniform:
                Initializers.HeUniform(weight, Weight.FanIn, Weight.Gain, random);
                break;
            case InitKind.LeCunNormal:
                Initializers.LeCunNormal(weight, Weight.FanIn, random);
                break;
            case InitKind.TruncatedNormal:
                Initializers.TruncatedNormal(weight, Weight.FanIn, Weight.Gain, random);
                break;
            case InitKind.Orthogonal:
                Initializers.Orthogonal(weight, Rows, weight.Length / Rows, Weight.Gain, random);
                break;
            default:
                throw new ArgumentException($"Init.{Weight.Scheme} is not available in the interpreted engine (LSUV needs a data batch; use the generated InitializeLsuv).");
        }
    }

    /// <summary>Zeros, a constant, or torch's U(±1/√fan_in) with Init.PyTorchDefault (drawn after the weight).</summary>
    public void InitializeBias(Span<float> bias, SeededRandom random)
    {
        switch (Bias.Scheme)
        {
            case BiasScheme.Constant:
                Initializers.Constant(bias, Bias.Value);
                break;
            case BiasScheme.PyTorchDefault:
                Initializers.PyTorchDefault(bias, Weight.FanIn, random);
                break;
        }
    }
}
