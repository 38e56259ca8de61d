namespace NetGen.Runtime;

/// <summary>
/// Batch normalization written element by element in double, straight from its definition: the reference
/// <see cref="BatchNorm"/> (and its vectorized passes) is tested against. Shapes as there: z[rows, features, positions].
/// </summary>
public static class BatchNormReference
{
    /// <summary>As <see cref="BatchNorm.ForwardTraining{TActivation}(ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, float, float, TActivation, int, int, Span{float}, Span{float}, Span{float}, Span{float}, Span{float})"/>: z (+ bias) becomes x̂, y = f(γx̂ + β), running statistics updated.</summary>
    public static void ForwardTraining<TActivation>(ReadOnlySpan<float> bias, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, float momentum, float epsilon, TActivation activation, int rows, int positions, Span<float> z, Span<float> inverseStd, Span<float> runningMean, Span<float> runningVariance, Span<float> y)
        where TActivation : struct, IActivation
    {
        int features = gamma.Length;
        double count = (double)rows * positions;
        for (int f = 0; f < features; f++)
        {
            double shift = bias.IsEmpty ? 0 : bias[f];
            double mean = 0;
            for (int i = 0; i < rows; i++)
            {
                for (int p = 0; p < positions; p++)
                {
                    mean += z[(i * features + f) * positions + p] + shift;
                }
            }

            mean /= count;
            double variance = 0; // biased: divided by N
            for (int i = 0; i < rows; i++)
            {
                for (int p = 0; p < positions; p++)
                {
                    double centered = z[(i * features + f) * positions + p] + shift - mean;
                    variance += centered * centered;
                }
            }

            variance /= count;
            double inverse = 1 / Math.Sqrt(variance + epsilon);
            inverseStd[f] = (float)inverse;
            runningMean[f] = (float)((1 - momentum) * runningMean[f] + momentum * mean);
            runningVariance[f] = (float)((1 - momentum) * runningVariance[f] + momentum * variance * count / (count - 1));
            for (int i = 0; i < rows; i++)
            {
                for (int p = 0; p < positions; p++)
                {
                    int k = (i * features + f) * positions + p;
                    double normalized = (z[k] + shift - mean) * inverse;
                    z[k] = (float)normalized;
                    y[k] = activation.Apply((float)(gamma[f] * normalized + beta[f]));
                }
            }
        }
    }

    /// <summary>As <see cref="BatchNorm.Backward(ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, int, int, Span{float}, Span{float}, Span{float})"/>: dn becomes ∂L/∂z = (γ·invStd/N)·(N·dn − Σdn − x̂·Σ(dn·x̂)).</summary>
    public static void Backward(ReadOnlySpan<float> normalized, ReadOnlySpan<float> gamma, ReadOnlySpan<float> inverseStd, int rows, int positions, Span<float> dn, Span<float> dGamma, Span<float> dBeta)
    {
        int features = gamma.Length;
        double count = (double)rows * positions;
        for (int f = 0; f < features; f++)
        {
            double sumProducts = 0, sum = 0;
            for (int i = 0; i < rows; i++)
            {
                for (int p = 0; p < positions; p++)
                {
                    int k = (i * features + f) * positions + p;
                    sumProducts += (double)dn[k] * normalized[k];
                    sum += dn[k];
                }
            }

            dGamma[f] = (float)sumProducts;
            dBeta[f] = (float)sum;
            double scale = gamma[f] * (double)inverseStd[f] / count;
            for (int i = 0; i < rows; i++)
            {
                for (int p = 0; p < positions; p++)
                {
                    int k = (i * features + f) * positions + p;
                    dn[k] = (float)(scale * (count * dn[k] - sum - normalized[k] * sumProducts));
                }
            }
        }
    }

    /// <summary>As <see cref="BatchNorm.InferenceScaleShift"/> then <c>BatchNorm.ApplyInference</c>, in double: y = f(γ(z + b − μ)/√(σ² + ε) + β).</summary>
    public static void Inference<TActivation>(ReadOnlySpan<float> bias, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, ReadOnlySpan<float> runningMean, ReadOnlySpan<float> runningVariance, float epsilon, TActivation activation, int rows, int positions, Span<float> y)
        where TActivation : struct, IActivation
    {
        int features = gamma.Length;
        for (int i = 0; i < rows; i++)
        {
            for (int f = 0; f < features; f++)
            {
                double inverseStd = 1 / Math.Sqrt(runningVariance[f] + (double)epsilon);
                for (int p = 0; p < positions; p++)
                {
                    int at = (i * features + f) * positions + p;
                    double z = y[at] + (bias.IsEmpty ? 0 : bias[f]);
                    y[at] = activation.Apply((float)(gamma[f] * (z - runningMean[f]) * inverseStd + beta[f]));
                }
            }
        }
    }
}
