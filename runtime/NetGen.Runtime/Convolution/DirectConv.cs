using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NetGen.Runtime;

/// <summary>
/// A stride-1 convolution (torch.nn.Conv2d, K &gt; 1, padding &lt; K) computed from the image itself instead of its
/// im2col columns. A chunk of samples is spread channel-major and zero-padded (<see cref="PaddedPlanes"/>); there every
/// window tap is a fixed offset from the output position, so the GEMM micro-kernel reads its B operand straight from
/// the image (<see cref="GemmKernels.RunIndexed"/>, 6 × 16 tiles on AVX2, 6 × 32 on AVX-512 or 8 × 32 where that pads
/// fewer filters; the layout's tile width and vector rounding follow the kernel): Y[F, j] = Σ_k W[F, k] ·
/// planes[offset(k) + j]. im2col wrote and re-read C·K·K copies of every pixel per pass; this writes each pixel once.
/// Backward per chunk: ∂W[f, k] = Σ_j ∂Y[f, j] · planes[offset(k) + j] (<see cref="WindowDots"/>, over ∂y laid out at
/// the input's row width); ∂b = Σ ∂y; ∂x is the same forward kernel on ∂y zero-padded by K − 1 − P with the weights
/// flipped and their channel and filter axes swapped (the transposed convolution), so nothing is scattered back.
/// At <see cref="SimdWidth.Scalar"/> the calls hand over to <see cref="Conv2D"/> (with room for ∂L/∂z when the activation is fused).
/// The public calls run at <see cref="Simd.Width"/>; ScratchSize sizes for that width, so a scratch sized by it fits the calls.
/// </summary>
public static unsafe class DirectConv
{
    /// <summary>Target floats of re-laid-out data per chunk (256 KiB): a chunk's planes, outputs and gradients stay in L2.</summary>
    public const int ChunkFloats = 64 * 1024;

    // The split call being run, written while holding CoreSplit before the workers are released.
    private static Job _job;

    /// <summary>Whether this kernel computes <paramref name="shape"/>: stride 1, a window wider than one, padding below the window.</summary>
    public static bool Applies(in ConvShape shape) => shape.Stride == 1 && shape.Kernel > 1 && shape.Padding < shape.Kernel;

    /// <summary>Samples per chunk: as many as fit <see cref="ChunkFloats"/>, at least one, at most the batch.</summary>
    public static int ChunkSamples(in ConvShape shape, int batch) => Math.Clamp(ChunkFloats / Math.Max(Layout.FloatsPerSample(shape), 1), 1, Math.Max(batch, 1));

    /// <summary>Floats of scratch Forward and Backward need for batches of up to <paramref name="maxBatch"/>: one region per share.</summary>
    public static int ScratchSize(in ConvShape shape, int maxBatch) => ScratchSize(shape, maxBatch, Simd.Width);

    /// <summary>The scratch the calls need at <paramref name="width"/> (the layout's tile width follows the kernel's).</summary>
    internal static int ScratchSize(in ConvShape shape, int maxBatch, SimdWidth width) => width != SimdWidth.Scalar
        ? Shares(shape, maxBatch, splitAllowed: true, int.MaxValue) * ShareFloats(shape, ChunkSamples(shape, maxBatch), width)
        : Conv2D.ScratchSize(shape, maxBatch) + maxBatch * shape.OutputSize;

    /// <summary>y[batch, F, OutH, OutW] = conv(x[batch, C, H, W], weight[F, C, K, K]) + bias[F] (bias may be empty).</summary>
    public static void Forward(ReadOnlySpan<float> x, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, in ConvShape shape, int batch, Span<float> y, Span<float> scratch, GemmScratch gemm) =>
        Forward(x, weight, bias, shape, batch, y, scratch, gemm, default(Identity));

    /// <summary>
    /// y = f(conv(x, weight) + bias), the activation applied as the outputs are gathered out of the chunk (the generated
    /// code fuses activations whose backward reads y this way; one pass over y fewer).
    /// </summary>
    public static void Forward<TActivation>(ReadOnlySpan<float> x, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, in ConvShape shape, int batch, Span<float> y, Span<float> scratch, GemmScratch gemm, TActivation activation)
        where TActivation : struct, IActivation =>
        Forward(x, weight, bias, shape, batch, y, scratch, gemm, activation, Simd.Width);

    /// <summary>The forward pass at <paramref name="width"/>, with a scratch sized by <see cref="ScratchSize(in ConvShape, int, SimdWidth)"/> for it.</summary>
    internal static void Forward<TActivation>(ReadOnlySpan<float> x, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, in ConvShape shape, int batch, Span<float> y, Span<float> scratch, GemmScratch gemm, TActivation activation, SimdWidth width)
        where TActivation : struct, IActivation
    {
        Check(shape, batch, x.Length, weight.Length, bias.Length, y.Length, scratch.Length, width);
        if (width == SimdWidth.Scalar)
        {
            Conv2D.Forward(x, weight, bias, shape, batch, y, scratch, gemm, width);
            Epilogue.Activation(activation, y.Slice(0, batch * shape.OutputSize), width);
            return;
        }

        int region = ShareFloats(shape, ChunkSamples(shape, batch), width), shares = Shares(shape, batch, Gemm.Parallel, scratch.Length / region);
        if (shares > 1 && CoreSplit.TryEnter())
        {
            try
            {
                fixed (float* px = x, pw = weight, pb = bias, py = y, ps = scratch)
                {
                    _job = new Job(shape, batch, shares, (nint)px, x.Length, (nint)pw, weight.Length, (nint)pb, bias.Length, (nint)py, y.Length, (nint)ps, scratch.Length, 0, 0, 0, 0, 0, 0, 0, 0, width);
                    SplitActivation<TActivation>.Value = activation;
                    CoreSplit.Run(&ForwardShare<TActivation>, shares, gemm);
                }
            }
            finally
            {
                CoreSplit.Exit();
            }

            return;
        }

        // One core (or the workers busy): the same shares in turn, so the result has the same bits either way.
        for (int i = 0; i < shares; i++)
        {
            (int first, int count) = ShareRange(batch, i, shares);
            ForwardRange(x, weight, bias, shape, first, count, batch, y, scratch.Slice(i * region, region), gemm, activation, width);
        }
    }

    /// <summary>
    /// From dy[batch, F, OutH, OutW]: dWeight[F, C, K, K] and dBias[F] (overwritten; dBias may be empty), and
    /// dx[batch, C, H, W] (overwritten) unless dx is empty (the first layer needs no input gradient).
    /// </summary>
    public static void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> weight, ReadOnlySpan<float> dy, in ConvShape shape, int batch, Span<float> dWeight, Span<float> dBias, Span<float> dx, Span<float> scratch, GemmScratch gemm) =>
        Backward(x, weight, dy, shape, batch, dWeight, dBias, dx, scratch, gemm, default(Identity), ReadOnlySpan<float>.Empty);

    /// <summary>
    /// Backward through the activation as well: <paramref name="dy"/> is ∂L/∂y for y = f(z), <paramref name="activated"/>
    /// holds y, and ∂L/∂z = ∂L/∂y ⊙ f'(y) is formed as ∂y is laid out for the kernels (no separate pass over it). For
    /// activations whose derivative reads y (<see cref="IActivation.DerivativeThroughInput"/> false); dy is not changed.
    /// </summary>
    public static void Backward<TActivation>(ReadOnlySpan<float> x, ReadOnlySpan<float> weight, ReadOnlySpan<float> dy, in ConvShape shape, int batch, Span<float> dWeight, Span<float> dBias, Span<float> dx, Span<float> scratch, GemmScratch gemm, TActivation activation, ReadOnlySpan<float> activated)
        where TActivation : struct, IActivation =>
        Backward(x, weight, dy, shape, batch, dWeight, dBias, dx, scratch, gemm, activation, activated, Simd.Width);

    /// <summary>The backward pass at <paramref name="width"/>, with a scratch sized by <see cref="ScratchSize(in ConvShape, int, SimdWidth)"/> for it.</summary>
    internal static void Backward<TActivation>(ReadOnlySpan<float> x, ReadOnlySpan<float> weight, ReadOnlySpan<float> dy, in ConvShape shape, int batch, Span<float> dWeight, Span<float> dBias, Span<float> dx, Span<float> scratch, GemmScratch gemm, TActivation activation, ReadOnlySpan<float> activated, SimdWidth width)
        where TActivation : struct, IActivation
    {
        Check(shape, batch, x.Length, weight.Length, dBias.Length, dy.Length, scratch.Length, width);
        if (dWeight.Length < weight.Length || (!dx.IsEmpty && dx.Length < batch * shape.InputSize))
        {
            GradientsTooShort(weight.Length, batch * shape.InputSize, dWeight.Length, dx.Length);
        }

        bool throughActivation = typeof(TActivation) != typeof(Identity);
        if (throughActivation && (DerivativeReads<TActivation>.Input || activated.Length < batch * shape.OutputSize))
        {
            NoActivatedOutputs(batch * shape.OutputSize, activated.Length);
        }

        if (width == SimdWidth.Scalar)
        {
            // im2col + GEMM, on ∂L/∂z formed in the scratch past Conv2D's part when the activation is fused.
            int columns = Conv2D.ScratchSize(shape, batch), outputs = batch * shape.OutputSize;
            ReadOnlySpan<float> dz = dy;
            if (throughActivation)
            {
                Span<float> formed = scratch.Slice(columns, outputs);
                dy.Slice(0, outputs).CopyTo(formed);
                Epilogue.ActivationBackward(activated.Slice(0, outputs), activation, formed, width);
                dz = formed;
            }

            Conv2D.Backward(x, weight, dz, shape, batch, dWeight, dBias, dx, scratch.Slice(0, columns), gemm, width);
            return;
        }

        int region = ShareFloats(shape, ChunkSamples(shape, batch), width), shares = Shares(shape, batch, Gemm.Parallel, scratch.Length / region);
        bool split = false;
        if (shares > 1 && CoreSplit.TryEnter())
        {
            try
            {
                fixed (float* px = x, pw = weight, pdy = dy, ps = scratch, pdw = dWeight, pdb = dBias, pdx = dx, pa = activated)
                {
                    _job = new Job(shape, batch, shares, (nint)px, x.Length, (nint)pw, weight.Length, 0, 0, (nint)pdy, dy.Length, (nint)ps, scratch.Length, (nint)pdw, dWeight.Length, (nint)pdb, dBias.Length, (nint)pdx, dx.Length, (nint)pa, activated.Length, width);
                    SplitActivation<TActivation>.Value = activation;
                    CoreSplit.Run(&BackwardShare<TActivation>, shares, gemm);
                }
            }
            finally
            {
                CoreSplit.Exit();
            }

            split = true;
        }

        for (int i = 0; i < shares; i++)
        {
            (int first, int count) = ShareRange(batch, i, shares);
            Span<float> share = scratch.Slice(i * region, region);
            if (!split)
            {
                BackwardRange(x, weight, dy, shape, first, count, batch, PartialWeight(dWeight, share, shape, i), PartialBias(dBias, share, shape, i), dx, share, gemm, activation, activated, width);
            }

            // Share 0 wrote dWeight and dBias; the others' partial sums are added in share order (fixed bits).
            if (i > 0)
            {
                SpanMath.AddTo(PartialWeight(dWeight, share, shape, i), dWeight.Slice(0, weight.Length));
                if (!dBias.IsEmpty)
                {
                    SpanMath.AddTo(PartialBias(dBias, share, shape, i), dBias.Slice(0, shape.Filters));
                }
            }
        }
    }

    /// <summary>
    /// How many shares a call of this batch is split into: one per compute thread for large calls (when splitting is
    /// allowed), else one; never more than the scratch holds regions for (<paramref name="regions"/>), so a network whose
    /// scratch was sized before <see cref="ComputeThreads.Count"/> grew keeps the shares it was sized for.
    /// </summary>
    private static int Shares(in ConvShape shape, int batch, bool splitAllowed, int regions) =>
        splitAllowed && CoreSplit.Threads > 1 && batch >= 2 && 2L * batch * shape.Filters * shape.PatchSize * shape.Positions >= GemmParallel.MinimumFlops
            ? Math.Max(1, Math.Min(Math.Min(CoreSplit.Threads, batch), regions))
            : 1;

    /// <summary>Samples [first, first + count) of share <paramref name="index"/>: contiguous, as even as the batch allows.</summary>
    private static (int First, int Count) ShareRange(int batch, int index, int shares)
    {
        int first = batch * index / shares;
        return (first, batch * (index + 1) / shares - first);
    }

    /// <summary>One share's scratch: a chunk's layout, then the share's partial ∂W and ∂b (unused by share 0, which writes the outputs).</summary>
    private static int ShareFloats(in ConvShape shape, int chunk, SimdWidth width) => new Layout(shape, chunk, width).Floats + shape.Filters * shape.PatchSize + shape.Filters;

    private static Span<float> PartialWeight(Span<float> dWeight, Span<float> share, in ConvShape shape, int index) =>
        index == 0 ? dWeight : share.Slice(share.Length - shape.Filters * (shape.PatchSize + 1), shape.Filters * shape.PatchSize);

    private static Span<float> PartialBias(Span<float> dBias, Span<float> share, in ConvShape shape, int index) =>
        index == 0 || dBias.IsEmpty ? dBias : share.Slice(share.Length - shape.Filters, shape.Filters);

    /// <summary>Share <paramref name="index"/> of a split forward.</summary>
    private static void ForwardShare<TActivation>(int index, int shares, GemmScratch gemm)
        where TActivation : struct, IActivation
    {
        if (TakeShare(index, shares, out Job job, out int first, out int count, out Span<float> share))
        {
            ForwardRange(Read(job.X, job.XLength), Read(job.Weight, job.WeightLength), Read(job.Bias, job.BiasLength), job.Shape, first, count, job.Batch,
                Write(job.Output, job.OutputLength), share, gemm, SplitActivation<TActivation>.Value, job.Width);
        }
    }

    /// <summary>Share <paramref name="index"/> of a split backward.</summary>
    private static void BackwardShare<TActivation>(int index, int shares, GemmScratch gemm)
        where TActivation : struct, IActivation
    {
        if (TakeShare(index, shares, out Job job, out int first, out int count, out Span<float> share))
        {
            BackwardRange(Read(job.X, job.XLength), Read(job.Weight, job.WeightLength), Read(job.Output, job.OutputLength), job.Shape, first, count, job.Batch,
                PartialWeight(Write(job.DWeight, job.DWeightLength), share, job.Shape, index), PartialBias(Write(job.DBias, job.DBiasLength), share, job.Shape, index),
                Write(job.Dx, job.DxLength), share, gemm, SplitActivation<TActivation>.Value, Read(job.Activated, job.ActivatedLength), job.Width);
        }
    }

    /// <summary>The running job, and share <paramref name="index"/>'s samples and scratch region (<paramref name="shares"/> is the job's count, as CoreSplit.Run was given it).</summary>
    private static bool TakeShare(int index, int shares, out Job job, out int first, out int count, out Span<float> share)
    {
        job = _job;
        (first, count) = ShareRange(job.Batch, index, job.Shares);
        int region = ShareFloats(job.Shape, ChunkSamples(job.Shape, job.Batch), job.Width);
        bool taken = index < shares;
        share = taken ? Write(job.Scratch, job.ScratchLength).Slice(index * region, region) : default;
        return taken;
    }

    private static ReadOnlySpan<float> Read(nint address, int length) => new((float*)address, length);

    private static Span<float> Write(nint address, int length) => new((float*)address, length);

    /// <summary>Forward over samples [first, first + count), a chunk at a time, in one share's scratch region.</summary>
    private static void ForwardRange<TActivation>(ReadOnlySpan<float> x, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, in ConvShape shape, int first, int count, int batch, Span<float> y, Span<float> scratch, GemmScratch gemm, TActivation activation, SimdWidth width)
        where TActivation : struct, IActivation
    {
        int chunk = ChunkSamples(shape, batch);
        Span<int> offsets = MemoryMarshal.Cast<float, int>(scratch.Slice(new Layout(shape, chunk, width).OffsetsStart, shape.PatchSize));
        for (int b0 = first; b0 < first + count; b0 += chunk)
        {
            int samples = Math.Min(chunk, first + count - b0);
            var layout = new Layout(shape, samples, width);
            Span<float> planes = scratch.Slice(0, layout.PlanesLength);
            Span<float> result = scratch.Slice(layout.PlanesLength, layout.ResultLength);
            PaddedPlanes.Spread(x.Slice(b0 * shape.InputSize, samples * shape.InputSize), samples, shape.Channels, shape.Height, shape.Width, planes, layout.ChannelStride, layout.PlaneSize, layout.RowWidth, shape.Padding, width);
            TapOffsets(shape.Channels, shape.Kernel, layout.ChannelStride, layout.RowWidth, offsets);
            Correlate(weight, shape.Filters, planes, offsets, samples, layout.PlaneSize, layout.Positions, result, layout.ResultStride, gemm, width);
            PaddedPlanes.Gather(result, layout.ResultStride, samples, shape.Filters, shape.OutHeight, shape.OutWidth, layout.PlaneSize, layout.RowWidth, bias, activation, y.Slice(b0 * shape.OutputSize, samples * shape.OutputSize), width);
        }
    }

    /// <summary>Backward over samples [first, first + count): this range's ∂W and ∂b overwrite dWeight and dBias; its ∂x rows are written.</summary>
    private static void BackwardRange<TActivation>(ReadOnlySpan<float> x, ReadOnlySpan<float> weight, ReadOnlySpan<float> dy, in ConvShape shape, int first, int count, int batch, Span<float> dWeight, Span<float> dBias, Span<float> dx, Span<float> scratch, GemmScratch gemm, TActivation activation, ReadOnlySpan<float> activated, SimdWidth width)
        where TActivation : struct, IActivation
    {
        int chunk = ChunkSamples(shape, batch), kk = shape.Kernel * shape.Kernel;

        // The regions every chunk shares sit where the largest chunk's layout puts them, past any smaller chunk's data.
        var full = new Layout(shape, chunk, width);
        Span<float> flipped = scratch.Slice(full.FlippedStart, shape.Channels * shape.Filters * kk);
        Span<int> offsets = MemoryMarshal.Cast<float, int>(scratch.Slice(full.OffsetsStart, shape.PatchSize));
        Span<int> dyOffsets = MemoryMarshal.Cast<float, int>(scratch.Slice(full.TransposedOffsetsStart, shape.Filters * kk));
        if (!dx.IsEmpty)
        {
            FlipWeights(weight, shape, flipped);
        }

        for (int b0 = first; b0 < first + count; b0 += chunk)
        {
            int samples = Math.Min(chunk, first + count - b0);
            var layout = new Layout(shape, samples, width);
            ReadOnlySpan<float> dyChunk = dy.Slice(b0 * shape.OutputSize, samples * shape.OutputSize);
            ReadOnlySpan<float> yChunk = activated.IsEmpty ? activated : activated.Slice(b0 * shape.OutputSize, samples * shape.OutputSize);
            Span<float> planes = scratch.Slice(0, layout.PlanesLength);
            Span<float> g = scratch.Slice(layout.PlanesLength, layout.GradientLength);
            PaddedPlanes.Spread(x.Slice(b0 * shape.InputSize, samples * shape.InputSize), samples, shape.Channels, shape.Height, shape.Width, planes, layout.ChannelStride, layout.PlaneSize, layout.RowWidth, shape.Padding, width);
            PaddedPlanes.Spread(dyChunk, yChunk, activation, samples, shape.Filters, shape.OutHeight, shape.OutWidth, g, layout.GradientStride, layout.PlaneSize, layout.RowWidth, pad: 0, width);
            TapOffsets(shape.Channels, shape.Kernel, layout.ChannelStride, layout.RowWidth, offsets);
            WindowDots.WeightGradient(g, layout.GradientStride, shape.Filters, planes, offsets, layout.DotSamples, layout.PlaneSize, layout.DotLength, dWeight, accumulate: b0 > first, width);
            for (int f = 0; f < shape.Filters && !dBias.IsEmpty; f++)
            {
                float sum = (float)SpanMath.Sum(g.Slice(f * layout.GradientStride, layout.ChannelStride)); // g is zero off the outputs
                dBias[f] = b0 == first ? sum : dBias[f] + sum;
            }

            if (dx.IsEmpty)
            {
                continue;
            }

            // ∂x = the transposed convolution: ∂y padded by K − 1 − P, correlated with the flipped, axis-swapped weights.
            Span<float> dyPlanes = scratch.Slice(layout.TransposedPlanesStart, layout.TransposedPlanesLength);
            Span<float> dxResult = scratch.Slice(layout.TransposedResultStart, layout.TransposedResultLength);
            PaddedPlanes.Spread(dyChunk, yChunk, activation, samples, shape.Filters, shape.OutHeight, shape.OutWidth, dyPlanes, layout.TransposedChannelStride, layout.TransposedPlaneSize, layout.TransposedRowWidth, layout.TransposedPad, width);
            TapOffsets(shape.Filters, shape.Kernel, layout.TransposedChannelStride, layout.TransposedRowWidth, dyOffsets);
            Correlate(flipped, shape.Channels, dyPlanes, dyOffsets, samples, layout.TransposedPlaneSize, layout.TransposedPositions, dxResult, layout.TransposedResultStride, gemm, width);
            PaddedPlanes.Gather(dxResult, layout.TransposedResultStride, samples, shape.Channels, shape.Height, shape.Width, layout.TransposedPlaneSize, layout.TransposedRowWidth, ReadOnlySpan<float>.Empty, default(Identity), dx.Slice(b0 * shape.InputSize, samples * shape.InputSize), width);
        }
    }

    /// <summary>
    /// result[r, s · planeSize + q] = Σ_k weights[r, k] · planes[offsets[k] + s · planeSize + q] for q in whole Nr-wide
    /// tiles (16 at AVX2, 32 at AVX-512) covering [0, positions), r over whole row tiles covering [0, rows) (6 rows, or 8
    /// at AVX-512 where that pads less: <see cref="GemmKernels.IndexedRows"/>): weights[rows, depth] are packed into
    /// GEMM A panels of that height, B is read in place. With no B panel to keep in L1, the depth is blocked only by what the A buffer
    /// holds (Mc · Kc floats for the rows in play), so few-filter layers run their whole depth in one pass instead of
    /// storing and reloading each tile per Kc block.
    /// </summary>
    private static void Correlate(ReadOnlySpan<float> weights, int rows, ReadOnlySpan<float> planes, ReadOnlySpan<int> offsets, int samples, int planeSize, int positions, Span<float> result, int ldc, GemmScratch gemm, SimdWidth width)
    {
        int mr = GemmKernels.IndexedRows(width, rows), nr = GemmKernels.Nr(width);
        int depth = offsets.Length;
        Span<float> packedA = gemm.PackedA;
        ref float b = ref MemoryMarshal.GetReference(planes);
        ref float c = ref MemoryMarshal.GetReference(result);
        ref int tapOffsets = ref MemoryMarshal.GetReference(offsets);
        for (int ic = 0; ic < rows; ic += Gemm.Mc)
        {
            int mc = Math.Min(Gemm.Mc, rows - ic), depthBlock = Gemm.Mc * Gemm.Kc / ((mc + mr - 1) / mr * mr);
            for (int pc = 0; pc < depth; pc += depthBlock)
            {
                int kc = Math.Min(depthBlock, depth - pc);
                if (mr == GemmKernels.Mr)
                {
                    GemmPacking.PackA(new StridedMatrix(weights, depth, 1), ic, mc, pc, kc, packedA);
                }
                else
                {
                    GemmPacking.PackA8(new StridedMatrix(weights, depth, 1), ic, mc, pc, kc, packedA);
                }

                ref float a = ref MemoryMarshal.GetReference(packedA);
                for (int s = 0; s < samples; s++)
                {
                    for (int q = 0; q < positions; q += nr)
                    {
                        // One Nr-wide run of outputs against every row tile, while its image reads are in L1. A last
                        // run of at most 16 positions at AVX-512 takes the 16-wide AVX2 tile: an 8 × 8 image's 80
                        // positions are 32 + 32 + 16, not 96 (the 32-wide tiles alone ran its layers ~20% slower than AVX2).
                        int j = s * planeSize + q;
                        SimdWidth tile = GemmKernels.ForColumns(width, positions - q);
                        for (int ir = 0; ir < mc; ir += mr)
                        {
                            GemmKernels.RunIndexed(tile, mr, kc, ref Unsafe.Add(ref a, ir * kc), ref Unsafe.Add(ref b, j), ref Unsafe.Add(ref tapOffsets, pc), ref Unsafe.Add(ref c, (ic + ir) * ldc + j), ldc, accumulate: pc > 0);
                        }
                    }
                }
            }
        }
    }

    /// <summary>offsets[(c · K + ky) · K + kx] = c · channelStride + ky · rowWidth + kx: where tap (c, ky, kx) sits from an output position.</summary>
    private static void TapOffsets(int channels, int kernel, int channelStride, int rowWidth, Span<int> offsets)
    {
        int k = 0;
        for (int c = 0; c < channels; c++)
        {
            for (int ky = 0; ky < kernel; ky++)
            {
                for (int kx = 0; kx < kernel; kx++)
                {
                    offsets[k++] = c * channelStride + ky * rowWidth + kx;
                }
            }
        }
    }

    /// <summary>flipped[c, f, ky, kx] = weight[f, c, K − 1 − ky, K − 1 − kx]: the transposed convolution's weights.</summary>
    private static void FlipWeights(ReadOnlySpan<float> weight, in ConvShape shape, Span<float> flipped)
    {
        int k = shape.Kernel, kk = k * k;
        for (int f = 0; f < shape.Filters; f++)
        {
            for (int c = 0; c < shape.Channels; c++)
            {
                ReadOnlySpan<float> source = weight.Slice((f * shape.Channels + c) * kk, kk);
                Span<float> target = flipped.Slice((c * shape.Filters + f) * kk, kk);
                for (int i = 0; i < kk; i++)
                {
                    target[i] = source[kk - 1 - i];
                }
            }
        }
    }

    private static void Check(in ConvShape shape, int batch, int xLength, int weightLength, int biasLength, int yLength, int scratchLength, SimdWidth width)
    {
        if (!Applies(shape))
        {
            NotDirect(shape.Kernel, shape.Stride, shape.Padding);
        }

        if (batch < 0 || xLength < batch * shape.InputSize || yLength < batch * shape.OutputSize || weightLength < shape.Filters * shape.PatchSize || (biasLength != 0 && biasLength < shape.Filters))
        {
            SpansTooShort(shape, batch, xLength, weightLength, biasLength, yLength);
        }

        // One share's region is enough (the call then splits into as many shares as the scratch holds), so a scratch
        // sized by ScratchSize stays valid when ComputeThreads.Count changes later.
        int needed = width != SimdWidth.Scalar ? ShareFloats(shape, ChunkSamples(shape, batch), width) : ScratchSize(shape, batch, width);
        if (scratchLength < needed)
        {
            ScratchTooShort(scratchLength, needed, ScratchSize(shape, batch, width));
        }
    }

    /// <summary>
    /// Whether an activation type's derivative reads its input, read once per type: the property is a default interface
    /// member, and calling one on a struct boxes it (an allocation per call).
    /// </summary>
    private static class DerivativeReads<TActivation>
        where TActivation : struct, IActivation
    {
        public static readonly bool Input = default(TActivation).DerivativeThroughInput;
    }

    /// <summary>A split call's activation (it may carry a parameter, e.g. LeakyReLU's slope), written with <see cref="_job"/>.</summary>
    private static class SplitActivation<TActivation>
        where TActivation : struct, IActivation
    {
        public static TActivation Value;
    }

    /// <summary>A split call's operands as addresses (pinned by the caller until every share is done) and its shape.</summary>
    private readonly record struct Job(
        ConvShape Shape, int Batch, int Shares,
        nint X, int XLength, nint Weight, int WeightLength, nint Bias, int BiasLength, nint Output, int OutputLength, nint Scratch, int ScratchLength,
        nint DWeight, int DWeightLength, nint DBias, int DBiasLength, nint Dx, int DxLength, nint Activated, int ActivatedLength, SimdWidth Width);

    /// <summary>
    /// Where a chunk of <c>samples</c> lives in the scratch, and the geometry of both correlations.
    /// Forward: planes (the padded input) | result (F rounded up to 6 rows). Backward: planes | g (∂y at the input's
    /// row width, for ∂W) | the padded ∂y planes | ∂x result | the flipped weights | tap offsets for x | for ∂y.
    /// Forward's result overlaps backward's g and ∂y planes; they are never live together.
    /// </summary>
    private readonly struct Layout
    {
        /// <summary>Floats every kernel may read past the last plane: the widest tap (K − 1) plus the last tile's Nr − 1 overhang.</summary>
        private readonly int _slack;

        /// <param name="width">The kernels' width: tiles are its Nr wide, weight-gradient runs whole vectors of it.</param>
        public Layout(in ConvShape shape, int samples, SimdWidth width)
        {
            int kernel = shape.Kernel, nr = GemmKernels.Nr(width), lanes = width == SimdWidth.Vector512 ? Vector512<float>.Count : Vector256<float>.Count;
            _slack = kernel + nr;
            RowWidth = shape.Width + 2 * shape.Padding;
            PlaneSize = (shape.Height + 2 * shape.Padding) * RowWidth;
            Positions = shape.OutHeight * RowWidth;
            ChannelStride = samples * PlaneSize;
            PlanesLength = shape.Channels * ChannelStride + _slack;
            ResultStride = samples * PlaneSize + nr;
            ResultLength = RoundUp(shape.Filters, GemmKernels.Mr) * ResultStride;
            // Each sample's output rows, unless rounding them up to a vector would run into the next sample's (tiny
            // planes): then one run over the chunk, which counts every output once too (g is zero between them).
            bool perSample = RoundUp(Positions, lanes) <= PlaneSize;
            DotSamples = perSample ? samples : 1;
            DotLength = perSample ? RoundUp(Positions, lanes) : RoundUp((samples - 1) * PlaneSize + Positions, lanes);
            GradientStride = samples * PlaneSize + lanes;
            GradientLength = shape.Filters * GradientStride;

            TransposedPad = kernel - 1 - shape.Padding;
            TransposedRowWidth = shape.OutWidth + 2 * TransposedPad;
            TransposedPlaneSize = (shape.OutHeight + 2 * TransposedPad) * TransposedRowWidth;
            TransposedPositions = shape.Height * TransposedRowWidth;
            TransposedChannelStride = samples * TransposedPlaneSize;
            TransposedPlanesStart = PlanesLength + GradientLength;
            TransposedPlanesLength = shape.Filters * TransposedChannelStride + _slack;
            TransposedResultStart = TransposedPlanesStart + TransposedPlanesLength;
            TransposedResultStride = samples * TransposedPlaneSize + nr;
            TransposedResultLength = RoundUp(shape.Channels, GemmKernels.Mr) * TransposedResultStride;

            FlippedStart = Math.Max(PlanesLength + ResultLength, TransposedResultStart + TransposedResultLength);
            OffsetsStart = FlippedStart + shape.Channels * shape.Filters * kernel * kernel;
            TransposedOffsetsStart = OffsetsStart + shape.PatchSize;
            Floats = TransposedOffsetsStart + shape.Filters * kernel * kernel;
        }

        /// <summary>Padded row width, W + 2P.</summary>
        public int RowWidth { get; }

        /// <summary>One padded image, (H + 2P) · (W + 2P).</summary>
        public int PlaneSize { get; }

        /// <summary>Output positions per sample at the padded row width, OutH · (W + 2P).</summary>
        public int Positions { get; }

        /// <summary>Floats between channels in the planes: one padded image per sample of the chunk.</summary>
        public int ChannelStride { get; }

        public int PlanesLength { get; }

        public int ResultStride { get; }

        public int ResultLength { get; }

        /// <summary>Runs the weight-gradient dots sum over, <see cref="PlaneSize"/> apart.</summary>
        public int DotSamples { get; }

        /// <summary>Positions per run: a sample's output rows rounded up to a vector, or the chunk's up to its last output.</summary>
        public int DotLength { get; }

        public int GradientStride { get; }

        public int GradientLength { get; }

        /// <summary>K − 1 − P: the zero border around ∂y that makes the transposed convolution a plain correlation.</summary>
        public int TransposedPad { get; }

        public int TransposedRowWidth { get; }

        public int TransposedPlaneSize { get; }

        /// <summary>Input positions per sample at the transposed row width, H · (OutW + 2(K − 1 − P)).</summary>
        public int TransposedPositions { get; }

        public int TransposedChannelStride { get; }

        public int TransposedPlanesStart { get; }

        public int TransposedPlanesLength { get; }

        public int TransposedResultStart { get; }

        public int TransposedResultStride { get; }

        public int TransposedResultLength { get; }

        public int FlippedStart { get; }

        public int OffsetsStart { get; }

        public int TransposedOffsetsStart { get; }

        /// <summary>Scratch floats for the whole layout.</summary>
        public int Floats { get; }

        /// <summary>Per-sample floats of the larger pass, which sizes chunks (the same at every width).</summary>
        public static int FloatsPerSample(in ConvShape shape)
        {
            int rowWidth = shape.Width + 2 * shape.Padding, planeSize = (shape.Height + 2 * shape.Padding) * rowWidth;
            int transposedPad = shape.Kernel - 1 - shape.Padding, transposedPlaneSize = (shape.OutHeight + 2 * transposedPad) * (shape.OutWidth + 2 * transposedPad);
            return Math.Max(shape.Channels * planeSize + RoundUp(shape.Filters, GemmKernels.Mr) * planeSize,
                shape.Channels * planeSize + shape.Filters * planeSize + shape.Filters * transposedPlaneSize + RoundUp(shape.Channels, GemmKernels.Mr) * transposedPlaneSize);
        }

        private static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;
    }

    // The checks' messages, built out of line: inlined, a message's formatting spends the inlining budget of the kernel
    // it sits in (see SpanErrors).

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void GradientsTooShort(int weightLength, int dxLength, int dWeightLength, int dxGot) =>
        throw new ArgumentException($"dWeight needs {weightLength} floats and dx (unless empty) {dxLength}; got {dWeightLength} and {dxGot}.", "dWeight");

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void NoActivatedOutputs(int needed, int got) =>
        throw new ArgumentException($"A fused activation backward needs the activation's outputs y ({needed} floats, got {got}) and an activation whose derivative reads y.", "activated");

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void NotDirect(int kernel, int stride, int padding) =>
        throw new ArgumentException($"DirectConv computes stride-1 convolutions with a window wider than 1 and padding below it; got kernel {kernel}, stride {stride}, padding {padding}.", "shape");

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void SpansTooShort(in ConvShape shape, int batch, int xLength, int weightLength, int biasLength, int yLength) =>
        throw new ArgumentException(
            $"A batch of {batch} needs x of {batch * shape.InputSize} floats, weight of {shape.Filters * shape.PatchSize}, bias of {shape.Filters} (or none) and outputs of {batch * shape.OutputSize}; got {xLength}, {weightLength}, {biasLength} and {yLength}.");

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ScratchTooShort(int scratchLength, int needed, int scratchSize) =>
        throw new ArgumentException($"scratch holds {scratchLength} floats; this shape and batch need {needed} at least (DirectConv.ScratchSize gives {scratchSize}, room for a share per compute thread).", "scratch");
}
