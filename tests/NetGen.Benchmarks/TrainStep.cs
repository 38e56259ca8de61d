using BenchmarkDotNet.Attributes;
using NetGen.Randomness;

namespace NetGen.Benchmarks;

/// <summary>One generated train step of MLP 784-256-128-10 at batch 128: SGD, SGD with BatchNorm, Adam.</summary>
[MemoryDiagnoser]
public class TrainStep
{
    private readonly Mlp784 _sgd = new(seed: 1);
    private readonly Mlp784BatchNorm _batchNorm = new(seed: 1);
    private readonly Mlp784Adam _adam = new(seed: 1);
    private float[] _inputs = [];
    private int[] _labels = [];

    [GlobalSetup]
    public void Setup()
    {
        var random = new SeededRandom(3);
        _inputs = new float[128 * 784];
        for (int i = 0; i < _inputs.Length; i++)
        {
            _inputs[i] = (float)random.NextNormal();
        }

        _labels = Enumerable.Range(0, 128).Select(i => i % 10).ToArray();
    }

    [Benchmark(Baseline = true, Description = "SGD momentum")]
    public float Sgd() => _sgd.TrainStep(_inputs, _labels);

    [Benchmark(Description = "SGD momentum + BatchNorm")]
    public float SgdBatchNorm() => _batchNorm.TrainStep(_inputs, _labels);

    [Benchmark(Description = "Adam")]
    public float Adam() => _adam.TrainStep(_inputs, _labels);
}
