using System.Runtime.CompilerServices;

namespace NetGen.Runtime;

/// <summary>
/// 2-D convolution (torch.nn.Conv2d, cross-correlation) over NCHW batches, lowered to GEMM on im2col columns, a chunk of
/// samples at a time: the chunk's columns cols[C·K·K, n·P] (P = OutH·OutW) are laid side by side, Yᵗ[F, n·P] =
/// W[F, C·K·K] · cols, then Yᵗ is written out as y[n, F, P] with the bias. Backward per chunk: dYᵗ gathered from dy;
/// ∂W += dYᵗ · colsᵀ and ∂b += row sums of dYᵗ; ∂cols = Wᵀ · dYᵗ, then col2im into ∂x. A chunk holds as many samples
/// as keep its columns near <see cref="ChunkFloats"/> floats, so im2col's output is still in L2 when the GEMM packs it
/// (one GEMM over a whole batch streamed megabytes of columns through memory), and the GEMMs stay wide enough to block.
/// </summary>
public static class Conv2D
{
    /// <summary>Target floats of im2col columns per chunk (192 KiB); generated code sizes its scratch by <see cref="ScratchSize"/>.</summary>
    public const int ChunkFloats = 48 * 1024;

    /// <summary>Samples per chunk: as many as fit <see cref="ChunkFloats"/> of columns, at least one, at most the batch.</summary>
    public static int ChunkSamples(in ConvShape shape, int batch) => Math.Clamp(ChunkFloats / (shape.PatchSize * shape.Positions), 1, Math.Max(batch, 1));

    /// <summary>Floats of scratch the calls need for batches of up to <paramref name="maxBatch"/>: a chunk's columns and Yᵗ, and one ∂W.</summary>
    public static int ScratchSize(in ConvShape shape, int maxBatch) =>
        (shape.PatchSize + shape.Filters) * shape.Positions * ChunkSamples(shape, maxBatch) + shape.Filters * shape.PatchSize;

    /// <summary>y[batch, F, OutH, OutW] = conv(x[batch, C, H, W], weight[F, C, K, K]) + bias[F] (bias may be empty).</summary>
    public static void Forward(ReadOnlySpan<float> x, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, in ConvShape shape, int batch, Span<float> y, Span<float> scratch, GemmScratch gemm) =>
        Forward(x, weight, bias, shape, batch, y, scratch, gemm, Simd.Width);

    /// <summary>
    /// From dy[batch, F, OutH, OutW]: dWeight[F, C·K·K] and dBias[F] (overwritten; dBias may be empty), and
    /// dx[batch, C, H, W] (overwritten) unless dx is empty (the first layer needs no input gradient).
    /// </summary>
    public static void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> weight, ReadOnlySpan<float> dy, in ConvShape shape, int batch, Span<float> dWeight, Span<float> dBias, Span<float> dx, Span<float> scratch, GemmScratch gemm) =>
        Backward(x, weight, dy, shape, batch, dWeight, dBias, dx, scratch, gemm, Simd.Width);

    /// <summary>The forward pass with im2col and the GEMM at <paramref name="width"/>.</summary>
    internal static void Forward(ReadOnlySpan<float> x, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, in ConvShape shape, int batch, Span<float> y, Span<float> scratch, GemmScratch gemm, SimdWidth width)
    {
        int positions = shape.Positions, chunk = ChunkSamples(shape, batch);
        for (int b0 = 0; b0 < batch; b0 += chunk)
        {
            int samples = Math.Min(chunk, batch - b0), wide = samples * positions;
            Span<float> cols = scratch.Slice(0, shape.PatchSize * wide);
            Span<float> yt = scratch.Slice(shape.PatchSize * wide, shape.Filters * wide);
            for (int b = 0; b < samples; b++)
            {
                Im2Col.Forward(x.Slice((b0 + b) * shape.InputSize, shape.InputSize), shape, cols.Slice(b * positions), wide, width);
            }

            Gemm.Multiply(weight, cols, shape.Filters, wide, shape.PatchSize, yt, gemm, width);
            AddBias(yt, bias, shape, samples, y.Slice(b0 * shape.OutputSize, samples * shape.OutputSize));
        }
    }

    /// <summary>
    /// y[samples, F, positions] = yt[F, samples·positions] + b per filter (b = 0 if empty). Its own method, never
    /// inlined into <see cref="Forward(ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, in ConvShape, int, Span{float}, Span{float}, GemmScratch, SimdWidth)"/>:
    /// beside the inlined GEMM driver there the vector loop ran as a call per plane.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void AddBias(ReadOnlySpan<float> yt, ReadOnlySpan<float> bias, in ConvShape shape, int samples, Span<float> y)
    {
        int positions = shape.Positions, wide = samples * positions;
        for (int b = 0; b < samples; b++)
        {
            for (int f = 0; f < shape.Filters; f++)
            {
                SpanMath.AddScalar(yt.Slice(f * wide + b * positions, positions), bias.IsEmpty ? 0f : bias[f], y.Slice(b * shape.OutputSize + f * positions, positions));
            }
        }
    }

    /// <summary>The backward pass with im2col, col2im and the GEMMs at <paramref name="width"/>.</summary>
    internal static void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> weight, ReadOnlySpan<float> dy, in ConvShape shape, int batch, Span<float> dWeight, Span<float> dBias, Span<float> dx, Span<float> scratch, GemmScratch gemm, SimdWidth width)
    {
        int positions = shape.Positions, patch = shape.PatchSize, chunk = ChunkSamples(shape, batch);
        Span<float> chunkWeight = scratch.Slice(scratch.Length - shape.Filters * patch, shape.Filters * patch);
        if (!dx.IsEmpty)
        {
            dx.Slice(0, batch * shape.InputSize).Clear();
        }

        for (int b0 = 0; b0 < batch; b0 += chunk)
        {
            int samples = Math.Min(chunk, batch - b0), wide = samples * positions;
            Span<float> cols = scratch.Slice(0, patch * wide);
            Span<float> dyt = scratch.Slice(patch * wide, shape.Filters * wide);
            for (int b = 0; b < samples; b++)
            {
                for (int f = 0; f < shape.Filters; f++)
                {
                    dy.Slice((b0 + b) * shape.OutputSize + f * positions, positions).CopyTo(dyt.Slice(f * wide + b * positions, positions));
                }

                Im2Col.Forward(x.Slice((b0 + b) * shape.InputSize, shape.InputSize), shape, cols.Slice(b * positions), wide, width);
            }

            // ∂W = Σ_chunks dYᵗ · colsᵀ: the first chunk writes it, later ones add theirs.
            Gemm.MultiplyTransposedB(dyt, cols, shape.Filters, patch, wide, b0 == 0 ? dWeight : chunkWeight, gemm, width);
            if (b0 > 0)
            {
                SpanMath.AddTo(chunkWeight, dWeight);
            }

            for (int f = 0; f < shape.Filters && !dBias.IsEmpty; f++)
            {
                float sum = (float)SpanMath.Sum(dyt.Slice(f * wide, wide));
                dBias[f] = b0 == 0 ? sum : dBias[f] + sum;
            }

            if (dx.IsEmpty)
            {
                continue;
            }

            Gemm.MultiplyTransposedA(weight, dyt, patch, wide, shape.Filters, cols, gemm, width); // ∂cols = Wᵀ · dYᵗ, reusing the columns' buffer
            for (int b = 0; b < samples; b++)
            {
                Im2Col.Backward(cols.Slice(b * positions), shape, dx.Slice((b0 + b) * shape.InputSize, shape.InputSize), wide, width);
            }
        }
    }
}
