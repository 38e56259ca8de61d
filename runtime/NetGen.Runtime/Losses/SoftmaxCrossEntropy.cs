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
        double total = 0;
        for (int i = 0; i < rows; i++)
        {
            ReadOnlySpan<float> x = logits.Slice(i * classes, classes);
            Span<float> dx = dLogits.Slice(i * classes, classes);
            float max = Max(x);
            float sum = ExpShifted(x, max, dx, width, out _); // dx holds e^(x − max) for now
            float logSumExp = max + MathF.Log(sum);
            int label = labels[i];

            // Σ_c t_c·log p_c with t = ε/C everywhere plus (1 − ε) at the label; zero targets contribute nothing
            // (no 0 · log 0), as PyTorch has it for class-index targets.
            double rowLoss = -(onTarget - offTarget) * (double)(x[label] - logSumExp);
            if (offTarget != 0f)
            {
                rowLoss -= offTarget * (Sum(x) - (double)classes * logSumExp);
            }

            float inverseSum = 1f / sum;
            for (int c = 0; c < classes; c++)
            {
                dx[c] = (dx[c] * inverseSum - offTarget) * inverseRows;
            }

            dx[label] -= (onTarget - offTarget) * inverseRows;

            total += rowLoss;
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
        for (int i = 0; i < rows; i++)
        {
            ReadOnlySpan<float> x = logits.Slice(i * classes, classes);
            Span<float> p = probabilities.Slice(i * classes, classes);
            float inverseSum = 1f / ExpShifted(x, Max(x), p, width, out _);
            for (int c = 0; c < classes; c++)
            {
                p[c] *= inverseSum;
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

    private static double Sum(ReadOnlySpan<float> x)
    {
        double sum = 0;
        foreach (float v in x)
        {
            sum += v;
        }

        return sum;
    }

    /// <summary>
    /// e[c] = e^(x[c] − max) at the width's tiers; returns Σ e. Its own loop rather than a <see cref="SimdLoop"/> map
    /// because it also sums what it writes (one pass over the row); the lane sums are as wide as the width, so Σ e,
    /// and through it the loss's last bits, follow the width's summation order. Each e is the same at every width.
    /// </summary>
    internal static float ExpShifted(ReadOnlySpan<float> x, float max, Span<float> e, SimdWidth width, out SimdCoverage coverage)
    {
        int n = x.Length, c = 0;
        float sum = 0f;
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float er = ref MemoryMarshal.GetReference(e.Slice(0, n));
        if (width == SimdWidth.Vector512)
        {
            Vector512<float> shift = Vector512.Create(max), lanes = Vector512<float>.Zero;
            for (; c <= n - Vector512<float>.Count; c += Vector512<float>.Count)
            {
                Vector512<float> v = Vector512.Exp(Vector512.LoadUnsafe(ref xr, (nuint)c) - shift);
                v.StoreUnsafe(ref er, (nuint)c);
                lanes += v;
            }

            sum = Vector512.Sum(lanes);
        }

        int wide = c;
        if (width != SimdWidth.Scalar)
        {
            Vector256<float> shift = Vector256.Create(max), lanes = Vector256<float>.Zero;
            for (; c <= n - Vector256<float>.Count; c += Vector256<float>.Count)
            {
                Vector256<float> v = Vector256.Exp(Vector256.LoadUnsafe(ref xr, (nuint)c) - shift);
                v.StoreUnsafe(ref er, (nuint)c);
                lanes += v;
            }

            sum += Vector256.Sum(lanes);
        }

        coverage = new SimdCoverage(wide, c - wide, n - c);
        for (; c < n; c++)
        {
            e[c] = Exp(x[c] - max);
            sum += e[c];
        }

        return sum;
    }

    /// <summary>e^x on one vector lane, so a class's value does not depend on whether it falls in a vector or the tail.</summary>
    private static float Exp(float x) => Vector256.Exp(Vector256.Create(x)).ToScalar();
}
