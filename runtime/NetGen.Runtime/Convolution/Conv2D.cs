namespace NetGen.Runtime;

/// <summary>
/// 2-D convolution (torch.nn.Conv2d, cross-correlation) over NCHW batches, lowered per sample to GEMM on im2col columns:
/// y_b[F, P] = W[F, C·K·K] · cols_b[C·K·K, P] (+ bias per filter). Backward: ∂W = Σ_b ∂y_b · cols_bᵀ,
/// ∂cols_b = Wᵀ · ∂y_b, then col2im into ∂x_b; ∂b_f = Σ_b Σ_p ∂y_b[f, p].
/// </summary>
public static class Conv2D
{
    /// <summary>Floats of scratch the calls need: one sample's columns, plus one weight-gradient partial.</summary>
    public static int ScratchSize(in ConvShape shape) => shape.PatchSize * shape.Positions + shape.Filters * shape.PatchSize;

    /// <summary>y[batch, F, OutH, OutW] = conv(x[batch, C, H, W], weight[F, C, K, K]) + bias[F] (bias may be empty).</summary>
    public static void Forward(ReadOnlySpan<float> x, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, in ConvShape shape, int batch, Span<float> y, Span<float> scratch, GemmScratch gemm)
    {
        Span<float> cols = scratch.Slice(0, shape.PatchSize * shape.Positions);
        int positions = shape.Positions;
        for (int b = 0; b < batch; b++)
        {
            Im2Col.Forward(x.Slice(b * shape.InputSize, shape.InputSize), shape, cols);
            Span<float> yb = y.Slice(b * shape.OutputSize, shape.OutputSize);
            Gemm.Multiply(weight, cols, shape.Filters, positions, shape.PatchSize, yb, gemm);
            if (!bias.IsEmpty)
            {
                for (int f = 0; f < shape.Filters; f++)
                {
                    Span<float> plane = yb.Slice(f * positions, positions);
                    float value = bias[f];
                    for (int p = 0; p < positions; p++)
                    {
                        plane[p] += value;
                    }
                }
            }
        }
    }

    /// <summary>
    /// From dy[batch, F, OutH, OutW]: dWeight[F, C·K·K] and dBias[F] (overwritten), and dx[batch, C, H, W] (overwritten)
    /// unless dx is empty (the first layer needs no input gradient).
    /// </summary>
    public static void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> weight, ReadOnlySpan<float> dy, in ConvShape shape, int batch, Span<float> dWeight, Span<float> dBias, Span<float> dx, Span<float> scratch, GemmScratch gemm)
    {
        int positions = shape.Positions, patch = shape.PatchSize;
        Span<float> cols = scratch.Slice(0, patch * positions);
        Span<float> partial = scratch.Slice(patch * positions, shape.Filters * patch);
        dWeight.Clear();
        dBias.Clear();
        if (!dx.IsEmpty)
        {
            dx.Slice(0, batch * shape.InputSize).Clear();
        }

        for (int b = 0; b < batch; b++)
        {
            ReadOnlySpan<float> dyb = dy.Slice(b * shape.OutputSize, shape.OutputSize);
            Im2Col.Forward(x.Slice(b * shape.InputSize, shape.InputSize), shape, cols);
            Gemm.MultiplyTransposedB(dyb, cols, shape.Filters, patch, positions, partial, gemm); // ∂y_b · cols_bᵀ
            for (int i = 0; i < partial.Length; i++)
            {
                dWeight[i] += partial[i];
            }

            for (int f = 0; f < shape.Filters && !dBias.IsEmpty; f++)
            {
                double sum = 0;
                foreach (float v in dyb.Slice(f * positions, positions))
                {
                    sum += v;
                }

                dBias[f] += (float)sum;
            }

            if (!dx.IsEmpty)
            {
                Gemm.MultiplyTransposedA(weight, dyb, patch, positions, shape.Filters, cols, gemm); // Wᵀ · ∂y_b
                Im2Col.Backward(cols, shape, dx.Slice(b * shape.InputSize, shape.InputSize));
            }
        }
    }
}
