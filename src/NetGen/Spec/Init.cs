namespace NetGen;

/// <summary>How a producing op's weight (and, unless <c>Bias</c> is set, its bias) starts.</summary>
public enum Init
{
    /// <summary>He normal when a ReLU-family activation follows, Xavier uniform otherwise; bias zero (the course's advice).</summary>
    Auto,

    /// <summary>torch.nn.Linear's default: weight and bias U(-1/√fan_in, 1/√fan_in).</summary>
    PyTorchDefault,

    /// <summary>All zeros. Warned: units that start equal receive equal gradients and never differ.</summary>
    Zeros,

    /// <summary>N(0, 0.01²), the course's "small random numbers".</summary>
    Normal,

    /// <summary>U(-b, b), b = gain·√(6/(fan_in + fan_out)).</summary>
    XavierUniform,

    /// <summary>N(0, σ²), σ = gain·√(2/(fan_in + fan_out)).</summary>
    XavierNormal,

    /// <summary>U(-b, b), b = gain·√(3/fan_in), gain = √(2/(1 + a²)) for the following LeakyReLU slope a (0 otherwise).</summary>
    HeUniform,

    /// <summary>N(0, σ²), σ = gain/√fan_in, gain as for <see cref="HeUniform"/>.</summary>
    HeNormal,

    /// <summary>N(0, σ²), σ = 1/√fan_in.</summary>
    LeCunNormal,
}
