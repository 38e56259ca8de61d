using BenchmarkDotNet.Attributes;
using NetGen.Runtime;
using NetGen.Training;

namespace NetGen.Benchmarks;

/// <summary>MLP 64-32-10 taking up to 4096 samples per call: the small network data parallelism is for, at a large batch.</summary>
[Network(BatchSize = 4096)]
[Input(64)]
[SoftmaxCrossEntropy]
[Sgd(0.01f)]
public partial class Mlp64Large
{
    [Dense(32), ReLU]
    public partial Layer Hidden { get; }

    [Dense(10)]
    public partial Layer Output { get; }
}

/// <summary>
/// One optimizer step of MLP 64-32-10 on a batch of 1024 or 4096 samples: the network's own TrainStep (one worker; a
/// product above 8 MFLOP may still split over the cores, as it does by default), the same on one core (split kernels
/// kept on the calling thread), and <see cref="DataParallel"/> with two workers (two shards, two ComputeGradients on
/// two threads, the gradients summed, one ApplyGradients). BenchmarkDotNet runs the cases minutes apart; the ratio the
/// docs quote is <see cref="PairedMeasurements.DataParallel"/>'s, measured in alternating pairs
/// (<c>--data-parallel</c>, and in the suite's report).
/// </summary>
[MemoryDiagnoser]
public class DataParallelScaling
{
    private Mlp64Large _network = null!;
    private DataParallel _two = null!;
    private float[] _inputs = [];
    private int[] _labels = [];

    [Params(1024, 4096)]
    public int Samples { get; set; }

    /// <summary>A network, its two-worker trainer and a batch of <paramref name="samples"/> synthetic samples.</summary>
    internal static (Mlp64Large Network, DataParallel Two, float[] Inputs, int[] Labels) Create(int samples)
    {
        var network = new Mlp64Large(seed: 1) { LearningRate = 1e-4f }; // small: thousands of steps on one batch stay finite
        var random = new NetGen.Randomness.SeededRandom(2);
        float[] inputs = new float[samples * Mlp64Large.InputSize];
        for (int i = 0; i < inputs.Length; i++)
        {
            inputs[i] = (float)random.NextNormal();
        }

        int[] labels = [.. Enumerable.Range(0, samples).Select(i => i % 10)];
        return (network, new DataParallel(network, 2), inputs, labels);
    }

    /// <summary>The step on one core: split kernels kept on the calling thread for its length.</summary>
    internal static float OneCore(INetwork network, float[] inputs, int[] labels)
    {
        bool split = ComputeThreads.SplitOnCurrentThread;
        ComputeThreads.SplitOnCurrentThread = false;
        try
        {
            return network.TrainStep(inputs, labels);
        }
        finally
        {
            ComputeThreads.SplitOnCurrentThread = split;
        }
    }

    [GlobalSetup]
    public void Setup() => (_network, _two, _inputs, _labels) = Create(Samples);

    [GlobalCleanup]
    public void Cleanup() => _two.Dispose();

    [Benchmark(Baseline = true, Description = "1 worker (TrainStep)")]
    public float OneWorker() => _network.TrainStep(_inputs, _labels);

    [Benchmark(Description = "1 worker, one core")]
    public float OneWorkerOneCore() => OneCore(_network, _inputs, _labels);

    [Benchmark(Description = "2 workers (DataParallel)")]
    public float TwoWorkers() => _two.TrainStep(_inputs, _labels);
}
