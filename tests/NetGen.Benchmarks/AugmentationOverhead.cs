using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using NetGen.Data;
using NetGen.Data.Augmentation;
using NetGen.Randomness;
using NetGen.Training;

namespace NetGen.Benchmarks;

/// <summary>The Fashion-MNIST sample's CNN (samples/FashionMnist/FashionCnn.cs) at half its width (16 and 32 filters), declared here for the augmentation benchmark.</summary>
[Network(BatchSize = 128)]
[Input(1, 28, 28)]
[SoftmaxCrossEntropy]
[Sgd(0.05f, Momentum = 0.9f)]
public partial class FashionCnnSized
{
    [Conv2D(16, 3, Padding = 1), BatchNorm, ReLU]
    public partial Layer Conv1 { get; }

    [MaxPool(2)]
    public partial Layer Pool1 { get; }

    [Conv2D(32, 3, Padding = 1), BatchNorm, ReLU]
    public partial Layer Conv2 { get; }

    [MaxPool(2)]
    public partial Layer Pool2 { get; }

    [Dense(128), BatchNorm, ReLU]
    public partial Layer Hidden { get; }

    [Dense(10)]
    public partial Layer Output { get; }
}

/// <summary>
/// What augmentation adds to Trainer.Fit: one epoch without it (the baseline), with flip + crop (pad 2) prepared on the
/// prefetching thread (double buffering, the default), and the same work on the training thread (Prefetch = false),
/// on the FashionCnn-sized network (4096 synthetic 1×28×28 samples, 32 steps of 128) and on the MLP 784-256-128-10
/// (8192 samples, 64 steps of 128); plus the augmenter alone over the MLP's epoch. Augmented / baseline − 1 is the
/// overhead: with prefetching, what the training thread still waits for (a slower worker, the hand-over, the second
/// core shared with the compute workers); without, the whole gather and augment.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[SimpleJob(warmupCount: 3, iterationCount: 10)]
public class AugmentationOverhead
{
    private static readonly SampleShape Fashion = new(1, 28, 28);
    private readonly FashionCnnSized _cnn = new(seed: 1);
    private readonly Mlp784 _mlp = new(seed: 1);
    private readonly FitOptions _plain = new() { Epochs = 1, Progress = ProgressMode.None, Seed = 3 };
    private FitOptions _prefetched = null!;
    private FitOptions _inline = null!;
    private FitOptions _empty = null!;
    private DataSet _cnnData = null!;
    private DataSet _mlpData = null!;
    private Augmenter _augmenter = null!;
    private float[] _epoch = null!;

    [GlobalSetup]
    public void Setup()
    {
        _cnnData = Synthetic(4096);
        _mlpData = Synthetic(8192);
        var pipeline = new AugmentationPipeline(Fashion, new RandomHorizontalFlip(), new RandomCrop(2));
        _prefetched = _plain with { Augmentation = pipeline };
        _inline = _plain with { Augmentation = new AugmentationPipeline(Fashion, new RandomHorizontalFlip(), new RandomCrop(2)) { Prefetch = false } };
        _empty = _plain with { Augmentation = new AugmentationPipeline(Fashion) { Prefetch = false } };
        _augmenter = pipeline.CreateAugmenter(3);
        _epoch = (float[])_mlpData.Features.Clone();
        _cnn.LearningRate = 1e-4f;
        _mlp.LearningRate = 1e-4f;
    }

    private static DataSet Synthetic(int samples)
    {
        var random = new SeededRandom(2);
        var features = new float[samples * 784];
        for (int i = 0; i < features.Length; i++)
        {
            features[i] = (float)random.NextNormal();
        }

        return new DataSet(features, Enumerable.Range(0, samples).Select(i => i % 10).ToArray(), 784);
    }

    [BenchmarkCategory("FashionCnn"), Benchmark(Baseline = true, Description = "CNN: Fit, no augmentation")]
    public double CnnPlain() => Trainer.Fit(_cnn, _cnnData, _plain).History[0].TrainLoss;

    [BenchmarkCategory("FashionCnn"), Benchmark(Description = "CNN: Fit, flip+crop, prefetched")]
    public double CnnPrefetched() => Trainer.Fit(_cnn, _cnnData, _prefetched).History[0].TrainLoss;

    [BenchmarkCategory("FashionCnn"), Benchmark(Description = "CNN: Fit, flip+crop, inline")]
    public double CnnInline() => Trainer.Fit(_cnn, _cnnData, _inline).History[0].TrainLoss;

    [BenchmarkCategory("FashionCnn"), Benchmark(Description = "CNN: Fit, empty pipeline, inline")]
    public double CnnEmpty() => Trainer.Fit(_cnn, _cnnData, _empty).History[0].TrainLoss;

    [BenchmarkCategory("Mlp"), Benchmark(Baseline = true, Description = "MLP: Fit, no augmentation")]
    public double MlpPlain() => Trainer.Fit(_mlp, _mlpData, _plain).History[0].TrainLoss;

    [BenchmarkCategory("Mlp"), Benchmark(Description = "MLP: Fit, flip+crop, prefetched")]
    public double MlpPrefetched() => Trainer.Fit(_mlp, _mlpData, _prefetched).History[0].TrainLoss;

    [BenchmarkCategory("Mlp"), Benchmark(Description = "MLP: Fit, flip+crop, inline")]
    public double MlpInline() => Trainer.Fit(_mlp, _mlpData, _inline).History[0].TrainLoss;

    [BenchmarkCategory("Mlp"), Benchmark(Description = "flip+crop alone, 8192 samples")]
    public float AugmentOnly()
    {
        _augmenter.Apply(_epoch);
        return _epoch[0];
    }
}
