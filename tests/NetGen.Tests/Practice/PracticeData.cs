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
internal sealed class WrongGradient(INetwork inner, int index) : INetwork
{
    public int InputSize => inner.InputSize;
    public int OutputSize => inner.OutputSize;
    public int BatchSize => inner.BatchSize;
    public int ParameterCount => inner.ParameterCount;
    public IReadOnlyList<Layer> Layers => inner.Layers;
    public Span<float> Parameters => inner.Parameters;
    public float LearningRate { get => inner.LearningRate; set => inner.LearningRate = value; }
    public float WeightDecay { get => inner.WeightDecay; set => inner.WeightDecay = value; }
    public float Momentum { get => inner.Momentum; set => inner.Momentum = value; }
    public long Step => inner.Step;
    public NetworkArchitecture Architecture => inner.Architecture;
    public IReadOnlyList<OptimizerBuffer> OptimizerState => inner.OptimizerState;
    public TrainingPosition Position { get => inner.Position; set => inner.Position = value; }
    public float TrainStep(ReadOnlySpan<float> inputs, ReadOnlySpan<int> labels) => inner.TrainStep(inputs, labels);
    public float TrainStep(ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets) => inner.TrainStep(inputs, targets);
    public void Predict(ReadOnlySpan<float> inputs, Span<float> outputs) => inner.Predict(inputs, outputs);
    public void PredictWithDropout(ReadOnlySpan<float> inputs, Span<float> outputs) => inner.PredictWithDropout(inputs, outputs);
    public void RecordActivations(ReadOnlySpan<float> inputs, IActivationRecorder recorder) => inner.RecordActivations(inputs, recorder);
    public void ApplyGradients(ReadOnlySpan<float> gradients) => inner.ApplyGradients(gradients);
    public float ComputeGradients(ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets, Span<float> gradients) => inner.ComputeGradients(inputs, targets, gradients);

    public float ComputeGradients(ReadOnlySpan<float> inputs, ReadOnlySpan<int> labels, Span<float> gradients)
    {
        float loss = inner.ComputeGradients(inputs, labels, gradients);
        gradients[index] *= 1.5f;
        return loss;
    }
}
