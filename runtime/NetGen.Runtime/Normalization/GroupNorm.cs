namespace NetGen.Runtime;

/// <summary>
/// Group normalization (torch.nn.GroupNorm; InstanceNorm is the case groups = channels): each sample's channels are
/// split into groups of channels/groups consecutive channels, normalized with the group's own biased statistics over
/// its channels × positions, then scaled and shifted per channel. The same in training and in Predict.
/// </summary>
public static class GroupNorm
{
    /// <summary>z[rows, channels, positions] (+ bias per channel) becomes x̂ in place; inverseStd[rows·groups] is kept; y = f(γ_c x̂ + β_c).</summary>
    public static void Forward<TActivation>(ReadOnlySpan<float> bias, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, int groups, float epsilon, TActivation activation, int rows, int positions, Span<float> z, Span<float> inverseStd, Span<float> y)
        where TActivation : struct, IActivation
    {
        int channels = gamma.Length, perGroup = channels / groups, block = perGroup * positions;
        for (int i = 0; i < rows; i++)
        {
            for (int g = 0; g < groups; g++)
            {
                int start = (i * channels + g * perGroup) * positions;
                Span<float> values = z.Slice(start, block);
                double sum = 0, sumOfSquares = 0;
                for (int c = 0; c < perGroup; c++)
                {
                    float shift = bias.IsEmpty ? 0f : bias[g * perGroup + c];
                    foreach (ref float v in values.Slice(c * positions, positions))
                    {
                        v += shift;
                        sum += v;
                        sumOfSquares += (double)v * v;
                    }
                }

                double mean = sum / block;
                float invStd = (float)(1 / Math.Sqrt(Math.Max(sumOfSquares / block - mean * mean, 0) + epsilon));
                inverseStd[i * groups + g] = invStd;
                Span<float> output = y.Slice(start, block);
                for (int c = 0; c < perGroup; c++)
                {
                    float scale = gamma[g * perGroup + c], offset = beta[g * perGroup + c];
                    for (int p = c * positions; p < (c + 1) * positions; p++)
                    {
                        float normalized = (float)((values[p] - mean) * invStd);
                        values[p] = normalized;
                        output[p] = activation.Apply(scale * normalized + offset);
                    }
                }
            }
        }
    }

    /// <summary>
    /// dn[rows, channels, positions] becomes ∂L/∂z in place: per group, with h = dn·γ_c over its N values,
    /// ∂L/∂z = (invStd/N)·(N·h − Σh − x̂·Σ(h·x̂)); dGamma_c = Σ dn·x̂, dBeta_c = Σ dn over batch and positions.
    /// </summary>
    public static void Backward(ReadOnlySpan<float> normalized, ReadOnlySpan<float> gamma, ReadOnlySpan<float> inverseStd, int groups, int rows, int positions, Span<float> dn, Span<float> dGamma, Span<float> dBeta)
    {
        int channels = gamma.Length, perGroup = channels / groups, block = perGroup * positions;
        dGamma.Clear();
        dBeta.Clear();
        for (int i = 0; i < rows; i++)
        {
            for (int g = 0; g < groups; g++)
            {
                int start = (i * channels + g * perGroup) * positions;
                ReadOnlySpan<float> xHat = normalized.Slice(start, block);
                Span<float> d = dn.Slice(start, block);
                double sumH = 0, sumHx = 0;
                for (int c = 0; c < perGroup; c++)
                {
                    int channel = g * perGroup + c;
                    for (int p = c * positions; p < (c + 1) * positions; p++)
                    {
                        dGamma[channel] += d[p] * xHat[p];
                        dBeta[channel] += d[p];
                        float h = d[p] * gamma[channel];
                        sumH += h;
                        sumHx += (double)h * xHat[p];
                    }
                }

                float scale = inverseStd[i * groups + g] / block;
                for (int c = 0; c < perGroup; c++)
                {
                    float gc = gamma[g * perGroup + c];
                    for (int p = c * positions; p < (c + 1) * positions; p++)
                    {
                        d[p] = (float)(scale * (block * d[p] * gc - sumH - xHat[p] * sumHx));
                    }
                }
            }
        }
    }
}
