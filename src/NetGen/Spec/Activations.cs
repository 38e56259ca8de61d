namespace NetGen;

/// <summary>max(x, 0), fused into the producing layer's epilogue.</summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class ReLUAttribute : Attribute;

/// <summary>x for x &gt; 0, else slope·x (torch.nn.LeakyReLU, default slope 0.01).</summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class LeakyReLUAttribute(float slope = 0.01f) : Attribute
{
    /// <summary>The slope for negative inputs, in [0, 1).</summary>
    public float Slope { get; } = slope;
}

/// <summary>tanh x.</summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class TanhAttribute : Attribute;

/// <summary>1 / (1 + e^-x).</summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class SigmoidAttribute : Attribute;

/// <summary>x for x &gt; 0, else α(e^x − 1) (torch.nn.ELU, default α = 1).</summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class ELUAttribute(float alpha = 1f) : Attribute
{
    /// <summary>α &gt; 0.</summary>
    public float Alpha { get; } = alpha;
}

/// <summary>x·Φ(x) in the exact erf form (torch.nn.GELU's default).</summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class GELUAttribute : Attribute;

/// <summary>x·σ(x) (torch.nn.SiLU, "swish").</summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class SiLUAttribute : Attribute;

/// <summary>
/// Leaky ReLU with a learned slope per unit, initialized to 0.25 (torch.nn.PReLU(num_parameters = units)).
/// The slopes sit in <c>Parameters</c> after the layer's bias (and norm parameters).
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class PReLUAttribute : Attribute;

/// <summary>
/// Maxout: unit j is the maximum of the producer's outputs jk … jk+k−1. The producer computes units × pieces values
/// (a Dense(64) with Maxout(2) has a weight of [128, in]) and the layer outputs units.
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class MaxoutAttribute(int pieces) : Attribute
{
    /// <summary>k ≥ 2.</summary>
    public int Pieces { get; } = pieces;
}
