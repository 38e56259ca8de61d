namespace NetGen.Runtime;

/// <summary>
/// Mean squared error as torch.nn.MSELoss: the mean over every batch × output element of (y - t)²,
/// with the gradient 2(y - t)/N written in the same pass.
/// </summary>
public static class MeanSquaredError
{
    /// <summary>Mean of (outputs - targets)² over all elements; dOutputs receives the gradient.</summary>
    public static float Forward(ReadOnlySpan<float> outputs, ReadOnlySpan<float> targets, Span<float> dOutputs)
    {
        int n = targets.Length;
        float scale = 2f / n;
        double total = 0;
        for (int i = 0; i < n; i++)
        {
            float difference = outputs[i] - targets[i];
            total += (double)difference * difference;
            dOutputs[i] = scale * difference;
        }

        return (float)(total / n);
    }

    /// <summary>Mean squared error against one-hot encodings of labels[rows] over outputs[rows, classes].</summary>
    public static float Forward(ReadOnlySpan<float> outputs, ReadOnlySpan<int> labels, int classes, Span<float> dOutputs)
    {
        int n = labels.Length * classes;
        float scale = 2f / n;
        double total = 0;
        for (int i = 0; i < labels.Length; i++)
        {
            for (int c = 0; c < classes; c++)
            {
                int k = i * classes + c;
                float difference = outputs[k] - (c == labels[i] ? 1f : 0f);
                total += (double)difference * difference;
                dOutputs[k] = scale * difference;
            }
        }

        return (float)(total / n);
    }
}
