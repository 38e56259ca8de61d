namespace NetGen.Runtime;

/// <summary>
/// Layer and group normalization written element by element in double from their definitions: the reference
/// <see cref="LayerNorm"/> and <see cref="GroupNorm"/> are tested against. Both normalize each sample over a block of
/// its own values; LayerNorm is the case of one group spanning every feature (positions = 1), so one pair of loops
/// serves both.
/// </summary>
public static class GroupNormReference
{
    /// <summary>As <see cref="LayerNorm.Forward"/> on z[rows, features].</summary>
    public static void LayerNormForward<TActivation>(ReadOnlySpan<float> bias, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, float epsilon, TActivation activation, int rows, Span<float> z, Span<float> inverseStd, Span<float> y)
        where TActivation : struct, IActivation =>
        Forward(bias, gamma, beta, groups: 1, epsilon, activation, rows, positions: 1, z, inverseStd, y);

    /// <summary>As <see cref="LayerNorm.Backward"/> on dn[rows, features].</summary>
    public static void LayerNormBackward(ReadOnlySpan<float> normalized, ReadOnlySpan<float> gamma, ReadOnlySpan<float> inverseStd, int rows, Span<float> dn, Span<float> dGamma, Span<float> dBeta) =>
        Backward(normalized, gamma, inverseStd, groups: 1, rows, positions: 1, dn, dGamma, dBeta);

    /// <summary>As <see cref="GroupNorm.Forward"/> on z[rows, channels, positions]: x̂ = (z − μ_g)/√(σ²_g + ε) per sample and group.</summary>
    public static void Forward<TActivation>(ReadOnlySpan<float> bias, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, int groups, float epsilon, TActivation activation, int rows, int positions, Span<float> z, Span<float> inverseStd, Span<float> y)
        where TActivation : struct, IActivation
    {
        int channels = gamma.Length, perGroup = channels / groups;
        double count = (double)perGroup * positions;
        for (int i = 0; i < rows; i++)
        {
            for (int g = 0; g < groups; g++)
            {
                // The group's values (+ the producer's bias) in channel-then-position order.
                var values = new double[perGroup * positions];
                for (int c = 0; c < perGroup; c++)
                {
                    int channel = g * perGroup + c;
                    for (int p = 0; p < positions; p++)
                    {
                        values[c * positions + p] = z[(i * channels + channel) * positions + p] + (bias.IsEmpty ? 0 : (double)bias[channel]);
                    }
                }

                double mean = values.Sum() / count;
                double variance = values.Sum(value => (value - mean) * (value - mean)) / count;
                double inverse = 1 / Math.Sqrt(variance + epsilon);
                inverseStd[i * groups + g] = (float)inverse;
                for (int c = 0; c < perGroup; c++)
                {
                    int channel = g * perGroup + c;
                    for (int p = 0; p < positions; p++)
                    {
                        double normalized = (values[c * positions + p] - mean) * inverse;
                        int k = (i * channels + channel) * positions + p;
                        z[k] = (float)normalized;
                        y[k] = activation.Apply((float)(gamma[channel] * normalized + beta[channel]));
                    }
                }
            }
        }
    }

    /// <summary>
    /// As <see cref="GroupNorm.Backward"/>: per sample and group of N values, with h = dn·γ_c,
    /// ∂L/∂z = (invStd/N)·(N·h − Σh − x̂·Σ(h·x̂)); dGamma_c = Σ dn·x̂, dBeta_c = Σ dn over rows and positions.
    /// </summary>
    public static void Backward(ReadOnlySpan<float> normalized, ReadOnlySpan<float> gamma, ReadOnlySpan<float> inverseStd, int groups, int rows, int positions, Span<float> dn, Span<float> dGamma, Span<float> dBeta)
    {
        int channels = gamma.Length, perGroup = channels / groups;
        double count = (double)perGroup * positions;
        var sumGamma = new double[channels];
        var sumBeta = new double[channels];
        for (int i = 0; i < rows; i++)
        {
            for (int g = 0; g < groups; g++)
            {
                double sumH = 0, sumHx = 0;
                for (int c = g * perGroup; c < (g + 1) * perGroup; c++)
                {
                    for (int p = 0; p < positions; p++)
                    {
                        int k = (i * channels + c) * positions + p;
                        double h = (double)dn[k] * gamma[c];
                        sumGamma[c] += (double)dn[k] * normalized[k];
                        sumBeta[c] += dn[k];
                        sumH += h;
                        sumHx += h * normalized[k];
                    }
                }

                double scale = inverseStd[i * groups + g] / count;
                for (int c = g * perGroup; c < (g + 1) * perGroup; c++)
                {
                    for (int p = 0; p < positions; p++)
                    {
                        int k = (i * channels + c) * positions + p;
                        dn[k] = (float)(scale * (count * dn[k] * gamma[c] - sumH - normalized[k] * sumHx));
                    }
                }
            }
        }

        for (int c = 0; c < channels; c++)
        {
            dGamma[c] = (float)sumGamma[c];
            dBeta[c] = (float)sumBeta[c];
        }
    }
}
