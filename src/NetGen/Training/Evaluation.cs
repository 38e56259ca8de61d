using NetGen.Data;

namespace NetGen.Training;

/// <summary>Scores a classifier on a data set through <see cref="INetwork.Predict"/>.</summary>
public static class Evaluation
{
    /// <summary>The fraction of samples whose highest output is their label.</summary>
    public static double Accuracy(INetwork network, DataSet data)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(data);
        if (data.FeatureSize != network.InputSize)
        {
            throw new ArgumentException($"the data has {data.FeatureSize} features per sample but the network takes {network.InputSize}.", nameof(data));
        }

        const int chunk = 1000;
        var outputs = new float[chunk * network.OutputSize];
        int correct = 0;
        for (int start = 0; start < data.Count; start += chunk)
        {
            int count = Math.Min(chunk, data.Count - start);
            Span<float> predicted = outputs.AsSpan(0, count * network.OutputSize);
            network.Predict(data.Features.AsSpan(start * data.FeatureSize, count * data.FeatureSize), predicted);
            for (int i = 0; i < count; i++)
            {
                if (ArgMax(predicted.Slice(i * network.OutputSize, network.OutputSize)) == data.Labels[start + i])
                {
                    correct++;
                }
            }
        }

        return data.Count == 0 ? 0 : (double)correct / data.Count;
    }

    /// <summary>The index of the largest value (the first on ties).</summary>
    public static int ArgMax(ReadOnlySpan<float> values)
    {
        int best = 0;
        for (int i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
            {
                best = i;
            }
        }

        return best;
    }
}
