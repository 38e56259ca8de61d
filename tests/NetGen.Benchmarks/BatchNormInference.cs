using BenchmarkDotNet.Attributes;
using NetGen.Randomness;

namespace NetGen.Benchmarks;

/// <summary>
/// Predict on MLP 784-256-128-10 with and without BatchNorm: the norm applied as y = f(s·z + t) in the producer's
/// epilogue, s and t computed per pass, should make the BatchNorm network cost the same in inference (within 5%).
/// </summary>
[MemoryDiagnoser]
public class BatchNormInference
{
    private readonly Mlp784 _plain = new(seed: 1);
    private readonly Mlp784BatchNorm _normed = new(seed: 1);
    private float[] _batch = [];
    private float[] _single = [];
    private readonly float[] _outputs = new float[128 * 10];

    [GlobalSetup]
    public void Setup()
    {
        var random = new SeededRandom(2);
        _batch = new float[128 * 784];
        for (int i = 0; i < _batch.Length; i++)
        {
            _batch[i] = (float)random.NextNormal();
        }

        _single = _batch[..784];
        int[] labels = Enumerable.Range(0, 128).Select(i => i % 10).ToArray();
        _normed.TrainStep(_batch, labels); // running statistics away from their defaults
    }

    [Benchmark(Baseline = true, Description = "Predict batch 128, no norm")]
    public void PlainBatch() => _plain.Predict(_batch, _outputs);

    [Benchmark(Description = "Predict batch 128, BatchNorm")]
    public void NormedBatch() => _normed.Predict(_batch, _outputs);

    [Benchmark(Description = "Predict 1 sample, no norm")]
    public void PlainSingle() => _plain.Predict(_single, _outputs.AsSpan(0, 10));

    [Benchmark(Description = "Predict 1 sample, BatchNorm")]
    public void NormedSingle() => _normed.Predict(_single, _outputs.AsSpan(0, 10));
}
