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
            float x = logits[i], t = targets[i];
            total += MathF.Max(x, 0f) - x * t + MathF.Log(1f + MathF.Exp(-MathF.Abs(x)));
            dLogits[i] = (Sigmoid(x) - t) / n;
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
                float x = logits[k];
                float t = outputs == 1 ? labels[i] : c == labels[i] ? 1f : 0f;
                total += MathF.Max(x, 0f) - x * t + MathF.Log(1f + MathF.Exp(-MathF.Abs(x)));
                dLogits[k] = (Sigmoid(x) - t) / n;
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

    private static float Sigmoid(float x) => x >= 0f ? 1f / (1f + MathF.Exp(-x)) : MathF.Exp(x) / (1f + MathF.Exp(x));
}
