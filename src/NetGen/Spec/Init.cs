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

    /// <summary>
    /// N(0, σ²) redrawn outside ±2σ, σ = gain/√fan_in with the He gain before a ReLU-family activation and 1 otherwise
    /// (the truncation leaves an actual standard deviation of about 0.88σ).
    /// </summary>
    TruncatedNormal,

    /// <summary>A (semi-)orthogonal weight: Q of the QR of a normal matrix, sign-fixed by diag R, times the gain (torch.nn.init.orthogonal_).</summary>
    Orthogonal,

    /// <summary>
    /// Layer-sequential unit variance (Mishkin &amp; Matas): orthogonal at construction, then the generated
    /// <c>InitializeLsuv(inputs)</c> rescales each such layer in order until its output variance on the batch is 1 ± 0.1.
    /// </summary>
    Lsuv,
}
