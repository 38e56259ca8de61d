namespace NetGen.Runtime;

/// <summary>
/// Max and average pooling written as the plain window loops, sums in double: the reference <see cref="Pooling"/> (its
/// general loop and its 2 × 2 vector path) is tested against. x[batch, C, H, W], y[batch, C, OutH, OutW]. Every window
/// position (ky, kx) is visited: a position outside the input is padding, skipped by max pooling (−∞) and counted in
/// average pooling's divisor with <see cref="ConvShape.CountIncludePad"/> when it lies in the padded frame (ceil mode's
/// last window may reach past it), as torch.nn.AvgPool2d's count_include_pad.
/// </summary>
public static class PoolingReference
{
    /// <summary>y = max over the window's real inputs, winners = the flat in-sample index of the first maximum in row-by-row order.</summary>
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
                                int iy = oy * s.Stride - s.Padding + ky, ix = ox * s.Stride - s.Padding + kx;
                                if (iy < 0 || iy >= s.Height || ix < 0 || ix >= s.Width)
                                {
                                    continue;
                                }

                                int index = (c * s.Height + iy) * s.Width + ix;
                                if (best < 0 || x[b * s.InputSize + index] > x[b * s.InputSize + best])
                                {
                                    best = index;
                                }
                            }
                        }

                        if (best < 0)
                        {
                            throw new ArgumentException($"window ({oy}, {ox}) of {s} covers no input", nameof(s));
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

    /// <summary>y = the sum of the window's real inputs over its divisor.</summary>
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
                        foreach (int index in Inputs(s, c, oy, ox))
                        {
                            sum += x[b * s.InputSize + index];
                        }

                        y[b * s.OutputSize + (c * s.OutHeight + oy) * s.OutWidth + ox] = (float)(sum / Divisor(s, oy, ox));
                    }
                }
            }
        }
    }

    /// <summary>dx = Σ over the windows containing each input of dy over the window's divisor (overwritten).</summary>
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
                        double share = dy[b * s.OutputSize + (c * s.OutHeight + oy) * s.OutWidth + ox] / (double)Divisor(s, oy, ox);
                        foreach (int index in Inputs(s, c, oy, ox))
                        {
                            sums[b * s.InputSize + index] += share;
                        }
                    }
                }
            }
        }

        Store(sums, dx);
    }

    /// <summary>The in-sample indexes of the real inputs window (oy, ox) of channel c covers, row by row.</summary>
    private static List<int> Inputs(in ConvShape s, int c, int oy, int ox)
    {
        var inputs = new List<int>();
        for (int ky = 0; ky < s.Kernel; ky++)
        {
            for (int kx = 0; kx < s.Kernel; kx++)
            {
                int iy = oy * s.Stride - s.Padding + ky, ix = ox * s.Stride - s.Padding + kx;
                if (iy >= 0 && iy < s.Height && ix >= 0 && ix < s.Width)
                {
                    inputs.Add((c * s.Height + iy) * s.Width + ix);
                }
            }
        }

        return inputs;
    }

    /// <summary>Window positions inside the padded frame [−P, H + P) × [−P, W + P) with count_include_pad, else the real inputs.</summary>
    private static int Divisor(in ConvShape s, int oy, int ox)
    {
        int count = 0;
        for (int ky = 0; ky < s.Kernel; ky++)
        {
            for (int kx = 0; kx < s.Kernel; kx++)
            {
                int iy = oy * s.Stride - s.Padding + ky, ix = ox * s.Stride - s.Padding + kx;
                bool counted = s.CountIncludePad
                    ? iy < s.Height + s.Padding && ix < s.Width + s.Padding
                    : iy >= 0 && iy < s.Height && ix >= 0 && ix < s.Width;
                count += counted ? 1 : 0;
            }
        }

        return count;
    }

    private static void Store(double[] sums, Span<float> dx)
    {
        for (int i = 0; i < sums.Length; i++)
        {
            dx[i] = (float)sums[i];
        }
    }
}
