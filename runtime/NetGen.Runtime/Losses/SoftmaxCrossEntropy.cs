using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NetGen.Runtime;

/// <summary>
/// Softmax cross-entropy on logits, as torch.nn.CrossEntropyLoss (mean over the batch, optional label smoothing):
/// log p = x - max - log Σ e^(x - max) (log-sum-exp, stable for any magnitude), and the gradient w.r.t. the logits
/// (p·Σt - t) / rows written in the same pass.
/// </summary>
public static class SoftmaxCrossEntropy
{
    /// <summary>
    /// Mean loss of logits[rows, classes] against integer labels[rows]; dLogits[rows, classes] receives its gradient.
    /// With smoothing ε the target is (1-ε)·onehot + ε/classes.
    /// </summary>
    public static float Forward(ReadOnlySpan<float> logits, ReadOnlySpan<int> labels, int classes, float labelSmoothing, Span<float> dLogits) =>
        Forward(logits, labels, classes, labelSmoothing, dLogits, Simd.Width);

    /// <summary>As the public overload, its exponentials at a chosen width.</summary>
    internal static float Forward(ReadOnlySpan<float> logits, ReadOnlySpan<int> labels, int classes, float labelSmoothing, Span<float> dLogits, SimdWidth width)
    {
        int rows = labels.Length;
        float offTarget = labelSmoothing / classes;
        float onTarget = 1f - labelSmoothing + offTarget;
        float inverseRows = 1f / rows;
        Span<float> maxima = stackalloc float[ChunkRows];
        double total = 0;
        for (int start = 0; start < rows; start += ChunkRows)
        {
            int count = Math.Min(ChunkRows, rows - start);
            Span<float> chunk = dLogits.Slice(start * classes, count * classes);
            ShiftedExponentials(logits.Slice(start * classes, count * classes), classes, maxima, chunk, width); // e^(x − max) for now
            for (int r = 0; r < count; r++)
            {
                int i = start + r;
                ReadOnlySpan<float> x = logits.Slice(i * classes, classes);
                Span<float> dx = chunk.Slice(r * classes, classes);
                float sum = SoftmaxRows.Sum(dx, width);
                float logSumExp = maxima[r] + MathF.Log(sum);
                int label = labels[i];

                // Σ_c t_c·log p_c with t = ε/C everywhere plus (1 − ε) at the label; zero targets contribute nothing
                // (no 0 · log 0), as PyTorch has it for class-index targets.
                double rowLoss = -(onTarget - offTarget) * (double)(x[label] - logSumExp);
                if (offTarget != 0f)
                {
                    rowLoss -= offTarget * (SumInDouble(x) - (double)classes * logSumExp);
                }

                SoftmaxRows.ScaleOffset(dx, 1f / sum, offTarget, inverseRows, width);

                dx[label] -= (onTarget - offTarget) * inverseRows;
                total += rowLoss;
            }
        }

        return (float)(total / rows);
    }

    /// <summary>
    /// Mean loss of logits[rows, classes] against target distributions targets[rows, classes] (PyTorch's probability targets).
    /// </summary>
    public static float Forward(ReadOnlySpan<float> logits, ReadOnlySpan<float> targets, int classes, float labelSmoothing, Span<float> dLogits)
    {
        int rows = targets.Length / classes;
        float offTarget = labelSmoothing / classes;
        double total = 0;
        for (int i = 0; i < rows; i++)
        {
            ReadOnlySpan<float> x = logits.Slice(i * classes, classes);
            ReadOnlySpan<float> t = targets.Slice(i * classes, classes);
            Span<float> dx = dLogits.Slice(i * classes, classes);
            float logSumExp = LogSumExp(x);
            float targetSum = 0f;
            for (int c = 0; c < classes; c++)
            {
                targetSum += t[c] * (1f - labelSmoothing) + offTarget;
            }

            double rowLoss = 0;
            for (int c = 0; c < classes; c++)
            {
                float logP = x[c] - logSumExp;
                float target = t[c] * (1f - labelSmoothing) + offTarget;
                if (target != 0f)
                {
                    rowLoss -= target * (double)logP;
                }

                dx[c] = (MathF.Exp(logP) * targetSum - target) / rows;
            }

            total += rowLoss;
        }

        return (float)(total / rows);
    }

    /// <summary>probabilities[rows, classes] = softmax of each row of logits (in place allowed).</summary>
    public static void Softmax(ReadOnlySpan<float> logits, int classes, Span<float> probabilities) =>
        Softmax(logits, classes, probabilities, Simd.Width);

    /// <summary>As the public overload, its exponentials at a chosen width.</summary>
    internal static void Softmax(ReadOnlySpan<float> logits, int classes, Span<float> probabilities, SimdWidth width)
    {
        int rows = logits.Length / classes;
        Span<float> maxima = stackalloc float[ChunkRows];
        for (int start = 0; start < rows; start += ChunkRows)
        {
            int count = Math.Min(ChunkRows, rows - start);
            Span<float> chunk = probabilities.Slice(start * classes, count * classes);
            ShiftedExponentials(logits.Slice(start * classes, count * classes), classes, maxima, chunk, width);
            for (int r = 0; r < count; r++)
            {
                Span<float> p = chunk.Slice(r * classes, classes);
                SoftmaxRows.ScaleOffset(p, 1f / SoftmaxRows.Sum(p, width), 0f, 1f, width);
            }
        }
    }

    /// <summary>log Σ e^x, shifted by the row maximum so no term overflows.</summary>
    private static float LogSumExp(ReadOnlySpan<float> x)
    {
        float max = Max(x);
        float sum = 0f;
        foreach (float v in x)
        {
            sum += Exp(v - max);
        }

        return max + MathF.Log(sum);
    }

    private static float Max(ReadOnlySpan<float> x)
    {
        float max = float.NegativeInfinity;
        foreach (float v in x)
        {
            max = MathF.Max(max, v);
        }

        return max;
    }

    private static double SumInDouble(ReadOnlySpan<float> x)
    {
        double sum = 0;
        foreach (float v in x)
        {
            sum += v;
        }

        return sum;
    }

    /// <summary>
    /// Rows whose exponentials are taken in one pass: a batch of 10-class rows is one run of vectors over the chunk, not
    /// a vector and a tail per row (at 32 × 10 the per-row form spent three exponentials of a vector on each row). The
    /// chunk's row maxima stay on the stack and the chunk in L1.
    /// </summary>
    private const int ChunkRows = 64;

    /// <summary>e[rows, classes] = e^(x − the row's maximum), maxima[r] the maximum of row r.</summary>
    private static void ShiftedExponentials(ReadOnlySpan<float> x, int classes, Span<float> maxima, Span<float> e, SimdWidth width)
    {
        int rows = x.Length / classes;
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<float> row = x.Slice(r * classes, classes);
            float max = SoftmaxRows.Max(row, width);
            maxima[r] = max;
            SoftmaxRows.Subtract(row, max, e.Slice(r * classes, classes), width);
        }

        ExpInPlace(e.Slice(0, rows * classes), width);
    }

    /// <summary>
    /// v = e^v in place at the width's tiers; at a vector width the last fewer-than-eight values go through one
    /// zero-padded Vector256 (counted as Vector256), not an exponential of a whole vector each. Each value comes out the
    /// same at every width and position: the vector exponentials agree lane by lane, and the scalar form is one lane.
    /// </summary>
    internal static SimdCoverage ExpInPlace(Span<float> values, SimdWidth width)
    {
        int n = values.Length, c = 0;
        ref float v = ref MemoryMarshal.GetReference(values);
        if (width == SimdWidth.Vector512)
        {
            for (; c <= n - Vector512<float>.Count; c += Vector512<float>.Count)
            {
                VectorExp.Exp(Vector512.LoadUnsafe(ref v, (nuint)c)).StoreUnsafe(ref v, (nuint)c);
            }
        }

        int wide = c;
        if (width == SimdWidth.Scalar)
        {
            for (; c < n; c++)
            {
                values[c] = Exp(values[c]);
            }

            return new SimdCoverage(0, 0, n);
        }

        for (; c <= n - Vector256<float>.Count; c += Vector256<float>.Count)
        {
            VectorExp.Exp(Vector256.LoadUnsafe(ref v, (nuint)c)).StoreUnsafe(ref v, (nuint)c);
        }

        if (c < n)
        {
            Span<float> padded = stackalloc float[Vector256<float>.Count];
            padded.Clear();
            values.Slice(c).CopyTo(padded);
            VectorExp.Exp(Vector256.Create<float>(padded)).CopyTo(padded);
            padded.Slice(0, n - c).CopyTo(values.Slice(c));
        }

        return new SimdCoverage(wide, n - wide, 0);
    }

    /// <summary>e^x on one vector lane, so a class's value does not depend on whether it falls in a vector or the tail.</summary>
    private static float Exp(float x) => VectorExp.Exp(Vector256.Create(x)).ToScalar();
}
