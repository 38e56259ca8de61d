using NetGen.Randomness;

namespace NetGen.Tests;

/// <summary>Data for the preprocessing tests: correlated Gaussian samples, and the training covariance of a result.</summary>
internal static class PreprocessingData
{
    /// <summary>
    /// samples[count, size] = z·A + b, z standard normal, A = I + 0.5·(a random matrix), b a random offset: a covariance
    /// AᵀA far from the identity whose smallest eigenvalue is not tiny, so whitening with a small ε is well conditioned.
    /// </summary>
    public static float[] Correlated(int count, int size, int seed)
    {
        var random = new SeededRandom(seed);
        var a = new double[size * size];
        for (int i = 0; i < a.Length; i++)
        {
            a[i] = 0.5 * random.NextNormal() + (i / size == i % size ? 1.5 : 0);
        }

        var offset = Enumerable.Range(0, size).Select(_ => 3 * random.NextNormal()).ToArray();
        var samples = new float[count * size];
        var z = new double[size];
        for (int n = 0; n < count; n++)
        {
            for (int i = 0; i < size; i++)
            {
                z[i] = random.NextNormal();
            }

            for (int j = 0; j < size; j++)
            {
                double sum = offset[j];
                for (int i = 0; i < size; i++)
                {
                    sum += z[i] * a[i * size + j];
                }

                samples[n * size + j] = (float)sum;
            }
        }

        return samples;
    }

    /// <summary>The population covariance [size, size] of rows[count, size], in double.</summary>
    public static double[] Covariance(ReadOnlySpan<float> rows, int size)
    {
        int count = rows.Length / size;
        var mean = new double[size];
        for (int n = 0; n < count; n++)
        {
            for (int i = 0; i < size; i++)
            {
                mean[i] += rows[n * size + i] / (double)count;
            }
        }

        var covariance = new double[size * size];
        for (int n = 0; n < count; n++)
        {
            for (int i = 0; i < size; i++)
            {
                double di = rows[n * size + i] - mean[i];
                for (int j = 0; j < size; j++)
                {
                    covariance[i * size + j] += di * (rows[n * size + j] - mean[j]) / count;
                }
            }
        }

        return covariance;
    }

    /// <summary>max |C − I| over the entries.</summary>
    public static double DistanceFromIdentity(double[] covariance, int size)
    {
        double worst = 0;
        for (int i = 0; i < size; i++)
        {
            for (int j = 0; j < size; j++)
            {
                worst = Math.Max(worst, Math.Abs(covariance[i * size + j] - (i == j ? 1 : 0)));
            }
        }

        return worst;
    }
}
