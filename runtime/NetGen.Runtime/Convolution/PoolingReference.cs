namespace NetGen.Runtime;

/// <summary>
/// Max and average pooling written as the plain window loops, sums in double: the reference <see cref="Pooling"/> (its
/// general loop and its 2 × 2 vector path) is tested against. x[batch, C, H, W], y[batch, C, OutH, OutW], no padding.
/// </summary>
public static class PoolingReference
{
    /// <summary>y = window max, winners = the flat in-sample index of the first maximum in row-by-row order.</summary>
    public static void MaxForward(ReadOnlySpan<float> x, in ConvShape s, int batch, Span<float> y, Span<int> winners)
    {
        for (int b = 0; b < batch; b++)
        {
            for (int c = 0; c < s.Channels; c++)
            {
                for (int oy = 0; oy < s.OutHeight; oy++)
                {
                    for (int ox = 0; ox < s.OutWidth; ox++)
                    {
                        int best = -1;
                        for (int ky = 0; ky < s.Kernel; ky++)
                        {
                            for (int kx = 0; kx < s.Kernel; kx++)
                            {
                                int index = (c * s.Height + oy * s.Stride + ky) * s.Width + ox * s.Stride + kx;
                                if (best < 0 || x[b * s.InputSize + index] > x[b * s.InputSize + best])
                                {
                                    best = index;
                                }
                            }
                        }

                        int o = b * s.OutputSize + (c * s.OutHeight + oy) * s.OutWidth + ox;
                        y[o] = x[b * s.InputSize + best];
                        winners[o] = best;
                    }
                }
            }
        }
    }

    /// <summary>dx = Σ over the windows each input won of their dy (overwritten).</summary>
    public static void MaxBackward(ReadOnlySpan<float> dy, ReadOnlySpan<int> winners, in ConvShape s, int batch, Span<float> dx)
    {
        var sums = new double[batch * s.InputSize];
        for (int o = 0; o < batch * s.OutputSize; o++)
        {
            sums[o / s.OutputSize * s.InputSize + winners[o]] += dy[o];
        }

        Store(sums, dx);
    }

    /// <summary>y = window mean.</summary>
    public static void AverageForward(ReadOnlySpan<float> x, in ConvShape s, int batch, Span<float> y)
    {
        for (int b = 0; b < batch; b++)
        {
            for (int c = 0; c < s.Channels; c++)
            {
                for (int oy = 0; oy < s.OutHeight; oy++)
                {
                    for (int ox = 0; ox < s.OutWidth; ox++)
                    {
                        double sum = 0;
                        for (int ky = 0; ky < s.Kernel; ky++)
                        {
                            for (int kx = 0; kx < s.Kernel; kx++)
                            {
                                sum += x[b * s.InputSize + (c * s.Height + oy * s.Stride + ky) * s.Width + ox * s.Stride + kx];
                            }
                        }

                        y[b * s.OutputSize + (c * s.OutHeight + oy) * s.OutWidth + ox] = (float)(sum / (s.Kernel * s.Kernel));
                    }
                }
            }
        }
    }

    /// <summary>dx = Σ over the windows containing each input of dy/K² (overwritten).</summary>
    public static void AverageBackward(ReadOnlySpan<float> dy, in ConvShape s, int batch, Span<float> dx)
    {
        var sums = new double[batch * s.InputSize];
        for (int b = 0; b < batch; b++)
        {
            for (int c = 0; c < s.Channels; c++)
            {
                for (int oy = 0; oy < s.OutHeight; oy++)
                {
                    for (int ox = 0; ox < s.OutWidth; ox++)
                    {
                        double share = dy[b * s.OutputSize + (c * s.OutHeight + oy) * s.OutWidth + ox] / (double)(s.Kernel * s.Kernel);
                        for (int ky = 0; ky < s.Kernel; ky++)
                        {
                            for (int kx = 0; kx < s.Kernel; kx++)
                            {
                                sums[b * s.InputSize + (c * s.Height + oy * s.Stride + ky) * s.Width + ox * s.Stride + kx] += share;
                            }
                        }
                    }
                }
            }
        }

        Store(sums, dx);
    }

    private static void Store(double[] sums, Span<float> dx)
    {
        for (int i = 0; i < sums.Length; i++)
        {
            dx[i] = (float)sums[i];
        }
    }
}
