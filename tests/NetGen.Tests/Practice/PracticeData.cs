using NetGen.Testing;
using NetGen.Data;
using NetGen.Randomness;

namespace NetGen.Tests.Practice;

/// <summary>Three Gaussian blobs in the plane, for BlobClassifier.</summary>
internal static class PracticeData
{
    public static DataSet Blobs(int count, long seed, double spread = 0.6)
    {
        var random = new SeededRandom(seed);
        double[][] centers = [[-2, 0], [2, 0], [0, 2.5]];
        var features = new float[count * 2];
        var labels = new int[count];
        for (int i = 0; i < count; i++)
        {
            int c = random.NextInt(3);
            labels[i] = c;
            features[2 * i] = (float)(centers[c][0] + spread * random.NextNormal());
            features[2 * i + 1] = (float)(centers[c][1] + spread * random.NextNormal());
        }

        return new DataSet(features, labels, 2);
    }

    public static void Train(INetwork network, DataSet data, int epochs, long seed)
    {
        var batches = new NetGen.Training.Minibatches(data, network.BatchSize, seed);
        for (int e = 0; e < epochs; e++)
        {
            batches.Shuffle();
            while (batches.TryNext(out ReadOnlySpan<float> x, out ReadOnlySpan<int> y))
            {
                network.TrainStep(x, y);
            }
        }
    }

    /// <summary>Everything a checkpoint holds, as bytes, to compare two states exactly.</summary>
    public static byte[] State(INetwork network)
    {
        using var stream = new MemoryStream();
        network.Save(stream);
        return stream.ToArray();
    }
}

/// <summary>A network whose label gradient is wrong at one index (scaled by 1.5): the gradient check must flag it.</summary>
internal sealed class WrongGradient(INetwork inner, int index) : DelegatingNetwork(inner)
{
    public override float ComputeGradients(ReadOnlySpan<float> inputs, ReadOnlySpan<int> labels, Span<float> gradients)
    {
        float loss = Inner.ComputeGradients(inputs, labels, gradients);
        gradients[index] *= 1.5f;
        return loss;
    }
}
