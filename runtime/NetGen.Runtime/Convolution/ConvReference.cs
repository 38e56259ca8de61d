namespace NetGen.Runtime;

/// <summary>Direct-loop convolution forward and backward in double: the reference <see cref="Conv2D"/> is tested against.</summary>
public static class ConvReference
{
    public static void Forward(ReadOnlySpan<float> x, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, in ConvShape s, int batch, Span<float> y)
    {
        for (int b = 0; b < batch; b++)
        {
            for (int f = 0; f < s.Filters; f++)
            {
                for (int oy = 0; oy < s.OutHeight; oy++)
                {
                    for (int ox = 0; ox < s.OutWidth; ox++)
                    {
                        double sum = bias.IsEmpty ? 0 : bias[f];
                        for (int c = 0; c < s.Channels; c++)
                        {
                            for (int ky = 0; ky < s.Kernel; ky++)
                            {
                                for (int kx = 0; kx < s.Kernel; kx++)
                                {
                                    int iy = oy * s.Stride - s.Padding + ky, ix = ox * s.Stride - s.Padding + kx;
                                    if (iy >= 0 && iy < s.Height && ix >= 0 && ix < s.Width)
                                    {
                                        sum += (double)x[b * s.InputSize + (c * s.Height + iy) * s.Width + ix] * weight[((f * s.Channels + c) * s.Kernel + ky) * s.Kernel + kx];
                                    }
                                }
                            }
                        }

                        y[b * s.OutputSize + (f * s.OutHeight + oy) * s.OutWidth + ox] = (float)sum;
                    }
                }
            }
        }
    }

    /// <summary>dWeight, dBias and dx (all overwritten) from dy, by the same loops run backwards.</summary>
    public static void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> weight, ReadOnlySpan<float> dy, in ConvShape s, int batch, Span<float> dWeight, Span<float> dBias, Span<float> dx)
    {
        var dw = new double[dWeight.Length];
        var db = new double[s.Filters];
        var di = new double[batch * s.InputSize];
        for (int b = 0; b < batch; b++)
        {
            for (int f = 0; f < s.Filters; f++)
            {
                for (int oy = 0; oy < s.OutHeight; oy++)
                {
                    for (int ox = 0; ox < s.OutWidth; ox++)
                    {
                        double g = dy[b * s.OutputSize + (f * s.OutHeight + oy) * s.OutWidth + ox];
                        db[f] += g;
                        for (int c = 0; c < s.Channels; c++)
                        {
                            for (int ky = 0; ky < s.Kernel; ky++)
                            {
                                for (int kx = 0; kx < s.Kernel; kx++)
                                {
                                    int iy = oy * s.Stride - s.Padding + ky, ix = ox * s.Stride - s.Padding + kx;
                                    if (iy >= 0 && iy < s.Height && ix >= 0 && ix < s.Width)
                                    {
                                        int wi = ((f * s.Channels + c) * s.Kernel + ky) * s.Kernel + kx;
                                        int xi = b * s.InputSize + (c * s.Height + iy) * s.Width + ix;
                                        dw[wi] += g * x[xi];
                                        di[xi] += g * weight[wi];
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }

        for (int i = 0; i < dw.Length; i++)
        {
            dWeight[i] = (float)dw[i];
        }

        for (int f = 0; f < db.Length && !dBias.IsEmpty; f++)
        {
            dBias[f] = (float)db[f];
        }

        for (int i = 0; i < di.Length && !dx.IsEmpty; i++)
        {
            dx[i] = (float)di[i];
        }
    }
}
