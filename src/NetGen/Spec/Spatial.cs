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

/// <summary>
/// Max pooling over size × size windows (torch.nn.MaxPool2d(size, Stride, Padding, ceil_mode: CeilMode)); stride
/// defaults to the size. Padding never wins a window: each window's maximum is over the real inputs it covers.
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class MaxPoolAttribute(int size) : Attribute
{
    /// <summary>The window's side.</summary>
    public int Size { get; } = size;

    /// <summary>The window's step; 0 means the size.</summary>
    public int Stride { get; set; }

    /// <summary>Implicit padding on every side, from 0 to size/2 (PyTorch's limit).</summary>
    public int Padding { get; set; }

    /// <summary>
    /// Round the output size (H + 2P − K)/S + 1 up instead of down, so a last partial window covers the remaining rows;
    /// as PyTorch, a window that would start in the right padding is left out.
    /// </summary>
    public bool CeilMode { get; set; }
}

/// <summary>
/// Average pooling over size × size windows (torch.nn.AvgPool2d(size, Stride, Padding, ceil_mode: CeilMode,
/// count_include_pad: CountIncludePad)); stride defaults to the size.
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class AvgPoolAttribute(int size) : Attribute
{
    /// <summary>The window's side.</summary>
    public int Size { get; } = size;

    /// <summary>The window's step; 0 means the size.</summary>
    public int Stride { get; set; }

    /// <summary>Zeros added on every side, from 0 to size/2 (PyTorch's limit).</summary>
    public int Padding { get; set; }

    /// <summary>
    /// Round the output size (H + 2P − K)/S + 1 up instead of down, so a last partial window covers the remaining rows;
    /// as PyTorch, a window that would start in the right padding is left out.
    /// </summary>
    public bool CeilMode { get; set; }

    /// <summary>
    /// True (PyTorch's default): a window's sum is divided by its size clipped to the padded input, padding included;
    /// false: by the number of real inputs it covers.
    /// </summary>
    public bool CountIncludePad { get; set; } = true;
}

/// <summary>Flattens a spatial [C, H, W] sample to C·H·W features (implicit before a Dense; explicit for clarity).</summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class FlattenAttribute : Attribute;
