namespace NetGen.Spec;

/// <summary>A weight's init: the scheme (never <see cref="InitKind.Auto"/>: it is resolved here) with its fans and gain worked out from the layer.</summary>
/// <param name="Reason">Why this scheme, for the generated comment (e.g. "Auto: a ReLU-family activation follows").</param>
internal sealed record ResolvedInit(InitKind Scheme, int FanIn, int FanOut, float Gain, string Reason);

internal enum BiasScheme
{
    Zeros,
    Constant,
    PyTorchDefault,
}

/// <summary>A bias's init: zeros, the constant <paramref name="Value"/>, or torch's U(±1/√fan_in).</summary>
internal sealed record ResolvedBias(BiasScheme Scheme, float Value);

/// <summary>
/// The init rules of both engines, so a spec and seed give the same parameters either way. Init.Auto follows the course:
/// He normal ahead of a ReLU-family activation (with the leaky gain √(2/(1+a²)) for LeakyReLU's slope or PReLU's initial
/// 0.25, as torch's kaiming for leaky_relu), Xavier uniform otherwise.
/// </summary>
internal static class InitResolution
{
    /// <summary>PReLU's slopes start at 0.25, as torch.nn.PReLU's.</summary>
    public const float PReluInitialSlope = 0.25f;

    /// <summary>Rectifiers before which Init.Auto picks He.</summary>
    public static bool IsReluFamily(OpKind kind) =>
        kind is OpKind.ReLU or OpKind.LeakyReLU or OpKind.PReLU or OpKind.ELU or OpKind.GELU or OpKind.SiLU;

    /// <summary>The init of <paramref name="producer"/>'s weight, given the layer's activation (if any) and its fans.</summary>
    public static ResolvedInit Weight(OpSpec producer, OpSpec? activation, int fanIn, int fanOut)
    {
        bool reluFamily = activation is not null && IsReluFamily(activation.Kind);
        float heGain = (float)System.Math.Sqrt(2.0 / (1.0 + (double)NegativeSlope(activation) * NegativeSlope(activation)));
        ResolvedInit As(InitKind scheme, float gain, string reason) => new(scheme, fanIn, fanOut, gain, reason);
        return producer.Init switch
        {
            InitKind.Auto when reluFamily => As(InitKind.HeNormal, heGain, "Auto: a ReLU-family activation follows"),
            InitKind.Auto => As(InitKind.XavierUniform, 1f, "Auto: no ReLU-family activation follows"),
            InitKind.PyTorchDefault => As(InitKind.PyTorchDefault, 1f, "as torch.nn.Linear"),
            InitKind.Zeros => As(InitKind.Zeros, 1f, "as requested (NG0017)"),
            InitKind.Normal => As(InitKind.Normal, 1f, "σ = 0.01"),
            InitKind.XavierUniform => As(InitKind.XavierUniform, 1f, "as requested"),
            InitKind.XavierNormal => As(InitKind.XavierNormal, 1f, "as requested"),
            InitKind.HeUniform => As(InitKind.HeUniform, heGain, "as requested"),
            InitKind.HeNormal => As(InitKind.HeNormal, heGain, "as requested"),
            InitKind.LeCunNormal => As(InitKind.LeCunNormal, 1f, "as requested"),
            InitKind.TruncatedNormal => As(InitKind.TruncatedNormal, reluFamily ? heGain : 1f, "σ = gain/√fan_in, cut at ±2σ"),
            InitKind.Orthogonal => As(InitKind.Orthogonal, OrthogonalGain(activation), "gain of the activation that follows"),
            _ => As(InitKind.Lsuv, 1f, "orthogonal now, rescaled by InitializeLsuv"),
        };
    }

    /// <summary>A constant bias when one is given, torch's U(±1/√fan_in) with Init.PyTorchDefault, zeros otherwise.</summary>
    public static ResolvedBias Bias(OpSpec producer) =>
        producer.HasConstantBias ? new ResolvedBias(BiasScheme.Constant, producer.Bias)
        : producer.Init == InitKind.PyTorchDefault ? new ResolvedBias(BiasScheme.PyTorchDefault, 0f)
        : new ResolvedBias(BiasScheme.Zeros, 0f);

    /// <summary>torch.nn.init.calculate_gain of the following activation (linear: 1).</summary>
    private static float OrthogonalGain(OpSpec? activation) => activation?.Kind switch
    {
        OpKind.ReLU => (float)System.Math.Sqrt(2.0),
        OpKind.LeakyReLU or OpKind.PReLU => (float)System.Math.Sqrt(2.0 / (1.0 + (double)NegativeSlope(activation) * NegativeSlope(activation))),
        OpKind.Tanh => 5f / 3f,
        _ => 1f,
    };

    /// <summary>The slope a leaky rectifier starts with: LeakyReLU's, PReLU's initial 0.25; 0 for the rest.</summary>
    private static float NegativeSlope(OpSpec? activation) => activation?.Kind switch
    {
        OpKind.LeakyReLU => activation.Slope,
        OpKind.PReLU => PReluInitialSlope,
        _ => 0f,
    };
}
