using NetGen.Data;
using NetGen.Training;

namespace NetGen.Samples.Babysitting;

/// <summary>One training run: per-step loss and first-layer update ratio, per-epoch accuracies, and where it diverged.</summary>
internal sealed record Run(string Name, float Rate, INetwork Network, List<double> Losses, List<double> Ratios, List<double> TrainAccuracy, List<double> ValidationAccuracy, long? DivergedAt)
{
    public double FinalLoss => Losses.Count == 0 ? double.NaN : Losses.TakeLast(20).Average();

    /// <summary>Steps whose first-layer update was exactly 0 (every hidden unit dead: no gradient reaches the weights).</summary>
    public int ZeroRatios => Ratios.Count(r => r == 0);

    public double MedianRatio
    {
        get
        {
            if (Ratios.Count == 0)
            {
                return double.NaN;
            }

            double[] sorted = [.. Ratios.Order()];
            return sorted[sorted.Length / 2];
        }
    }

    public string Summary() =>
        $"lr {Rate:G3} ({Name}): {(DivergedAt is { } k ? $"diverged at step {k}" : "did not diverge")}; final loss {FinalLoss:F4} (mean of the last 20 steps); " +
        $"train accuracy {Last(TrainAccuracy):P2}, validation accuracy {Last(ValidationAccuracy):P2}; median first-layer update/weight ratio {MedianRatio:G3}" +
        (ZeroRatios > 0 ? $" ({ZeroRatios} of {Ratios.Count} steps updated nothing: every hidden unit off for the whole batch)" : "");

    private static double Last(List<double> values) => values.Count == 0 ? double.NaN : values[^1];
}

internal static class Experiments
{
    /// <summary>
    /// Plain minibatch SGD for <paramref name="epochs"/> epochs, each step through <see cref="UpdateRatios"/> (when asked),
    /// so the first layer's ‖ΔW‖/‖W‖ is recorded with the loss; a non-finite loss ends the run as diverged.
    /// </summary>
    public static Run Train(INetwork network, string name, float rate, DataSet train, DataSet validation, int epochs, int seed, bool measureRatios = true)
    {
        var run = new Run(name, rate, network, [], [], [], [], null);
        var ratios = new UpdateRatios(network);
        var batches = new Minibatches(train, network.BatchSize, seed);
        long step = 0;
        for (int epoch = 0; epoch < epochs; epoch++)
        {
            batches.Shuffle();
            while (batches.TryNext(out ReadOnlySpan<float> inputs, out ReadOnlySpan<int> labels))
            {
                step++;
                float loss;
                try
                {
                    loss = measureRatios ? ratios.TrainStep(inputs, labels) : network.TrainStep(inputs, labels);
                }
                catch (NotFiniteNumberException)
                {
                    return run with { DivergedAt = step };
                }

                run.Losses.Add(loss);
                if (measureRatios)
                {
                    run.Ratios.Add(ratios.Ratios[0].Ratio);
                }
            }

            run.TrainAccuracy.Add(Metrics.Accuracy(network, train));
            run.ValidationAccuracy.Add(Metrics.Accuracy(network, validation));
        }

        return run;
    }

    /// <summary>A series of the finite positive values only (with their 1-based step as x), for a log axis.</summary>
    public static Figures.Series Positive(string label, List<double> values)
    {
        var x = new List<double>();
        var y = new List<double>();
        for (int i = 0; i < values.Count; i++)
        {
            if (double.IsFinite(values[i]) && values[i] > 0)
            {
                x.Add(i + 1);
                y.Add(values[i]);
            }
        }

        return new Figures.Series(label, x, y);
    }

    /// <summary>The hidden layer's activations on <paramref name="inputs"/>, copied out of a RecordActivations pass.</summary>
    public static float[] HiddenActivations(INetwork network, float[] inputs)
    {
        var recorder = new FirstLayer();
        network.RecordActivations(inputs, recorder);
        return recorder.Values;
    }

    private sealed class FirstLayer : IActivationRecorder
    {
        public float[] Values { get; private set; } = [];

        public void Record(int layer, ReadOnlySpan<float> activations, int batch)
        {
            if (layer == 0)
            {
                Values = activations.ToArray();
            }
        }
    }
}
