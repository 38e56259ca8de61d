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
    public static float Forward(ReadOnlySpan<float> logits, ReadOnlySpan<int> labels, int classes, float labelSmoothing, Span<float> dLogits)
    {
        int rows = labels.Length;
        float offTarget = labelSmoothing / classes;
        float onTarget = 1f - labelSmoothing + offTarget;
        double total = 0;
        for (int i = 0; i < rows; i++)
        {
            ReadOnlySpan<float> x = logits.Slice(i * classes, classes);
            Span<float> dx = dLogits.Slice(i * classes, classes);
            float logSumExp = LogSumExp(x);
            int label = labels[i];
            double rowLoss = 0;
            for (int c = 0; c < classes; c++)
            {
                float logP = x[c] - logSumExp;
                float target = c == label ? onTarget : offTarget;
                if (target != 0f)
                {
                    // Skipping zero targets keeps 0 · log 0 out of the sum, as PyTorch does for class-index targets.
                    rowLoss -= target * (double)logP;
                }

                dx[c] = (MathF.Exp(logP) - target) / rows;
            }

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
    public static void Softmax(ReadOnlySpan<float> logits, int classes, Span<float> probabilities)
    {
        int rows = logits.Length / classes;
        for (int i = 0; i < rows; i++)
        {
            ReadOnlySpan<float> x = logits.Slice(i * classes, classes);
            Span<float> p = probabilities.Slice(i * classes, classes);
            float logSumExp = LogSumExp(x);
            for (int c = 0; c < classes; c++)
            {
                p[c] = MathF.Exp(x[c] - logSumExp);
            }
        }
    }

    /// <summary>log Σ e^x, shifted by the row maximum so no term overflows.</summary>
    private static float LogSumExp(ReadOnlySpan<float> x)
    {
        float max = float.NegativeInfinity;
        foreach (float v in x)
        {
            max = MathF.Max(max, v);
        }

        float sum = 0f;
        foreach (float v in x)
        {
            sum += MathF.Exp(v - max);
        }

        return max + MathF.Log(sum);
    }
}
