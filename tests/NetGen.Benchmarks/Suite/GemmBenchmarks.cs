using BenchmarkDotNet.Attributes;
using NetGen.Runtime;

namespace NetGen.Benchmarks;

/// <summary>
/// SGEMM alone, c = a·b on square sizes and on the dense layers' shapes (y = x·Wᵀ at the suite's batches), on one
/// core and split over all cores. The suite turns times into GFLOP/s and percent of the measured FMA peak.
/// </summary>
public class GemmBenchmarks
{
    private float[] _a = [], _b = [], _c = [];
    private readonly GemmScratch _scratch = new();
    private int _m, _n, _k;

    /// <summary>"m×n×k": the squares, then x·Wᵀ of MLP 784-256-128 at batch 128 and of 784-1024-1024 at batch 256.</summary>
    public static IEnumerable<string> Shapes => ["64×64×64", "256×256×256", "512×512×512", "1024×1024×1024", "128×256×784", "128×128×256", "256×1024×784", "256×1024×1024"];

    [ParamsSource(nameof(Shapes))]
    public string Shape { get; set; } = "64×64×64";

    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        int[] dims = Shape.Split('×').Select(int.Parse).ToArray();
        (_m, _n, _k) = (dims[0], dims[1], dims[2]);
        _a = Enumerable.Range(0, _m * _k).Select(i => (i % 17) * 0.1f).ToArray();
        _b = Enumerable.Range(0, _n * _k).Select(i => (i % 13) * 0.1f).ToArray();
        _c = new float[_m * _n];
        Gemm.Parallel = Threads > 1;
    }

    [GlobalCleanup]
    public void Cleanup() => Gemm.Parallel = true;

    /// <summary>y[m, n] = x[m, k] · w[n, k]ᵀ: the dense forward form.</summary>
    [Benchmark]
    public void Multiply() => Gemm.MultiplyTransposedB(_a, _b, _m, _n, _k, _c, _scratch);
}
