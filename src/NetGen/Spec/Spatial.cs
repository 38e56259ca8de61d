namespace NetGen;

/// <summary>
/// 2-D convolution over NCHW samples (torch.nn.Conv2d): weight [filters, channels, kernel, kernel], bias [filters].
/// Needs a spatial input (<c>[Input(c, h, w)]</c> or a spatial layer before it).
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class Conv2DAttribute(int filters, int kernel) : Attribute
{
    /// <summary>Output channels.</summary>
    public int Filters { get; } = filters;

    /// <summary>The square window's side.</summary>
    public int Kernel { get; } = kernel;

    /// <summary>The window's step, ≥ 1.</summary>
    public int Stride { get; set; } = 1;

    /// <summary>Zeros added on every side, ≥ 0.</summary>
    public int Padding { get; set; }

    /// <summary>Weight initialization, with fan-in C·K·K and fan-out F·K·K as PyTorch defines them.</summary>
    public Init Init { get; set; } = Init.Auto;

    /// <summary>A constant every bias starts at; when unset the init scheme decides.</summary>
    public float Bias { get; set; }

    /// <summary>False drops the bias.</summary>
    public bool UseBias { get; set; } = true;
}

/// <summary>Max pooling over size × size windows (torch.nn.MaxPool2d, no padding); stride defaults to the size.</summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class MaxPoolAttribute(int size) : Attribute
{
    /// <summary>The window's side.</summary>
    public int Size { get; } = size;

    /// <summary>The window's step; 0 means the size.</summary>
    public int Stride { get; set; }
}

/// <summary>Average pooling over size × size windows (torch.nn.AvgPool2d, no padding); stride defaults to the size.</summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class AvgPoolAttribute(int size) : Attribute
{
    /// <summary>The window's side.</summary>
    public int Size { get; } = size;

    /// <summary>The window's step; 0 means the size.</summary>
    public int Stride { get; set; }
}

/// <summary>Flattens a spatial [C, H, W] sample to C·H·W features (implicit before a Dense; explicit for clarity).</summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class FlattenAttribute : Attribute;
