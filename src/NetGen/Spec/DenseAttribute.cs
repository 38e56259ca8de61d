namespace NetGen;

/// <summary>A fully connected layer: y = x·Wᵀ + b with W of shape [units, inputs] (torch.nn.Linear's layout).</summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class DenseAttribute(int units) : Attribute
{
    /// <summary>Output units.</summary>
    public int Units { get; } = units;

    /// <summary>Weight initialization; <see cref="Init.Auto"/> picks He or Xavier from the activation that follows.</summary>
    public Init Init { get; set; } = Init.Auto;

    /// <summary>A constant every bias starts at (e.g. 0.01 for ReLU units); when unset the init scheme decides.</summary>
    public float Bias { get; set; }

    /// <summary>False drops the bias vector from the layer and from <c>Parameters</c>.</summary>
    public bool UseBias { get; set; } = true;
}
