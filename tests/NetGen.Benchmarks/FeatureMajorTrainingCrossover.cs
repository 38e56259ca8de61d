using NetGen.Runtime;

namespace NetGen.Benchmarks;

/// <summary>
/// Where feature-major training pays (FeatureMajorRule.TrainApplies): the generated TrainStep (on labels; one-hot for the
/// squared-error pair) of networks the rule
/// admits (BatchSize 256, or 255 where 256 samples would reach the 4 Mi multiply-adds at which batch-major products
/// split over the cores) beside the batch-major TrainStep of FeatureMajorCrossover's twins of the same shapes
/// (BatchSize 300 keeps them batch-major), both at learning rate 0 so every round trains the same parameters. Below
/// a lane block both sides are batch-major where FeatureMajor.Pays says so (this table set its ¾ bound). Each side is warmed up at each batch, then rounds
/// alternate; the best of each is kept.
/// </summary>
internal static class FeatureMajorTrainingCrossover
{
    public static void Print()
    {
        Console.WriteLine("| network | batch | feature-major TrainStep µs | batch-major TrainStep µs | batch-major / feature-major |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        foreach ((string name, INetwork featureMajor, INetwork batchMajor, int[] batches) in new (string, INetwork, INetwork, int[])[]
        {
            ("64-32-10", new TrainedMlp64(seed: 1), new CrossoverMlp64(seed: 1), [8, 16, 20, 24, 28, 32, 33, 40, 48, 56, 64, 128, 256]),
            ("128-128-128-10", new TrainedWide(seed: 1), new CrossoverWide(seed: 1), [8, 16, 20, 24, 28, 32, 33, 40, 48, 56, 64, 128, 255]),
            ("256-64-10", new TrainedDeep(seed: 1), new CrossoverDeep(seed: 1), [8, 16, 20, 24, 28, 32, 33, 40, 48, 56, 64, 128, 255]),
            ("64-32-10, MSE", new TrainedSquared(seed: 1), new CrossoverSquared(seed: 1), [8, 16, 24, 32, 40, 48, 64, 128, 256]),
        })
        {
            featureMajor.LearningRate = 0f;
            batchMajor.LearningRate = 0f;
            foreach (int batch in batches)
            {
                (double fm, double bm) = Measure(featureMajor, batchMajor, batch);
                Console.WriteLine(FormattableString.Invariant($"| {name} | {batch} | {fm:F2} | {bm:F2} | {bm / fm:F2}× |"));
            }
        }
    }

    private static (double FeatureMajor, double BatchMajor) Measure(INetwork featureMajor, INetwork batchMajor, int batch)
    {
        var random = new Random(batch);
        float[] inputs = Enumerable.Range(0, batch * featureMajor.InputSize).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
        int[] labels = Enumerable.Range(0, batch).Select(_ => random.Next(featureMajor.OutputSize)).ToArray();
        long multiplyAdds = (long)batch * featureMajor.Layers.Sum(l => (long)l.InputSize * l.OutputSize);
        int calls = (int)Math.Clamp(200_000_000 / multiplyAdds, 100, 200_000);
        double fm = double.MaxValue, bm = double.MaxValue;
        CrossoverTiming.Warm(() => featureMajor.TrainStep(inputs, labels));
        CrossoverTiming.Warm(() => batchMajor.TrainStep(inputs, labels));
        for (int round = 0; round < 8; round++)
        {
            fm = Math.Min(fm, CrossoverTiming.Round(() => featureMajor.TrainStep(inputs, labels), calls));
            bm = Math.Min(bm, CrossoverTiming.Round(() => batchMajor.TrainStep(inputs, labels), calls));
        }

        return (fm, bm);
    }
}

[Network(BatchSize = 256)]
[Input(64)]
[SoftmaxCrossEntropy]
[Sgd(0.01f)]
public partial class TrainedMlp64
{
    [Dense(32), ReLU]
    public partial Layer Hidden { get; }

    [Dense(10)]
    public partial Layer Output { get; }
}

[Network(BatchSize = 255)]
[Input(128)]
[SoftmaxCrossEntropy]
[Sgd(0.01f)]
public partial class TrainedWide
{
    [Dense(128), ReLU]
    public partial Layer First { get; }

    [Dense(128), ReLU]
    public partial Layer Second { get; }

    [Dense(10)]
    public partial Layer Output { get; }
}

[Network(BatchSize = 255)]
[Input(256)]
[SoftmaxCrossEntropy]
[Sgd(0.01f)]
public partial class TrainedDeep
{
    [Dense(64), ReLU]
    public partial Layer Hidden { get; }

    [Dense(10)]
    public partial Layer Output { get; }
}

[Network(BatchSize = 256)]
[Input(64)]
[MeanSquaredError]
[Sgd(0.01f)]
public partial class TrainedSquared
{
    [Dense(32), ReLU]
    public partial Layer Hidden { get; }

    [Dense(10), Sigmoid]
    public partial Layer Output { get; }
}

/// <summary>TrainedSquared's batch-major twin (BatchSize 300 keeps it off the feature-major path).</summary>
[Network(BatchSize = 300)]
[Input(64)]
[MeanSquaredError]
[Sgd(0.01f)]
public partial class CrossoverSquared
{
    [Dense(32), ReLU]
    public partial Layer Hidden { get; }

    [Dense(10), Sigmoid]
    public partial Layer Output { get; }
}
