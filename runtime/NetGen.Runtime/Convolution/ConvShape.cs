namespace NetGen.Runtime;

/// <summary>
/// The fixed geometry of a 2-D convolution or pooling window over NCHW tensors: input [C, H, W] per sample, a
/// Kernel × Kernel window moved by Stride over the input padded by Padding, output [Filters, OutH, OutW].
/// <see cref="CeilMode"/> and <see cref="CountIncludePad"/> are pooling settings (torch.nn.MaxPool2d / AvgPool2d's
/// ceil_mode and count_include_pad); a convolution keeps their defaults.
/// </summary>
public readonly record struct ConvShape(int Channels, int Height, int Width, int Filters, int Kernel, int Stride, int Padding, bool CeilMode = false, bool CountIncludePad = true)
{
    /// <summary>(H + 2P − K)/S + 1, rounded down, or as <see cref="OutputExtent"/> with <see cref="CeilMode"/>.</summary>
    public int OutHeight => OutputExtent(Height, Kernel, Stride, Padding, CeilMode);

    /// <summary>(W + 2P − K)/S + 1, rounded down, or as <see cref="OutputExtent"/> with <see cref="CeilMode"/>.</summary>
    public int OutWidth => OutputExtent(Width, Kernel, Stride, Padding, CeilMode);

    /// <summary>Floats per input sample, C·H·W.</summary>
    public int InputSize => Channels * Height * Width;

    /// <summary>Floats per output sample, F·OutH·OutW.</summary>
    public int OutputSize => Filters * OutHeight * OutWidth;

    /// <summary>One im2col column's length, C·K·K: the convolution's fan-in.</summary>
    public int PatchSize => Channels * Kernel * Kernel;

    /// <summary>Output positions per channel, OutH·OutW.</summary>
    public int Positions => OutHeight * OutWidth;

    /// <summary>
    /// PyTorch's pooling_output_shape: (size + 2P − K)/S + 1 rounded down, or up with <paramref name="ceilMode"/>,
    /// where a last window that would start in the right padding is dropped ((out − 1)·S ≥ size + P).
    /// </summary>
    public static int OutputExtent(int size, int kernel, int stride, int padding, bool ceilMode)
    {
        if (!ceilMode)
        {
            return (size + 2 * padding - kernel) / stride + 1;
        }

        int output = (int)Math.Floor((size + 2 * padding - kernel + stride - 1) / (double)stride) + 1;
        return (output - 1) * stride >= size + padding ? output - 1 : output;
    }
}
