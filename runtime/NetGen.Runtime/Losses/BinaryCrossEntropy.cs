namespace NetGen.Runtime;

/// <summary>
/// Binary cross-entropy on logits, as torch.nn.BCEWithLogitsLoss (mean over every element):
/// ℓ = max(x, 0) − x·t + log(1 + e^(−|x|)), stable for any |x|; ∂ℓ/∂x = (σ(x) − t)/N written in the same pass.
/// </summary>
public static class BinaryCrossEntropy
{
    /// <summary>Mean loss of logits against targets of the same length; dLogits receives the gradient.</summary>
    public static float Forward(ReadOnlySpan<float> logits, ReadOnlySpan<float> targets, Span<float> dLogits)
    {
        int n = targets.Length;
        double total = 0;
        for (int i = 0; i < n; i++)
        {
            total += Element(logits[i], targets[i], n, out dLogits[i]);
        }

        return (float)(total / n);
    }

    /// <summary>As the target overload with labels: 0/1 targets for one output, one-hot targets for several.</summary>
    public static float Forward(ReadOnlySpan<float> logits, ReadOnlySpan<int> labels, int outputs, Span<float> dLogits)
    {
        int n = labels.Length * outputs;
        double total = 0;
        for (int i = 0; i < labels.Length; i++)
        {
            for (int c = 0; c < outputs; c++)
            {
                int k = i * outputs + c;
                total += Element(logits[k], LabelTarget(labels[i], c, outputs), n, out dLogits[k]);
            }
        }

        return (float)(total / n);
    }

    /// <summary>probabilities = σ(logits), element-wise (in place allowed).</summary>
    public static void Sigmoid(ReadOnlySpan<float> logits, Span<float> probabilities)
    {
        for (int i = 0; i < logits.Length; i++)
        {
            probabilities[i] = Sigmoid(logits[i]);
        }
    }

    /// <summary>
    /// One element's loss max(x, 0) − x·t + log(1 + e^−|x|) (stable for any x) and its gradient (σ(x) − t)/n: shared with
    /// the feature-major kernel, so both give the same bits.
    /// </summary>
    internal static double Element(float x, float t, int n, out float gradient)
    {
        gradient = (Sigmoid(x) - t) / n;
        return MathF.Max(x, 0f) - x * t + MathF.Log(1f + MathF.Exp(-MathF.Abs(x)));
    }

    /// <summary>The target of output <paramref name="c"/> for a label: the 0/1 label itself with one output, else its one-hot row.</summary>
    internal static float LabelTarget(int label, int c, int outputs) => outputs == 1 ? label : c == label ? 1f : 0f;

    private static float Sigmoid(float x) => x >= 0f ? 1f / (1f + MathF.Exp(-x)) : MathF.Exp(x) / (1f + MathF.Exp(x));
}
