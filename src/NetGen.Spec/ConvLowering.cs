namespace NetGen.Spec;

/// <summary>The three ways the runtime computes a convolution.</summary>
internal enum ConvLowering
{
    /// <summary>1 × 1, stride 1, unpadded: one GEMM per sample on the input as it lies (im2col would only copy x).</summary>
    Pointwise,

    /// <summary>Stride 1, K &gt; 1, padding below K: the GEMM micro-kernel reads its columns straight from a zero-padded copy of the input.</summary>
    Direct,

    /// <summary>Every other shape (strided): im2col columns, a chunk of samples per GEMM.</summary>
    Im2Col,
}

/// <summary>
/// Which lowering a convolution's fixed shape gets, decided once for both engines (the generator emits that kernel's
/// calls; the interpreter calls it). The runtime's PointwiseConv.Applies and DirectConv.Applies are the kernels'
/// preconditions, which this choice always meets.
/// </summary>
internal static class ConvLowerings
{
    public static ConvLowering Choose(int kernel, int stride, int padding) =>
        kernel == 1 && stride == 1 && padding == 0 ? ConvLowering.Pointwise
        : stride == 1 && kernel > 1 && padding < kernel ? ConvLowering.Direct
        : ConvLowering.Im2Col;
}
