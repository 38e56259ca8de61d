namespace NetGen.Runtime;

/// <summary>
/// The fixed geometry of a 2-D convolution or pooling window over NCHW tensors: input [C, H, W] per sample, a
/// Kernel × Kernel window moved by Stride over the input zero-padded by Padding, output [Filters, OutH, OutW].
/// </summary>
public readonly record struct ConvShape(int Channels, int Height, int Width, int Filters, int Kernel, int Stride, int Padding)
{
    /// <summary>(H + 2P − K)/S + 1.</summary>
    public int OutHeight => (Height + 2 * Padding - Kernel) / Stride + 1;

    /// <summary>(W + 2P − K)/S + 1.</summary>
    public int OutWidth => (Width + 2 * Padding - Kernel) / Stride + 1;

    /// <summary>Floats per input sample, C·H·W.</summary>
    public int InputSize => Channels * Height * Width;

    /// <summary>Floats per output sample, F·OutH·OutW.</summary>
    public int OutputSize => Filters * OutHeight * OutWidth;

    /// <summary>One im2col column's length, C·K·K: the convolution's fan-in.</summary>
    public int PatchSize => Channels * Kernel * Kernel;

    /// <summary>Output positions per channel, OutH·OutW.</summary>
    public int Positions => OutHeight * OutWidth;
}
