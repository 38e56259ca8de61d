namespace NetGen.Runtime;

/// <summary>
/// Layer normalization over each sample's features (torch.nn.LayerNorm(features)): x̂ = (z − μ_i)/√(σ²_i + ε) with the
/// sample's own biased statistics, n = γx̂ + β, the same in training and in Predict.
/// </summary>
public static class LayerNorm
{
    /// <summary>z[rows, features] (+ bias) becomes x̂ in place; inverseStd[rows] is kept; y = f(γx̂ + β).</summary>
    public static void Forward<TActivation>(ReadOnlySpan<float> bias, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, float epsilon, TActivation activation, int rows, Span<float> z, Span<float> inverseStd, Span<float> y)
        where TActivation : struct, IActivation
    {
        int features = gamma.Length;
        for (int i = 0; i < rows; i++)
        {
            Span<float> row = z.Slice(i * features, features);
            double sum = 0, sumOfSquares = 0;
            for (int j = 0; j < features; j++)
            {
                float v = bias.IsEmpty ? row[j] : row[j] + bias[j];
                row[j] = v;
                sum += v;
                sumOfSquares += (double)v * v;
            }

            double mean = sum / features;
            double variance = Math.Max(sumOfSquares / features - mean * mean, 0);
            float invStd = (float)(1 / Math.Sqrt(variance + epsilon));
            inverseStd[i] = invStd;
            Span<float> output = y.Slice(i * features, features);
            for (int j = 0; j < features; j++)
            {
                float normalized = (float)((row[j] - mean) * invStd);
                row[j] = normalized;
                output[j] = activation.Apply(gamma[j] * normalized + beta[j]);
            }
        }
    }

    /// <summary>
    /// dn[rows, features] becomes ∂L/∂z in place: with g = dn·γ, ∂L/∂z = (invStd/F)·(F·g − Σg − x̂·Σ(g·x̂)) per sample;
    /// dGamma = Σ_rows dn·x̂, dBeta = Σ_rows dn.
    /// </summary>
    public static void Backward(ReadOnlySpan<float> normalized, ReadOnlySpan<float> gamma, ReadOnlySpan<float> inverseStd, int rows, Span<float> dn, Span<float> dGamma, Span<float> dBeta)
    {
        int features = gamma.Length;
        dGamma.Clear();
        dBeta.Clear();
        for (int i = 0; i < rows; i++)
        {
            ReadOnlySpan<float> xHat = normalized.Slice(i * features, features);
            Span<float> d = dn.Slice(i * features, features);
            double sumG = 0, sumGx = 0;
            for (int j = 0; j < features; j++)
            {
                dGamma[j] += d[j] * xHat[j];
                dBeta[j] += d[j];
                float g = d[j] * gamma[j];
                sumG += g;
                sumGx += (double)g * xHat[j];
            }

            float scale = inverseStd[i] / features;
            for (int j = 0; j < features; j++)
            {
                float g = d[j] * gamma[j];
                d[j] = (float)(scale * (features * g - sumG - xHat[j] * sumGx));
            }
        }
    }
}
