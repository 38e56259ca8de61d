using BenchmarkDotNet.Attributes;
using NetGen.Randomness;

namespace NetGen.Benchmarks;

/// <summary>
/// What the run-time guards of issue 11 cost a full-batch TrainStep: the same TrainStep (which runs them: the instance
/// claim, the all-finite scan of the inputs, the saved BatchNorm statistics and dropout state, the loss check) beside
/// the guard work alone on the same batch (claim and release, the scan of the inputs, and — for MLP + BatchNorm — the
/// copy of its running statistics), so guard / TrainStep is the fraction the guards add.
/// </summary>
[MemoryDiagnoser]
public class GuardCost
{
    private readonly Mlp784 _mlp = new(seed: 1);
    private readonly Mlp784BatchNorm _normed = new(seed: 1);
    private readonly LeNet5 _lenet = new(seed: 1);
    private readonly float[] _saved = new float[2 * (256 + 128)];
    private readonly float[] _statistics = new float[2 * (256 + 128)];
    private float[] _mlpInputs = [], _lenetInputs = [];
    private int[] _mlpLabels = [], _lenetLabels = [];
    private string? _running;

    [GlobalSetup]
    public void Setup()
    {
        _mlpInputs = Normal(128 * 784, seed: 2);
        _lenetInputs = Normal(64 * 784, seed: 3);
        _mlpLabels = Enumerable.Range(0, 128).Select(i => i % 10).ToArray();
        _lenetLabels = Enumerable.Range(0, 64).Select(i => i % 10).ToArray();
        foreach (INetwork network in new INetwork[] { _mlp, _normed, _lenet })
        {
            network.LearningRate = 1e-4f;
        }
    }

    [Benchmark(Description = "MLP 784-256-128-10 b128 TrainStep")]
    public float MlpTrainStep() => _mlp.TrainStep(_mlpInputs, _mlpLabels);

    [Benchmark(Description = "MLP 784-256-128-10 b128 guards alone")]
    public void MlpGuards() => Guards(_mlpInputs, 784, statistics: false);

    [Benchmark(Description = "MLP 784 + BatchNorm b128 TrainStep")]
    public float NormedTrainStep() => _normed.TrainStep(_mlpInputs, _mlpLabels);

    [Benchmark(Description = "MLP 784 + BatchNorm b128 guards alone")]
    public void NormedGuards() => Guards(_mlpInputs, 784, statistics: true);

    [Benchmark(Description = "LeNet-5 b64 TrainStep")]
    public float LeNetTrainStep() => _lenet.TrainStep(_lenetInputs, _lenetLabels);

    [Benchmark(Description = "LeNet-5 b64 guards alone")]
    public void LeNetGuards() => Guards(_lenetInputs, 784, statistics: false);

    private void Guards(float[] inputs, int inputSize, bool statistics)
    {
        CallGuard.Enter(ref _running, nameof(GuardCost), nameof(Guards));
        try
        {
            ArgumentChecks.Finite(inputs, inputSize, nameof(inputs));
            if (statistics)
            {
                _statistics.CopyTo(_saved, 0);
            }

            ArgumentChecks.Loss(1f, nameof(GuardCost), nameof(Guards));
        }
        finally
        {
            CallGuard.Exit(ref _running);
        }
    }

    private static float[] Normal(int length, int seed)
    {
        var random = new SeededRandom(seed);
        var values = new float[length];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (float)random.NextNormal();
        }

        return values;
    }
}
