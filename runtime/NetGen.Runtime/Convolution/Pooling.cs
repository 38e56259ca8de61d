using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using System.Runtime.Intrinsics;

namespace NetGen.Runtime;

/// <summary>
/// Max and average pooling over NCHW batches (torch.nn.MaxPool2d / AvgPool2d): a Kernel × Kernel window moved by
/// Stride over each channel padded by Padding, as many windows as <see cref="ConvShape.OutHeight"/> (ceil mode
/// included). A window is clipped to the input: max pooling takes the maximum of the real inputs it covers (padding is
/// −∞, and every window covers at least one real input), average pooling divides their sum by PyTorch's divisor (the
/// window clipped to the padded input with <see cref="ConvShape.CountIncludePad"/>, else the real inputs it covers).
/// Max pooling records the winning input index of every output for its backward.
/// </summary>
public static class Pooling
{
    /// <summary>y[batch, C, OutH, OutW] = window max of x; winners[...] = the flat input index (within the sample) of each max.</summary>
    public static void MaxForward(ReadOnlySpan<float> x, in ConvShape shape, int batch, Span<float> y, Span<int> winners) =>
        MaxForward(x, shape, batch, y, winners, Simd.Width);

    /// <summary>As the public overload, the 2 × 2 row kernel at a chosen width; a large batch is spread over the cores (<see cref="PoolingSplit"/>).</summary>
    internal static void MaxForward(ReadOnlySpan<float> x, in ConvShape shape, int batch, Span<float> y, Span<int> winners, SimdWidth simd)
    {
        long inputs = (long)batch * shape.InputSize, outputs = (long)batch * shape.OutputSize;
        if (batch < 0 || x.Length < inputs || y.Length < outputs || winners.Length < outputs)
        {
            ForwardSpansTooShort(batch, inputs, outputs, x.Length, y.Length, winners.Length);
        }

        if (!PoolingSplit.TryMaxForward(x, shape, batch, y, winners, simd))
        {
            MaxForwardSamples(x, shape, batch, y, winners, simd);
        }
    }

    /// <summary>The forward pass over <paramref name="batch"/> samples on the calling thread (the spans checked by the caller).</summary>
    internal static void MaxForwardSamples(ReadOnlySpan<float> x, in ConvShape shape, int batch, Span<float> y, Span<int> winners, SimdWidth simd)
    {
        // Unpadded 2 × 2 windows that all lie inside the input (always without ceil mode; with it, on even sizes).
        if (shape.Kernel == 2 && shape.Stride == 2 && shape.Padding == 0 && 2 * shape.OutHeight <= shape.Height && 2 * shape.OutWidth <= shape.Width)
        {
            MaxForward2x2(x, shape, batch, y, winners, simd);
            return;
        }

        int outH = shape.OutHeight, outW = shape.OutWidth, outputSize = shape.OutputSize, height = shape.Height, width = shape.Width;
        for (int b = 0; b < batch; b++)
        {
            ReadOnlySpan<float> xb = x.Slice(b * shape.InputSize, shape.InputSize);
            for (int c = 0; c < shape.Channels; c++)
            {
                int planeStart = c * height * width;
                for (int oy = 0; oy < outH; oy++)
                {
                    (int top, int bottom, _) = Extent(oy, height, shape);
                    for (int ox = 0; ox < outW; ox++)
                    {
                        (int left, int right, _) = Extent(ox, width, shape);
                        int best = planeStart + top * width + left;
                        float bestValue = xb[best];
                        for (int iy = top; iy < bottom; iy++)
                        {
                            int row = planeStart + iy * width;
                            for (int ix = left; ix < right; ix++)
                            {
                                if (xb[row + ix] > bestValue)
                                {
                                    bestValue = xb[row + ix];
                                    best = row + ix;
                                }
                            }
                        }

                        int o = b * outputSize + (c * outH + oy) * outW + ox;
                        y[o] = bestValue;
                        winners[o] = best;
                    }
                }
            }
        }
    }

    /// <summary>
    /// Window <paramref name="o"/>'s rows (or columns) along an axis of <paramref name="size"/>: the real ones,
    /// [Start, End), and how many of the padded input it covers (PyTorch's count_include_pad divisor factor, which may
    /// stop short of K at the end in ceil mode).
    /// </summary>
    private static (int Start, int End, int Padded) Extent(int o, int size, in ConvShape shape)
    {
        int start = o * shape.Stride - shape.Padding;
        int paddedEnd = Math.Min(start + shape.Kernel, size + shape.Padding);
        return (Math.Max(start, 0), Math.Min(paddedEnd, size), paddedEnd - start);
    }

    /// <summary>A window's divisor: its padded extent with count_include_pad, else the real inputs it covers.</summary>
    private static int Divisor(in ConvShape shape, (int Start, int End, int Padded) rows, (int Start, int End, int Padded) columns) =>
        shape.CountIncludePad ? rows.Padded * columns.Padded : (rows.End - rows.Start) * (columns.End - columns.Start);

    /// <summary>
    /// The common 2 × 2, stride 2 window without the general loop nest: four compares per output, in the general
    /// order (row by row, ties to the first), the same maxima and winners.
    /// </summary>
    private static void MaxForward2x2(ReadOnlySpan<float> x, in ConvShape shape, int batch, Span<float> y, Span<int> winners, SimdWidth simd)
    {
        // The shape's sizes in locals: its computed ones divide, and the JIT re-reads an in-parameter after every store.
        int width = shape.Width, outH = shape.OutHeight, outW = shape.OutWidth, planeSize = shape.Height * width;
        int channels = shape.Channels, inputSize = shape.InputSize, planes = batch * channels;
        for (int plane = 0; plane < planes; plane++)
        {
            int b = plane / channels, c = plane - b * channels;
            ReadOnlySpan<float> xb = x.Slice(b * inputSize, inputSize);
            int planeStart = c * planeSize;
            Span<float> yPlane = y.Slice(plane * outH * outW, outH * outW);
            Span<int> wPlane = winners.Slice(plane * outH * outW, outH * outW);
            for (int oy = 0; oy < outH; oy++)
            {
                int top = planeStart + 2 * oy * width;
                ReadOnlySpan<float> upper = xb.Slice(top, 2 * outW), lower = xb.Slice(top + width, 2 * outW);
                Span<float> yRow = yPlane.Slice(oy * outW, outW);
                Span<int> wRow = wPlane.Slice(oy * outW, outW);
                int ox = simd == SimdWidth.Scalar ? 0 : MaxRow2x2(upper, lower, top, width, yRow, wRow);
                for (; ox < outW; ox++)
                {
                    int i = 2 * ox;
                    float best = upper[i];
                    int at = top + i;
                    if (upper[i + 1] > best)
                    {
                        best = upper[i + 1];
                        at = top + i + 1;
                    }

                    if (lower[i] > best)
                    {
                        best = lower[i];
                        at = top + width + i;
                    }

                    if (lower[i + 1] > best)
                    {
                        best = lower[i + 1];
                        at = top + width + i + 1;
                    }

                    yRow[ox] = best;
                    wRow[ox] = at;
                }
            }
        }
    }

    /// <summary>
    /// Eight 2 × 2 windows at a time, at either vector width (the caller runs the scalar loop at <see cref="SimdWidth.Scalar"/>):
    /// the even and odd columns of the two input rows are split out of 16-value loads, then three branch-free compares
    /// in the scalar path's order pick the maximum and its index (ties to the first). A row that is not a whole number
    /// of vectors ends with one more vector overlapping the previous (its windows are recomputed to the same values);
    /// rows of 4 to 7 windows take two overlapping 4-wide steps. A data-dependent scalar tail mispredicted about every
    /// other compare (LeNet's 14- and 5-wide rows spent most pooling time there). Returns how many outputs of the row it
    /// wrote: all of them unless the row is shorter than 4. Its caller slices upper and lower to 2·count values each.
    /// </summary>
    /// <remarks>
    /// No Vector512 steps: sixteen windows at a time (two-source AVX-512 permutes for the split) measured slower, not
    /// faster — 137–141 µs against 122–124 µs for 32 channels of 32 × 32 at batch 32, and no gain on 64- and 128-wide
    /// planes — as the kernel is bound by its loads and the winners' stores, and most rows here are shorter than 16
    /// windows anyway. So <see cref="SimdWidth.Vector512"/> runs these Vector256 steps.
    /// </remarks>
    private static int MaxRow2x2(ReadOnlySpan<float> upper, ReadOnlySpan<float> lower, int top, int width, Span<float> y, Span<int> winners)
    {
        int count = y.Length;
        ref float u = ref MemoryMarshal.GetReference(upper);
        ref float l = ref MemoryMarshal.GetReference(lower);
        ref float yRow = ref MemoryMarshal.GetReference(y);
        ref int wRow = ref MemoryMarshal.GetReference(winners);
        if (count >= 8)
        {
            int ox = 0;
            for (; ox <= count - 8; ox += 8)
            {
                Windows8(ref u, ref l, top, width, ox, ref yRow, ref wRow);
            }

            if (ox < count)
            {
                Windows8(ref u, ref l, top, width, count - 8, ref yRow, ref wRow);
            }

            return count;
        }

        if (count >= 4)
        {
            Windows4(ref u, ref l, top, width, 0, ref yRow, ref wRow);
            Windows4(ref u, ref l, top, width, count - 4, ref yRow, ref wRow);
            return count;
        }

        return 0;
    }

    /// <summary>Windows ox … ox + 7 of a row pair: 16 values of each input row.</summary>
    private static void Windows8(ref float u, ref float l, int top, int width, int ox, ref float y, ref int winners)
    {
        (Vector256<float> a, Vector256<float> b) = EvenOdd(Vector256.LoadUnsafe(ref u, (nuint)(2 * ox)), Vector256.LoadUnsafe(ref u, (nuint)(2 * ox + 8)));
        (Vector256<float> c, Vector256<float> d) = EvenOdd(Vector256.LoadUnsafe(ref l, (nuint)(2 * ox)), Vector256.LoadUnsafe(ref l, (nuint)(2 * ox + 8)));
        Vector256<float> best = a;
        Vector256<int> offset = Vector256<int>.Zero;
        Vector256<float> greater = Vector256.GreaterThan(b, best);
        best = Vector256.ConditionalSelect(greater, b, best);
        offset = Vector256.ConditionalSelect(greater.AsInt32(), Vector256<int>.One, offset);
        greater = Vector256.GreaterThan(c, best);
        best = Vector256.ConditionalSelect(greater, c, best);
        offset = Vector256.ConditionalSelect(greater.AsInt32(), Vector256.Create(width), offset);
        greater = Vector256.GreaterThan(d, best);
        best = Vector256.ConditionalSelect(greater, d, best);
        offset = Vector256.ConditionalSelect(greater.AsInt32(), Vector256.Create(width + 1), offset);
        best.StoreUnsafe(ref y, (nuint)ox);
        (Vector256.Create(top + 2 * ox) + Vector256.Create(0, 2, 4, 6, 8, 10, 12, 14) + offset).StoreUnsafe(ref winners, (nuint)ox);
    }

    /// <summary>Windows ox … ox + 3 of a row pair: 8 values of each input row, split by one shuffle into its halves.</summary>
    private static void Windows4(ref float u, ref float l, int top, int width, int ox, ref float y, ref int winners)
    {
        (Vector128<float> a, Vector128<float> b) = EvenOdd(Vector256.LoadUnsafe(ref u, (nuint)(2 * ox)));
        (Vector128<float> c, Vector128<float> d) = EvenOdd(Vector256.LoadUnsafe(ref l, (nuint)(2 * ox)));
        Vector128<float> best = a;
        Vector128<int> offset = Vector128<int>.Zero;
        Vector128<float> greater = Vector128.GreaterThan(b, best);
        best = Vector128.ConditionalSelect(greater, b, best);
        offset = Vector128.ConditionalSelect(greater.AsInt32(), Vector128<int>.One, offset);
        greater = Vector128.GreaterThan(c, best);
        best = Vector128.ConditionalSelect(greater, c, best);
        offset = Vector128.ConditionalSelect(greater.AsInt32(), Vector128.Create(width), offset);
        greater = Vector128.GreaterThan(d, best);
        best = Vector128.ConditionalSelect(greater, d, best);
        offset = Vector128.ConditionalSelect(greater.AsInt32(), Vector128.Create(width + 1), offset);
        best.StoreUnsafe(ref y, (nuint)ox);
        (Vector128.Create(top + 2 * ox) + Vector128.Create(0, 2, 4, 6) + offset).StoreUnsafe(ref winners, (nuint)ox);
    }

    /// <summary>
    /// The even- and odd-indexed values of the 16 in (first, second), each in order. With AVX2, an in-lane two-source
    /// shuffle and a 64-bit permute (two instructions each; the portable form below measured 20% slower on LeNet's
    /// rows); elsewhere (a forced Vector256 on a processor without AVX2) each vector is shuffled to [evens | odds] and
    /// the halves paired. The instruction choice inside the width's body, not a second width model.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector256<float> Even, Vector256<float> Odd) EvenOdd(Vector256<float> first, Vector256<float> second)
    {
        if (Avx2.IsSupported)
        {
            // Within 128-bit halves: [f0 f2 s0 s2 | f4 f6 s4 s6]; then swap the middle 64-bit pairs: [f0 f2 f4 f6 s0 s2 s4 s6].
            Vector256<float> even = Avx.Shuffle(first, second, 0b10_00_10_00);
            Vector256<float> odd = Avx.Shuffle(first, second, 0b11_01_11_01);
            return (Avx2.Permute4x64(even.AsDouble(), 0b11_01_10_00).AsSingle(), Avx2.Permute4x64(odd.AsDouble(), 0b11_01_10_00).AsSingle());
        }

        Vector256<int> split = Vector256.Create(0, 2, 4, 6, 1, 3, 5, 7);
        Vector256<float> f = Vector256.Shuffle(first, split), s = Vector256.Shuffle(second, split);
        return (Vector256.Create(f.GetLower(), s.GetLower()), Vector256.Create(f.GetUpper(), s.GetUpper()));
    }

    /// <summary>The even- and odd-indexed values of the 8 in one vector, each in order: [evens | odds] by one portable shuffle.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector128<float> Even, Vector128<float> Odd) EvenOdd(Vector256<float> values)
    {
        Vector256<float> split = Vector256.Shuffle(values, Vector256.Create(0, 2, 4, 6, 1, 3, 5, 7));
        return (split.GetLower(), split.GetUpper());
    }

    /// <summary>
    /// dx[batch, C, H, W] = dy routed to each window's winner (overwritten; overlapping windows add). Every winner is
    /// checked before anything is written; a large batch is then spread over the cores (<see cref="PoolingSplit"/>).
    /// </summary>
    public static void MaxBackward(ReadOnlySpan<float> dy, ReadOnlySpan<int> winners, in ConvShape shape, int batch, Span<float> dx)
    {
        // ConvShape's sizes are computed (two divisions each); read once, not in a loop condition the JIT re-evaluates
        // after every store (the stores might alias the shape it holds by reference).
        int outputSize = shape.OutputSize, outputs = batch * outputSize, inputSize = shape.InputSize;
        if (dy.Length < outputs || winners.Length < outputs || dx.Length < batch * inputSize)
        {
            BackwardSpansTooShort(batch, outputs, batch * inputSize, dy.Length, winners.Length, dx.Length);
        }

        for (int b = 0; b < batch; b++)
        {
            CheckWinners(winners.Slice(b * outputSize, outputSize), inputSize, b * outputSize);
        }

        if (!PoolingSplit.TryMaxBackward(dy, winners, shape, batch, dx))
        {
            MaxBackwardSamples(dy, winners, shape, batch, dx);
        }
    }

    /// <summary>The backward scatter over <paramref name="batch"/> samples on the calling thread (spans and winners checked by the caller).</summary>
    internal static void MaxBackwardSamples(ReadOnlySpan<float> dy, ReadOnlySpan<int> winners, in ConvShape shape, int batch, Span<float> dx)
    {
        int outputSize = shape.OutputSize, inputSize = shape.InputSize;
        dx.Slice(0, batch * inputSize).Clear();

        // Every winner was range-checked above (a vector pass, before anything is written), so the scatter, which is
        // most of max pooling's backward, runs without bounds checks.
        ref float gradient = ref MemoryMarshal.GetReference(dy);
        ref int winner = ref MemoryMarshal.GetReference(winners);
        ref float target = ref MemoryMarshal.GetReference(dx);
        for (int b = 0; b < batch; b++)
        {
            ref float sample = ref Unsafe.Add(ref target, b * inputSize);
            for (int o = b * outputSize; o < (b + 1) * outputSize; o++)
            {
                Unsafe.Add(ref sample, Unsafe.Add(ref winner, o)) += Unsafe.Add(ref gradient, o);
            }
        }
    }

    /// <summary>Throws unless every winner of one sample indexes one of its <paramref name="inputSize"/> inputs.</summary>
    private static void CheckWinners(ReadOnlySpan<int> winners, int inputSize, int first)
    {
        Vector256<uint> limit = Vector256.Create((uint)inputSize);
        int i = 0;
        for (; i <= winners.Length - Vector256<int>.Count; i += Vector256<int>.Count)
        {
            if (!Vector256.LessThanAll(Vector256.Create(winners.Slice(i, Vector256<int>.Count)).AsUInt32(), limit))
            {
                break;
            }
        }

        for (; i < winners.Length; i++)
        {
            if ((uint)winners[i] >= (uint)inputSize)
            {
                WinnerOutside(first + i, winners[i], inputSize);
            }
        }
    }

    /// <summary>y[batch, C, OutH, OutW] = window sum of x over its divisor (see <see cref="Pooling"/>).</summary>
    public static void AverageForward(ReadOnlySpan<float> x, in ConvShape shape, int batch, Span<float> y)
    {
        int outH = shape.OutHeight, outW = shape.OutWidth, outputSize = shape.OutputSize, height = shape.Height, width = shape.Width;
        for (int b = 0; b < batch; b++)
        {
            ReadOnlySpan<float> xb = x.Slice(b * shape.InputSize, shape.InputSize);
            for (int c = 0; c < shape.Channels; c++)
            {
                int planeStart = c * height * width;
                for (int oy = 0; oy < outH; oy++)
                {
                    (int Start, int End, int Padded) rows = Extent(oy, height, shape);
                    for (int ox = 0; ox < outW; ox++)
                    {
                        (int Start, int End, int Padded) columns = Extent(ox, width, shape);
                        float sum = 0f;
                        for (int iy = rows.Start; iy < rows.End; iy++)
                        {
                            int row = planeStart + iy * width;
                            for (int ix = columns.Start; ix < columns.End; ix++)
                            {
                                sum += xb[row + ix];
                            }
                        }

                        y[b * outputSize + (c * outH + oy) * outW + ox] = sum / Divisor(shape, rows, columns);
                    }
                }
            }
        }
    }

    /// <summary>dx[batch, C, H, W] = each dy over its window's divisor, added to the window's inputs (overwritten; overlapping windows add).</summary>
    public static void AverageBackward(ReadOnlySpan<float> dy, in ConvShape shape, int batch, Span<float> dx)
    {
        int outH = shape.OutHeight, outW = shape.OutWidth, outputSize = shape.OutputSize, height = shape.Height, width = shape.Width;
        dx.Slice(0, batch * shape.InputSize).Clear();
        for (int b = 0; b < batch; b++)
        {
            Span<float> dxb = dx.Slice(b * shape.InputSize, shape.InputSize);
            for (int c = 0; c < shape.Channels; c++)
            {
                int planeStart = c * height * width;
                for (int oy = 0; oy < outH; oy++)
                {
                    (int Start, int End, int Padded) rows = Extent(oy, height, shape);
                    for (int ox = 0; ox < outW; ox++)
                    {
                        (int Start, int End, int Padded) columns = Extent(ox, width, shape);
                        float share = dy[b * outputSize + (c * outH + oy) * outW + ox] / Divisor(shape, rows, columns);
                        for (int iy = rows.Start; iy < rows.End; iy++)
                        {
                            int row = planeStart + iy * width;
                            for (int ix = columns.Start; ix < columns.End; ix++)
                            {
                                dxb[row + ix] += share;
                            }
                        }
                    }
                }
            }
        }
    }

    // The checks' messages, built out of line: inlined, a message's formatting spends the inlining budget of the kernel
    // it sits in (see SpanErrors).

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ForwardSpansTooShort(int batch, long inputs, long outputs, int xLength, int yLength, int winnersLength) =>
        throw new ArgumentException(batch < 0
            ? $"batch must be non-negative, got {batch}."
            : $"A batch of {batch} needs x of {inputs} and y and winners of {outputs}; got {xLength}, {yLength} and {winnersLength}.");

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void BackwardSpansTooShort(int batch, int outputs, int inputs, int dyLength, int winnersLength, int dxLength) =>
        throw new ArgumentException($"A batch of {batch} needs dy and winners of {outputs} and dx of {inputs}; got {dyLength}, {winnersLength} and {dxLength}.");

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void WinnerOutside(int index, int winner, int inputSize) =>
        throw new ArgumentException($"winners[{index}] = {winner} is outside its sample's {inputSize} inputs; pass the winners MaxForward recorded.", "winners");
}
