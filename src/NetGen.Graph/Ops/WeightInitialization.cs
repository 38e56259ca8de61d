using NetGen.Initialization;
using NetGen.Randomness;

namespace NetGen.Graph;

/// <summary>
/// The generator's init rules at run time (same schemes, fans, gains and draw order), so a graph built from the same
/// description and seed starts from the same parameters as the generated network. Init.Auto: He normal ahead of a
/// ReLU-family activation (with the leaky gain for LeakyReLU and PReLU's 0.25), Xavier uniform otherwise.
/// </summary>
internal sealed record WeightInitialization(Init Scheme, int Rows, int FanIn, int FanOut, OpDescription? Activation, float? ConstantBias)
{
    public void InitializeWeight(Span<float> weight, SeededRandom random)
    {
        bool reluFamily = Activation?.IsReluFamily ?? false;
        float slope = Activation?.Kind switch { GraphOpKind.LeakyReLU => Activation.Slope, GraphOpKind.PReLU => 0.25f, _ => 0f };
        float heGain = (float)Math.Sqrt(2.0 / (1.0 + (double)slope * slope));
        switch (Scheme)
        {
            case Init.Auto when reluFamily:
            case Init.HeNormal:
                Initializers.HeNormal(weight, FanIn, heGain, random);
                break;
            case Init.Auto:
            case Init.XavierUniform:
                Initializers.XavierUniform(weight, FanIn, FanOut, 1f, random);
                break;
            case Init.PyTorchDefault:
                Initializers.PyTorchDefault(weight, FanIn, random);
                break;
            case Init.Zeros:
                Initializers.Constant(weight, 0f);
                break;
            case Init.Normal:
                Initializers.Normal(weight, 0.01f, random);
                break;
            case Init.XavierNormal:
                Initializers.XavierNormal(weight, FanIn, FanOut, 1f, random);
                break;
            case Init.HeUniform:
                Initializers.HeUniform(weight, FanIn, heGain, random);
                break;
            case Init.LeCunNormal:
                Initializers.LeCunNormal(weight, FanIn, random);
                break;
            case Init.TruncatedNormal:
                Initializers.TruncatedNormal(weight, FanIn, reluFamily ? heGain : 1f, random);
                break;
            case Init.Orthogonal:
                Initializers.Orthogonal(weight, Rows, weight.Length / Rows, OrthogonalGain(), random);
                break;
            default:
                throw new ArgumentException($"Init.{Scheme} is not available in the interpreted engine (LSUV needs a data batch; use the generated InitializeLsuv).");
        }
    }

    /// <summary>Zeros, a constant, or torch's U(±1/√fan_in) with Init.PyTorchDefault (drawn after the weight).</summary>
    public void InitializeBias(Span<float> bias, SeededRandom random)
    {
        if (ConstantBias is { } value)
        {
            Initializers.Constant(bias, value);
        }
        else if (Scheme == Init.PyTorchDefault)
        {
            Initializers.PyTorchDefault(bias, FanIn, random);
        }
    }

    /// <summary>torch.nn.init.calculate_gain of the following activation (linear: 1).</summary>
    private float OrthogonalGain() => Activation?.Kind switch
    {
        GraphOpKind.ReLU => (float)Math.Sqrt(2.0),
        GraphOpKind.LeakyReLU => (float)Math.Sqrt(2.0 / (1.0 + (double)Activation.Slope * Activation.Slope)),
        GraphOpKind.PReLU => (float)Math.Sqrt(2.0 / (1.0 + 0.25 * 0.25)),
        GraphOpKind.Tanh => 5f / 3f,
        _ => 1f,
    };
}
