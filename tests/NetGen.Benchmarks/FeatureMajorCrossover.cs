using NetGen.Runtime;

namespace NetGen.Benchmarks;

/// <summary>
/// Where feature-major Predict pays (the bounds of the generator's FeatureMajorRule): for ReLU MLPs of a few shapes and
/// batch sizes, the chain of feature-major kernels the generated PredictFeatureMajor calls, run by hand at any batch,
/// beside the generated batch-major Predict of a twin network whose BatchSize (300) keeps it batch-major. Both sides
/// alternate in rounds of calls; the best round of each is kept. Stopwatch timing, like --paired: seconds, not minutes.
/// </summary>
internal static class FeatureMajorCrossover
{
    public static void Print()
    {
        Console.WriteLine($"Kernel paths: {KernelPaths.Describe()}.");
        Console.WriteLine("| network | batch | feature-major kernels µs | batch-major Predict µs | batch-major / feature-major |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        foreach ((string name, INetwork network, int[] widths) in new (string, INetwork, int[])[]
        {
            ("64-32-10", new CrossoverMlp64(seed: 1), [64, 32, 10]),
            ("128-128-128-10", new CrossoverWide(seed: 1), [128, 128, 128, 10]),
            ("256-64-10", new CrossoverDeep(seed: 1), [256, 64, 10]),
        })
        {
            foreach (int batch in new[] { 8, 16, 32, 64, 128, 256 })
            {
                (double featureMajor, double batchMajor) = Measure(network, widths, batch);
                Console.WriteLine(FormattableString.Invariant($"| {name} | {batch} | {featureMajor:F2} | {batchMajor:F2} | {batchMajor / featureMajor:F2}× |"));
            }
        }
    }

    private static (double FeatureMajor, double BatchMajor) Measure(INetwork network, int[] widths, int batch)
    {
        float[] inputs = new float[batch * widths[0]];
        var random = new Random(batch);
        for (int i = 0; i < inputs.Length; i++)
        {
            inputs[i] = (float)random.NextDouble() - 0.5f;
        }

        float[] outputs = new float[batch * widths[^1]];
        float[] parameters = network.Parameters.ToArray();
        int lanes = FeatureMajor.Lanes(batch);
        float[] first = new float[widths.Max() * lanes], second = new float[widths.Max() * lanes];
        void Chain()
        {
            FeatureMajor.Transpose(inputs, batch, widths[0], lanes, first);
            float[] x = first, y = second;
            for (int layer = 0, offset = 0; layer < widths.Length - 1; layer++)
            {
                int depth = widths[layer], units = widths[layer + 1];
                ReadOnlySpan<float> w = parameters.AsSpan(offset, units * depth), b = parameters.AsSpan(offset + units * depth, units);
                if (layer < widths.Length - 2)
                {
                    FeatureMajorDense.Forward(w, b, default(Relu), x, depth, units, lanes, y.AsSpan(0, units * lanes));
                }
                else
                {
                    FeatureMajorDense.Forward(w, b, default(Identity), x, depth, units, lanes, y.AsSpan(0, units * lanes));
                }

                offset += units * depth + units;
                (x, y) = (y, x);
            }

            FeatureMajorSoftmax.InPlace(x.AsSpan(0, widths[^1] * lanes), widths[^1], lanes);
            FeatureMajor.Untranspose(x.AsSpan(0, widths[^1] * lanes), widths[^1], lanes, batch, outputs);
        }

        void Predict() => network.Predict(inputs, outputs);
        int calls = Math.Max(200, 2_000_000 / (batch * widths.Zip(widths.Skip(1), (a, b) => a * b).Sum()) * 100);
        double featureMajor = double.MaxValue, batchMajor = double.MaxValue;
        CrossoverTiming.Warm(Chain);
        CrossoverTiming.Warm(Predict);
        for (int round = 0; round < 8; round++)
        {
            featureMajor = Math.Min(featureMajor, CrossoverTiming.Round(Chain, calls));
            batchMajor = Math.Min(batchMajor, CrossoverTiming.Round(Predict, calls));
        }

        return (featureMajor, batchMajor);
    }
}

[Network(BatchSize = 300)]
[Input(64)]
[SoftmaxCrossEntropy]
[Sgd(0.01f)]
public partial class CrossoverMlp64
{
    [Dense(32), ReLU]
    public partial Layer Hidden { get; }

    [Dense(10)]
    public partial Layer Output { get; }
}

[Network(BatchSize = 300)]
[Input(128)]
[SoftmaxCrossEntropy]
[Sgd(0.01f)]
public partial class CrossoverWide
{
    [Dense(128), ReLU]
    public partial Layer First { get; }

    [Dense(128), ReLU]
    public partial Layer Second { get; }

    [Dense(10)]
    public partial Layer Output { get; }
}

[Network(BatchSize = 300)]
[Input(256)]
[SoftmaxCrossEntropy]
[Sgd(0.01f)]
public partial class CrossoverDeep
{
    [Dense(64), ReLU]
    public partial Layer Hidden { get; }

    [Dense(10)]
    public partial Layer Output { get; }
}
