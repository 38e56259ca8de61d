using BenchmarkDotNet.Attributes;
using NetGen.Data;
using NetGen.Randomness;
using NetGen.Training;

namespace NetGen.Benchmarks;

/// <summary>
/// What Trainer.Fit adds to training: one epoch of Fit (Progress None, no validation, no log) beside the bare loop it
/// replaces (Shuffle, then TrainStep over every Minibatches batch), MLP 784-256-128-10 at batch 128 on 8192 synthetic
/// samples (64 steps). Fit / bare − 1 is its overhead: option checks, its buffers (the Minibatches permutation and
/// batch), the per-step bookkeeping and the history record.
/// </summary>
[MemoryDiagnoser]
public class FitOverhead
{
    private const int Samples = 8192;
    private readonly Mlp784 _bare = new(seed: 1);
    private readonly Mlp784 _fitted = new(seed: 1);
    private readonly FitOptions _options = new() { Epochs = 1, Progress = ProgressMode.None, Seed = 3 };
    private DataSet _data = null!;
    private Minibatches _batches = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new SeededRandom(2);
        var features = new float[Samples * 784];
        for (int i = 0; i < features.Length; i++)
        {
            features[i] = (float)random.NextNormal();
        }

        _data = new DataSet(features, Enumerable.Range(0, Samples).Select(i => i % 10).ToArray(), 784);
        _batches = new Minibatches(_data, 128, seed: 3);
        _bare.LearningRate = 1e-4f;
        _fitted.LearningRate = 1e-4f;
    }

    [Benchmark(Baseline = true, Description = "bare TrainStep loop, 1 epoch")]
    public double Bare()
    {
        _batches.Shuffle();
        double sum = 0;
        while (_batches.TryNext(out ReadOnlySpan<float> inputs, out ReadOnlySpan<int> labels))
        {
            sum += _bare.TrainStep(inputs, labels);
        }

        return sum;
    }

    [Benchmark(Description = "Trainer.Fit, 1 epoch")]
    public double Fit() => Trainer.Fit(_fitted, _data, _options).History[0].TrainLoss;
}
