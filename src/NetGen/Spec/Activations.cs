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
