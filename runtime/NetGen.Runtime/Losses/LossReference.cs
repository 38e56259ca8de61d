namespace NetGen.Runtime;

/// <summary>
/// The three losses written element by element in double from PyTorch's definitions (default mean reductions): the
/// reference <see cref="SoftmaxCrossEntropy"/>, <see cref="BinaryCrossEntropy"/> and <see cref="MeanSquaredError"/> are
/// tested against. Each returns the mean loss and writes ∂loss/∂input.
/// </summary>
public static class LossReference
{
    /// <summary>
    /// nn.CrossEntropyLoss with probability targets t[rows, classes] and label smoothing ε: t' = (1 − ε)·t + ε/C,
    /// loss = −Σ t'·log softmax(x) / rows, ∂/∂x = (softmax(x)·Σt' − t') / rows. Class labels are the one-hot case.
    /// </summary>
    public static double SoftmaxCrossEntropy(ReadOnlySpan<float> logits, ReadOnlySpan<float> targets, int classes, float labelSmoothing, Span<float> dLogits)
    {
        int rows = targets.Length / classes;
        double total = 0;
        for (int i = 0; i < rows; i++)
        {
            double max = double.NegativeInfinity;
            for (int c = 0; c < classes; c++)
            {
                max = Math.Max(max, logits[i * classes + c]);
            }

            double sum = 0;
            for (int c = 0; c < classes; c++)
            {
                sum += Math.Exp(logits[i * classes + c] - max);
            }

            double logSumExp = max + Math.Log(sum), targetSum = 0;
            for (int c = 0; c < classes; c++)
            {
                targetSum += Smoothed(targets[i * classes + c], labelSmoothing, classes);
            }

            for (int c = 0; c < classes; c++)
            {
                int k = i * classes + c;
                double target = Smoothed(targets[k], labelSmoothing, classes), logP = logits[k] - logSumExp;
                total -= target == 0 ? 0 : target * logP; // a zero target contributes nothing, even where p underflows
                dLogits[k] = (float)((Math.Exp(logP) * targetSum - target) / rows);
            }
        }

        return total / rows;
    }

    /// <summary>One-hot targets[labels.Length, classes] of integer labels.</summary>
    public static float[] OneHot(ReadOnlySpan<int> labels, int classes)
    {
        var targets = new float[labels.Length * classes];
        for (int i = 0; i < labels.Length; i++)
        {
            targets[i * classes + labels[i]] = 1f;
        }

        return targets;
    }

    /// <summary>nn.BCEWithLogitsLoss: loss = mean of −t·log σ(x) − (1 − t)·log(1 − σ(x)), ∂/∂x = (σ(x) − t)/N.</summary>
    public static double BinaryCrossEntropy(ReadOnlySpan<float> logits, ReadOnlySpan<float> targets, Span<float> dLogits)
    {
        int n = targets.Length;
        double total = 0;
        for (int i = 0; i < n; i++)
        {
            double x = logits[i], t = targets[i];
            // −t·log σ(x) − (1 − t)·log σ(−x), with log σ(x) = −log(1 + e^(−x)) evaluated on the side that does not overflow.
            total += t * Softplus(-x) + (1 - t) * Softplus(x);
            dLogits[i] = (float)((1 / (1 + Math.Exp(-x)) - t) / n);
        }

        return total / n;
    }

    /// <summary>nn.MSELoss: loss = mean of (y − t)², ∂/∂y = 2(y − t)/N.</summary>
    public static double MeanSquaredError(ReadOnlySpan<float> outputs, ReadOnlySpan<float> targets, Span<float> dOutputs)
    {
        int n = targets.Length;
        double total = 0;
        for (int i = 0; i < n; i++)
        {
            double difference = (double)outputs[i] - targets[i];
            total += difference * difference;
            dOutputs[i] = (float)(2 * difference / n);
        }

        return total / n;
    }

    private static double Smoothed(float target, float labelSmoothing, int classes) => target * (1.0 - labelSmoothing) + (double)labelSmoothing / classes;

    /// <summary>log(1 + e^x) = max(x, 0) + log(1 + e^(−|x|)).</summary>
    private static double Softplus(double x) => Math.Max(x, 0) + Math.Log(1 + Math.Exp(-Math.Abs(x)));
}
