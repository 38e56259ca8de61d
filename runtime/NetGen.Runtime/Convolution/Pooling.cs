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
                for (int ox = 0; ox < outW; ox++)
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
