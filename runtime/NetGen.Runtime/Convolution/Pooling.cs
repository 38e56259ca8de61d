using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NetGen.Runtime;

/// <summary>
/// Max and average pooling over NCHW batches (torch.nn.MaxPool2d / AvgPool2d without padding): a Kernel × Kernel window
/// moved by Stride over each channel. Max pooling records the winning input index of every output for its backward.
/// </summary>
public static class Pooling
{
    /// <summary>y[batch, C, OutH, OutW] = window max of x; winners[...] = the flat input index (within the sample) of each max.</summary>
    public static void MaxForward(ReadOnlySpan<float> x, in ConvShape shape, int batch, Span<float> y, Span<int> winners)
    {
        if (shape.Kernel == 2 && shape.Stride == 2)
        {
            MaxForward2x2(x, shape, batch, y, winners);
            return;
        }

        int outH = shape.OutHeight, outW = shape.OutWidth;
        for (int b = 0; b < batch; b++)
        {
            ReadOnlySpan<float> xb = x.Slice(b * shape.InputSize, shape.InputSize);
            for (int c = 0; c < shape.Channels; c++)
            {
                int planeStart = c * shape.Height * shape.Width;
                for (int oy = 0; oy < outH; oy++)
                {
                    for (int ox = 0; ox < outW; ox++)
                    {
                        int best = planeStart + oy * shape.Stride * shape.Width + ox * shape.Stride;
                        for (int ky = 0; ky < shape.Kernel; ky++)
                        {
                            for (int kx = 0; kx < shape.Kernel; kx++)
                            {
                                int index = planeStart + (oy * shape.Stride + ky) * shape.Width + ox * shape.Stride + kx;
                                if (xb[index] > xb[best])
                                {
                                    best = index;
                                }
                            }
                        }

                        int o = b * shape.OutputSize + (c * outH + oy) * outW + ox;
                        y[o] = xb[best];
                        winners[o] = best;
                    }
                }
            }
        }
    }

    /// <summary>
    /// The common 2 × 2, stride 2 window without the general loop nest: four compares per output, in the general
    /// order (row by row, ties to the first), the same maxima and winners.
    /// </summary>
    private static void MaxForward2x2(ReadOnlySpan<float> x, in ConvShape shape, int batch, Span<float> y, Span<int> winners)
    {
        int width = shape.Width, outH = shape.OutHeight, outW = shape.OutWidth, planeSize = shape.Height * width;
        int planes = batch * shape.Channels;
        for (int plane = 0; plane < planes; plane++)
        {
            int c = plane % shape.Channels, b = plane / shape.Channels;
            ReadOnlySpan<float> xb = x.Slice(b * shape.InputSize, shape.InputSize);
            int planeStart = c * planeSize;
            Span<float> yPlane = y.Slice(plane * outH * outW, outH * outW);
            Span<int> wPlane = winners.Slice(plane * outH * outW, outH * outW);
            for (int oy = 0; oy < outH; oy++)
            {
                int top = planeStart + 2 * oy * width;
                ReadOnlySpan<float> upper = xb.Slice(top, 2 * outW), lower = xb.Slice(top + width, 2 * outW);
                Span<float> yRow = yPlane.Slice(oy * outW, outW);
                Span<int> wRow = wPlane.Slice(oy * outW, outW);
                int ox = Avx2.IsSupported ? MaxRow2x2Avx2(upper, lower, top, width, yRow, wRow) : 0;
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
    /// Eight 2 × 2 windows at a time: the even and odd columns of the two input rows are split out of 16-value loads,
    /// then three branch-free compares in the scalar path's order pick the maximum and its index (ties to the first).
    /// Returns how many outputs of the row it wrote.
    /// </summary>
    private static int MaxRow2x2Avx2(ReadOnlySpan<float> upper, ReadOnlySpan<float> lower, int top, int width, Span<float> y, Span<int> winners)
    {
        ref float u = ref MemoryMarshal.GetReference(upper);
        ref float l = ref MemoryMarshal.GetReference(lower);
        Vector256<int> columns = Vector256.Create(0, 2, 4, 6, 8, 10, 12, 14);
        Vector256<int> one = Vector256<int>.One, below = Vector256.Create(width), belowNext = Vector256.Create(width + 1);
        int ox = 0;
        for (; ox <= y.Length - 8; ox += 8)
        {
            (Vector256<float> a, Vector256<float> b) = EvenOdd(Vector256.LoadUnsafe(ref u, (nuint)(2 * ox)), Vector256.LoadUnsafe(ref u, (nuint)(2 * ox + 8)));
            (Vector256<float> c, Vector256<float> d) = EvenOdd(Vector256.LoadUnsafe(ref l, (nuint)(2 * ox)), Vector256.LoadUnsafe(ref l, (nuint)(2 * ox + 8)));
            Vector256<float> best = a;
            Vector256<int> offset = Vector256<int>.Zero;
            Vector256<float> greater = Vector256.GreaterThan(b, best);
            best = Vector256.ConditionalSelect(greater, b, best);
            offset = Vector256.ConditionalSelect(greater.AsInt32(), one, offset);
            greater = Vector256.GreaterThan(c, best);
            best = Vector256.ConditionalSelect(greater, c, best);
            offset = Vector256.ConditionalSelect(greater.AsInt32(), below, offset);
            greater = Vector256.GreaterThan(d, best);
            best = Vector256.ConditionalSelect(greater, d, best);
            offset = Vector256.ConditionalSelect(greater.AsInt32(), belowNext, offset);
            best.StoreUnsafe(ref MemoryMarshal.GetReference(y), (nuint)ox);
            (Vector256.Create(top + 2 * ox) + columns + offset).StoreUnsafe(ref MemoryMarshal.GetReference(winners), (nuint)ox);
        }

        return ox;
    }

    /// <summary>The even- and odd-indexed values of the 16 in (first, second), each in order.</summary>
    private static (Vector256<float> Even, Vector256<float> Odd) EvenOdd(Vector256<float> first, Vector256<float> second)
    {
        // Within 128-bit halves: [f0 f2 s0 s2 | f4 f6 s4 s6]; then swap the middle 64-bit pairs: [f0 f2 f4 f6 s0 s2 s4 s6].
        Vector256<float> even = Avx.Shuffle(first, second, 0b10_00_10_00);
        Vector256<float> odd = Avx.Shuffle(first, second, 0b11_01_11_01);
        return (Avx2.Permute4x64(even.AsDouble(), 0b11_01_10_00).AsSingle(), Avx2.Permute4x64(odd.AsDouble(), 0b11_01_10_00).AsSingle());
    }

    /// <summary>dx[batch, C, H, W] = dy routed to each window's winner (overwritten; overlapping windows add).</summary>
    public static void MaxBackward(ReadOnlySpan<float> dy, ReadOnlySpan<int> winners, in ConvShape shape, int batch, Span<float> dx)
    {
        dx.Slice(0, batch * shape.InputSize).Clear();
        for (int b = 0; b < batch; b++)
        {
            Span<float> dxb = dx.Slice(b * shape.InputSize, shape.InputSize);
            for (int o = 0; o < shape.OutputSize; o++)
            {
                dxb[winners[b * shape.OutputSize + o]] += dy[b * shape.OutputSize + o];
            }
        }
    }

    /// <summary>y[batch, C, OutH, OutW] = window mean of x.</summary>
    public static void AverageForward(ReadOnlySpan<float> x, in ConvShape shape, int batch, Span<float> y)
    {
        int outH = shape.OutHeight, outW = shape.OutWidth;
        float scale = 1f / (shape.Kernel * shape.Kernel);
        for (int b = 0; b < batch; b++)
        {
            ReadOnlySpan<float> xb = x.Slice(b * shape.InputSize, shape.InputSize);
            for (int c = 0; c < shape.Channels; c++)
            {
                int planeStart = c * shape.Height * shape.Width;
                for (int oy = 0; oy < outH; oy++)
                {
                    for (int ox = 0; ox < outW; ox++)
                    {
                        float sum = 0f;
                        for (int ky = 0; ky < shape.Kernel; ky++)
                        {
                            for (int kx = 0; kx < shape.Kernel; kx++)
                            {
                                sum += xb[planeStart + (oy * shape.Stride + ky) * shape.Width + ox * shape.Stride + kx];
                            }
                        }

                        y[b * shape.OutputSize + (c * outH + oy) * outW + ox] = sum * scale;
                    }
                }
            }
        }
    }

    /// <summary>dx[batch, C, H, W] = each dy spread evenly over its window (overwritten; overlapping windows add).</summary>
    public static void AverageBackward(ReadOnlySpan<float> dy, in ConvShape shape, int batch, Span<float> dx)
    {
        int outH = shape.OutHeight, outW = shape.OutWidth;
        float scale = 1f / (shape.Kernel * shape.Kernel);
        dx.Slice(0, batch * shape.InputSize).Clear();
        for (int b = 0; b < batch; b++)
        {
            Span<float> dxb = dx.Slice(b * shape.InputSize, shape.InputSize);
            for (int c = 0; c < shape.Channels; c++)
            {
                int planeStart = c * shape.Height * shape.Width;
                for (int oy = 0; oy < outH; oy++)
                {
                    for (int ox = 0; ox < outW; ox++)
                    {
                        float share = dy[b * shape.OutputSize + (c * outH + oy) * outW + ox] * scale;
                        for (int ky = 0; ky < shape.Kernel; ky++)
                        {
                            for (int kx = 0; kx < shape.Kernel; kx++)
                            {
                                dxb[planeStart + (oy * shape.Stride + ky) * shape.Width + ox * shape.Stride + kx] += share;
                            }
                        }
                    }
                }
            }
        }
    }
}
