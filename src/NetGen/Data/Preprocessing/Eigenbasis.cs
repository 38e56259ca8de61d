using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Factorization;
using NetGen.Runtime;

namespace NetGen.Data.Preprocessing;

/// <summary>
/// The training set's mean and the eigendecomposition of its covariance, shared by PCA and both whitenings.
/// Σ = (1/n)·XcᵀXc over the centred samples Xc = X − μ (the population covariance, as the course's
/// <c>np.dot(X.T, X) / N</c>), accumulated chunk by chunk: each chunk's XcᵀXc in float through the runtime's GEMM, summed
/// in double. Σ = U·diag(λ)·Uᵀ in double by Math.NET's symmetric EVD. Eigenvalues are sorted descending (ties keep
/// Math.NET's order) and clamped at 0 (a tiny negative one is round-off); each eigenvector's sign is chosen so that its
/// entry of largest magnitude (the first such on a tie) is positive, so the same data gives the same components.
/// </summary>
internal sealed record Eigenbasis(float[] Mean, double[] Components, double[] Eigenvalues, int Size)
{
    /// <summary>Samples per covariance chunk: 1024 rows of 784 floats are 3 MB, so centring a copy costs little memory.</summary>
    private const int ChunkRows = 1024;

    /// <summary>Fits on samples[count, size] (checked by the caller).</summary>
    public static Eigenbasis Fit(ReadOnlySpan<float> samples, int size)
    {
        int count = samples.Length / size;
        float[] mean = MeanOf(samples, size, count);
        double[] covariance = Covariance(samples, size, count, mean);
        Evd<double> evd = Matrix<double>.Build.Dense(size, size, covariance).Evd(Symmetricity.Symmetric);
        int[] order = [.. Enumerable.Range(0, size).OrderByDescending(i => evd.EigenValues[i].Real)]; // OrderBy is stable
        var eigenvalues = new double[size];
        var components = new double[size * size]; // [size, size]: component j is row j
        for (int j = 0; j < size; j++)
        {
            eigenvalues[j] = Math.Max(evd.EigenValues[order[j]].Real, 0);
            Vector<double> column = evd.EigenVectors.Column(order[j]);
            int largest = 0;
            for (int i = 1; i < size; i++)
            {
                if (Math.Abs(column[i]) > Math.Abs(column[largest]))
                {
                    largest = i;
                }
            }

            double sign = column[largest] < 0 ? -1 : 1;
            for (int i = 0; i < size; i++)
            {
                components[j * size + i] = sign * column[i];
            }
        }

        return new Eigenbasis(mean, components, eigenvalues, size);
    }

    /// <summary>The first <paramref name="k"/> components rounded to float: [k, size].</summary>
    public float[] Top(int k) => [.. Components.AsSpan(0, k * Size).ToArray().Select(v => (float)v)];

    private static float[] MeanOf(ReadOnlySpan<float> samples, int size, int count)
    {
        var sum = new double[size];
        for (int n = 0; n < count; n++)
        {
            ReadOnlySpan<float> row = samples.Slice(n * size, size);
            for (int i = 0; i < size; i++)
            {
                sum[i] += row[i];
            }
        }

        return [.. sum.Select(s => (float)(s / count))];
    }

    /// <summary>Σ[size, size] = (1/n)·Σ over chunks of XcᵀXc (float GEMM per chunk, double sum).</summary>
    private static double[] Covariance(ReadOnlySpan<float> samples, int size, int count, float[] mean)
    {
        var scratch = new GemmScratch();
        var centred = new float[Math.Min(ChunkRows, count) * size];
        var partial = new float[size * size];
        var sum = new double[size * size];
        for (int start = 0; start < count; start += ChunkRows)
        {
            int rows = Math.Min(ChunkRows, count - start);
            for (int n = 0; n < rows; n++)
            {
                ReadOnlySpan<float> x = samples.Slice((start + n) * size, size);
                Span<float> c = centred.AsSpan(n * size, size);
                for (int i = 0; i < size; i++)
                {
                    c[i] = x[i] - mean[i];
                }
            }

            // partial[size, size] = centred[rows, size]ᵀ · centred[rows, size]
            ReadOnlySpan<float> chunk = centred.AsSpan(0, rows * size);
            Gemm.MultiplyTransposedA(chunk, chunk, size, size, rows, partial, scratch);
            for (int i = 0; i < sum.Length; i++)
            {
                sum[i] += partial[i];
            }
        }

        for (int i = 0; i < sum.Length; i++)
        {
            sum[i] /= count;
        }

        // The GEMM's blocking may round the two triangles differently; the EVD reads a symmetric matrix.
        for (int i = 0; i < size; i++)
        {
            for (int j = i + 1; j < size; j++)
            {
                double average = 0.5 * (sum[i * size + j] + sum[j * size + i]);
                sum[i * size + j] = sum[j * size + i] = average;
            }
        }

        return sum;
    }
}
