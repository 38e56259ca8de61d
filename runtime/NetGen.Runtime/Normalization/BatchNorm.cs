using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace NetGen.Runtime;

/// <summary>
/// Batch normalization over the batch, per feature (torch.nn.BatchNorm1d after a dense layer; BatchNorm2d per channel
/// after a convolution, where each feature spans <c>positions</c> contiguous values of every sample), in two passes:
/// pass 1 adds the producer's bias and accumulates Σz, Σz² per feature (in double); pass 2 normalizes
/// x̂ = (z − μ)/√(σ² + ε) with the biased batch variance, applies n = γx̂ + β and the activation in the same loop.
/// Running statistics follow PyTorch: running = (1 − m)·running + m·batch, the variance unbiased (× B/(B − 1)).
/// </summary>
public static class BatchNorm
{
    /// <summary>Features whose double-precision sums are kept on the stack at once (2 × 512 doubles = 8 KiB).</summary>
    private const int Chunk = 512;

    /// <summary>Training forward: z[rows, features] (the GEMM output) becomes x̂ in place; y = f(γx̂ + β).</summary>
    /// <param name="bias">The producer's bias, added first (it shifts the running mean, as in PyTorch); empty for none.</param>
    /// <param name="gamma">γ[features].</param>
    /// <param name="beta">β[features].</param>
    /// <param name="momentum">m, the running statistics' update weight.</param>
    /// <param name="epsilon">ε.</param>
    /// <param name="activation">The activation fused into pass 2 (Identity when the layer keeps its pre-activation).</param>
    /// <param name="rows">The batch size, ≥ 2.</param>
    /// <param name="positions">Values per feature per sample: 1 after Dense, OutH·OutW after Conv2D.</param>
    /// <param name="z">In: the producer's output [rows, features, positions]. Out: x̂, kept for backward.</param>
    /// <param name="inverseStd">Out: 1/√(σ² + ε) per feature, kept for backward.</param>
    /// <param name="runningMean">Updated in place.</param>
    /// <param name="runningVariance">Updated in place.</param>
    /// <param name="y">Out: f(γx̂ + β).</param>
    public static void ForwardTraining<TActivation>(ReadOnlySpan<float> bias, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, float momentum, float epsilon, TActivation activation, int rows, int positions, Span<float> z, Span<float> inverseStd, Span<float> runningMean, Span<float> runningVariance, Span<float> y)
        where TActivation : struct, IActivation =>
        ForwardTraining(bias, gamma, beta, momentum, epsilon, activation, rows, positions, z, inverseStd, runningMean, runningVariance, y, Simd.Width);

    /// <summary>As the public overload, its passes at a chosen width.</summary>
    internal static void ForwardTraining<TActivation>(ReadOnlySpan<float> bias, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, float momentum, float epsilon, TActivation activation, int rows, int positions, Span<float> z, Span<float> inverseStd, Span<float> runningMean, Span<float> runningVariance, Span<float> y, SimdWidth width)
        where TActivation : struct, IActivation
    {
        int features = gamma.Length;
        if (rows * positions < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(rows), rows, "batch normalization in training needs at least 2 samples per batch (the unbiased variance divides by B − 1).");
        }

        // Features go in chunks whose double sums fit on the stack, so no batch allocates whatever the layer's width.
        Span<double> sums = stackalloc double[2 * Chunk];
        Span<float> means = stackalloc float[Chunk];
        long count = (long)rows * positions;
        for (int j0 = 0; j0 < features; j0 += Chunk)
        {
            int chunk = Math.Min(Chunk, features - j0);
            Span<double> sum = sums.Slice(0, chunk), sumOfSquares = sums.Slice(Chunk, chunk);
            sum.Clear();
            sumOfSquares.Clear();
            ReadOnlySpan<float> chunkBias = bias.IsEmpty ? default : bias.Slice(j0, chunk);
            for (int i = 0; i < rows; i++)
            {
                if (positions == 1)
                {
                    BatchNormPasses.AddBiasAndAccumulate(z.Slice(i * features + j0, chunk), chunkBias, sum, sumOfSquares, width);
                    continue;
                }

                for (int j = 0; j < chunk; j++)
                {
                    Span<float> plane = z.Slice((i * features + j0 + j) * positions, positions);
                    (double planeSum, double planeSquares) = BatchNormPasses.AddShiftAndAccumulate(plane, chunkBias.IsEmpty ? 0f : chunkBias[j], width);
                    sum[j] += planeSum;
                    sumOfSquares[j] += planeSquares;
                }
            }

            for (int j = 0; j < chunk; j++)
            {
                int f = j0 + j;
                double mu = sum[j] / count;
                double variance = Math.Max(sumOfSquares[j] / count - mu * mu, 0);
                inverseStd[f] = (float)(1 / Math.Sqrt(variance + epsilon));
                runningMean[f] = (float)((1 - momentum) * runningMean[f] + momentum * mu);
                runningVariance[f] = (float)((1 - momentum) * runningVariance[f] + momentum * variance * count / (count - 1));
                means[j] = (float)mu;
            }

            ReadOnlySpan<float> chunkMeans = means.Slice(0, chunk), chunkInverseStd = inverseStd.Slice(j0, chunk);
            for (int i = 0; i < rows; i++)
            {
                if (positions == 1)
                {
                    int start = i * features + j0;
                    BatchNormPasses.NormalizeRow(z.Slice(start, chunk), chunkMeans, chunkInverseStd, gamma.Slice(j0, chunk), beta.Slice(j0, chunk), activation, y.Slice(start, chunk), width);
                    continue;
                }

                for (int j = 0; j < chunk; j++)
                {
                    int f = j0 + j;
                    int start = (i * features + f) * positions;
                    BatchNormPasses.NormalizePlane(z.Slice(start, positions), means[j], inverseStd[f], gamma[f], beta[f], activation, y.Slice(start, positions), width);
                }
            }
        }
    }

    /// <summary>
    /// Backward through n = γx̂ + β: dn[rows, features, positions] (∂L/∂n, already through the activation) becomes ∂L/∂z
    /// in place; dGamma = Σ dn·x̂, dBeta = Σ dn over batch and positions (N values per feature);
    /// ∂L/∂z = (γ·invStd/N)·(N·dn − dBeta − x̂·dGamma).
    /// </summary>
    public static void Backward(ReadOnlySpan<float> normalized, ReadOnlySpan<float> gamma, ReadOnlySpan<float> inverseStd, int rows, int positions, Span<float> dn, Span<float> dGamma, Span<float> dBeta) =>
        Backward(normalized, gamma, inverseStd, rows, positions, dn, dGamma, dBeta, Simd.Width);

    /// <summary>As the public overload, its passes at a chosen width.</summary>
    internal static void Backward(ReadOnlySpan<float> normalized, ReadOnlySpan<float> gamma, ReadOnlySpan<float> inverseStd, int rows, int positions, Span<float> dn, Span<float> dGamma, Span<float> dBeta, SimdWidth width)
    {
        int features = gamma.Length;
        Span<double> sums = stackalloc double[2 * Chunk];
        Span<float> scales = stackalloc float[Chunk];
        long count = (long)rows * positions;
        for (int j0 = 0; j0 < features; j0 += Chunk)
        {
            int chunk = Math.Min(Chunk, features - j0);
            Span<double> sumGamma = sums.Slice(0, chunk), sumBeta = sums.Slice(Chunk, chunk);
            sumGamma.Clear();
            sumBeta.Clear();
            for (int i = 0; i < rows; i++)
            {
                if (positions == 1)
                {
                    int start = i * features + j0;
                    BatchNormPasses.AccumulateProducts(dn.Slice(start, chunk), normalized.Slice(start, chunk), sumGamma, sumBeta, width);
                    continue;
                }

                for (int j = 0; j < chunk; j++)
                {
                    int start = (i * features + j0 + j) * positions;
                    (double products, double plain) = BatchNormPasses.PlaneProducts(dn.Slice(start, positions), normalized.Slice(start, positions), width);
                    sumGamma[j] += products;
                    sumBeta[j] += plain;
                }
            }

            for (int j = 0; j < chunk; j++)
            {
                dGamma[j0 + j] = (float)sumGamma[j];
                dBeta[j0 + j] = (float)sumBeta[j];
                scales[j] = gamma[j0 + j] * inverseStd[j0 + j] / count;
            }

            for (int i = 0; i < rows; i++)
            {
                if (positions == 1)
                {
                    int start = i * features + j0;
                    BatchNormPasses.InputGradientRow(dn.Slice(start, chunk), normalized.Slice(start, chunk), scales.Slice(0, chunk), dBeta.Slice(j0, chunk), dGamma.Slice(j0, chunk), count, width);
                    continue;
                }

                for (int j = 0; j < chunk; j++)
                {
                    int f = j0 + j;
                    int start = (i * features + f) * positions;
                    BatchNormPasses.InputGradientPlane(dn.Slice(start, positions), normalized.Slice(start, positions), scales[j], dBeta[f], dGamma[f], count, width);
                }
            }
        }
    }

    /// <summary>
    /// Inference-mode batch norm on its own (the interpreted graph's form; generated code applies it in the producer's epilogue, <see cref="ApplyInference{TActivation}(ReadOnlySpan{float}, ReadOnlySpan{float}, TActivation, int, int, Span{float})"/>):
    /// y = x·s_j + (β_j − μ_j·s_j) with s_j = γ_j/√(running σ²_j + ε), for x[rows, features, positions].
    /// </summary>
    public static void ForwardInference(ReadOnlySpan<float> x, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, ReadOnlySpan<float> runningMean, ReadOnlySpan<float> runningVariance, float epsilon, int rows, int positions, Span<float> y) =>
        ForwardInference(x, gamma, beta, runningMean, runningVariance, epsilon, rows, positions, y, Simd.Width);

    /// <summary>As the public overload at a chosen width; returns the loops' coverage summed over the planes.</summary>
    internal static SimdCoverage ForwardInference(ReadOnlySpan<float> x, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, ReadOnlySpan<float> runningMean, ReadOnlySpan<float> runningVariance, float epsilon, int rows, int positions, Span<float> y, SimdWidth width)
    {
        SimdCoverage coverage = default;
        int features = gamma.Length;
        Span<float> scales = stackalloc float[Chunk], shifts = stackalloc float[Chunk];
        for (int j0 = 0; j0 < features; j0 += Chunk)
        {
            int chunk = Math.Min(Chunk, features - j0);
            for (int j = 0; j < chunk; j++)
            {
                float scale = (float)(gamma[j0 + j] / Math.Sqrt(runningVariance[j0 + j] + (double)epsilon));
                scales[j] = scale;
                shifts[j] = beta[j0 + j] - runningMean[j0 + j] * scale;
            }

            for (int i = 0; i < rows; i++)
            {
                for (int j = 0; j < chunk; j++)
                {
                    int start = (i * features + j0 + j) * positions;
                    coverage += SimdLoop.Map(x.Slice(start, positions), y.Slice(start, positions), new AffineOperator(scales[j], shifts[j]), width);
                }
            }
        }

        return coverage;
    }

    /// <summary>
    /// Inference batch norm as one affine map per feature, from the current parameters and running statistics:
    /// s_j = γ_j/√(running σ²_j + ε), t_j = (b_j − μ_j)·s_j + β_j (b the producer's bias, empty for none). O(features):
    /// the generated Predict computes it on every inference pass, so there is no derived weight that could go stale.
    /// </summary>
    public static void InferenceScaleShift(ReadOnlySpan<float> bias, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, ReadOnlySpan<float> runningMean, ReadOnlySpan<float> runningVariance, float epsilon, Span<float> scale, Span<float> shift)
    {
        int features = gamma.Length;
        if (beta.Length != features || runningMean.Length != features || runningVariance.Length != features || scale.Length < features || shift.Length < features || (!bias.IsEmpty && bias.Length != features))
        {
            MismatchedFeatures(features);
        }

        for (int j = 0; j < features; j++)
        {
            float s = (float)(gamma[j] / Math.Sqrt(runningVariance[j] + (double)epsilon));
            scale[j] = s;
            shift[j] = ((bias.IsEmpty ? 0f : bias[j]) - runningMean[j]) * s + beta[j];
        }
    }

    /// <summary>
    /// The epilogue of a producer followed by inference batch norm: y = f(s_j·z + t_j) in place over
    /// z[rows, features, positions], one pass (what the bias + activation pass costs without the norm).
    /// </summary>
    public static void ApplyInference<TActivation>(ReadOnlySpan<float> scale, ReadOnlySpan<float> shift, TActivation activation, int rows, int positions, Span<float> y)
        where TActivation : struct, IActivation =>
        ApplyInference(scale, shift, activation, rows, positions, y, Simd.Width);

    /// <summary>As the public overload at a chosen width; returns the loops' coverage summed over its rows (or planes).</summary>
    internal static SimdCoverage ApplyInference<TActivation>(ReadOnlySpan<float> scale, ReadOnlySpan<float> shift, TActivation activation, int rows, int positions, Span<float> y, SimdWidth width)
        where TActivation : struct, IActivation
    {
        int features = scale.Length;
        if (shift.Length != features || y.Length < (long)rows * features * positions)
        {
            InferenceSpansTooShort(rows, features, positions, y.Length, shift.Length);
        }

        SimdCoverage coverage = default;
        for (int i = 0; i < rows; i++)
        {
            if (positions == 1)
            {
                coverage += BatchNormPasses.ScaleShiftRow(y.Slice(i * features, features), scale, shift, activation, width);
                continue;
            }

            for (int j = 0; j < features; j++)
            {
                coverage += BatchNormPasses.ScaleShiftPlane(y.Slice((i * features + j) * positions, positions), scale[j], shift[j], activation, width);
            }
        }

        return coverage;
    }

    // The checks' messages, built out of line: inlined, a message's formatting spends the inlining budget of the kernel
    // it sits in (see SpanErrors).

    /// <summary><see cref="InferenceScaleShift"/>'s tensors do not all hold one value per feature.</summary>
    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void MismatchedFeatures(int features) =>
        throw new ArgumentException($"batch norm over {features} features needs β, running mean and variance of {features}, scale and shift of at least {features} and a bias of {features} or none.");

    /// <summary><see cref="ApplyInference{TActivation}(ReadOnlySpan{float}, ReadOnlySpan{float}, TActivation, int, int, Span{float}, SimdWidth)"/>'s y or shift is too short.</summary>
    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void InferenceSpansTooShort(int rows, int features, int positions, int yLength, int shiftLength) =>
        throw new ArgumentException($"{rows} rows of {features} features × {positions} positions need y of {(long)rows * features * positions} and shift of {features}; got {yLength} and {shiftLength}.");
}
