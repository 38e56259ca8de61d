namespace NetGen.Runtime;

/// <summary>
/// 2-D convolution (torch.nn.Conv2d, cross-correlation) over NCHW batches, lowered to one GEMM per batch on im2col
/// columns laid side by side: cols[C·K·K, B·P] (P = OutH·OutW), Yᵗ[F, B·P] = W[F, C·K·K] · cols, then Yᵗ is written
/// out as y[B, F, P] with the bias. Backward: dYᵗ gathered from dy; ∂W = dYᵗ · colsᵀ and ∂b = row sums of dYᵗ, one
/// GEMM each for the whole batch; ∂cols = Wᵀ · dYᵗ, then col2im per sample into ∂x. One large GEMM per pass keeps the
/// micro-kernel busy where per-sample GEMMs (F rows, C·K·K deep) would be too small to block.
/// </summary>
public static class Conv2D
{
    /// <summary>Floats of scratch the calls need for batches of up to <paramref name="maxBatch"/>: the batch's columns and Yᵗ.</summary>
    public static int ScratchSize(in ConvShape shape, int maxBatch) => (shape.PatchSize + shape.Filters) * shape.Positions * maxBatch;

    /// <summary>y[batch, F, OutH, OutW] = conv(x[batch, C, H, W], weight[F, C, K, K]) + bias[F] (bias may be empty).</summary>
    public static void Forward(ReadOnlySpan<float> x, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, in ConvShape shape, int batch, Span<float> y, Span<float> scratch, GemmScratch gemm)
    {
        int positions = shape.Positions, wide = batch * positions;
        Span<float> cols = scratch.Slice(0, shape.PatchSize * wide);
        Span<float> yt = scratch.Slice(shape.PatchSize * wide, shape.Filters * wide);
        for (int b = 0; b < batch; b++)
        {
            Im2Col.Forward(x.Slice(b * shape.InputSize, shape.InputSize), shape, cols.Slice(b * positions), wide);
        }

        Gemm.Multiply(weight, cols, shape.Filters, wide, shape.PatchSize, yt, gemm);
        for (int b = 0; b < batch; b++)
        {
            for (int f = 0; f < shape.Filters; f++)
            {
                SpanMath.AddScalar(yt.Slice(f * wide + b * positions, positions), bias.IsEmpty ? 0f : bias[f], y.Slice(b * shape.OutputSize + f * positions, positions));
            }
        }
    }

    /// <summary>
    /// From dy[batch, F, OutH, OutW]: dWeight[F, C·K·K] and dBias[F] (overwritten; dBias may be empty), and
    /// dx[batch, C, H, W] (overwritten) unless dx is empty (the first layer needs no input gradient).
    /// </summary>
    public static void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> weight, ReadOnlySpan<float> dy, in ConvShape shape, int batch, Span<float> dWeight, Span<float> dBias, Span<float> dx, Span<float> scratch, GemmScratch gemm)
    {
        int positions = shape.Positions, wide = batch * positions, patch = shape.PatchSize;
        Span<float> cols = scratch.Slice(0, patch * wide);
        Span<float> dyt = scratch.Slice(patch * wide, shape.Filters * wide);
        for (int b = 0; b < batch; b++)
        {
            for (int f = 0; f < shape.Filters; f++)
            {
                dy.Slice(b * shape.OutputSize + f * positions, positions).CopyTo(dyt.Slice(f * wide + b * positions, positions));
            }

            Im2Col.Forward(x.Slice(b * shape.InputSize, shape.InputSize), shape, cols.Slice(b * positions), wide);
        }

        Gemm.MultiplyTransposedB(dyt, cols, shape.Filters, patch, wide, dWeight, gemm); // ∂W = dYᵗ · colsᵀ
        for (int f = 0; f < shape.Filters && !dBias.IsEmpty; f++)
        {
            dBias[f] = (float)SpanMath.Sum(dyt.Slice(f * wide, wide));
        }

        if (dx.IsEmpty)
        {
            return;
        }

        Gemm.MultiplyTransposedA(weight, dyt, patch, wide, shape.Filters, cols, gemm); // ∂cols = Wᵀ · dYᵗ, reusing the columns' buffer
        dx.Slice(0, batch * shape.InputSize).Clear();
        for (int b = 0; b < batch; b++)
        {
            Im2Col.Backward(cols.Slice(b * positions), shape, dx.Slice(b * shape.InputSize, shape.InputSize), wide);
        }
    }
}
