using BenchmarkDotNet.Attributes;
using NetGen.Randomness;
using NetGen.Runtime;

namespace NetGen.Benchmarks;

/// <summary>
/// LeNet-5's two convolutions at batch 64, forward and backward, by the direct kernel the generator now picks for
/// stride-1 shapes and by the im2col + GEMM lowering it used before (still the strided path); both may use every core.
/// </summary>
[MemoryDiagnoser]
public class ConvolutionLowerings
{
    private const int Batch = 64;
    private ConvShape _shape;
    private float[] _x = [], _weight = [], _bias = [], _y = [], _dy = [], _dWeight = [], _dBias = [], _dx = [], _scratch = [];
    private readonly GemmScratch _gemm = new();

    /// <summary>conv1: 1×28×28 → 6 filters 5 × 5, padding 2 (no ∂x: the first layer); conv2: 6×14×14 → 16 filters 5 × 5.</summary>
    [Params("conv1", "conv2")]
    public string Layer { get; set; } = "conv1";

    [GlobalSetup]
    public void Setup()
    {
        _shape = Layer == "conv1" ? new ConvShape(1, 28, 28, 6, 5, 1, 2) : new ConvShape(6, 14, 14, 16, 5, 1, 0);
        var random = new SeededRandom(3);
        float[] Normal(int length) => Enumerable.Range(0, length).Select(_ => (float)random.NextNormal()).ToArray();
        _x = Normal(Batch * _shape.InputSize);
        _weight = Normal(_shape.Filters * _shape.PatchSize);
        _bias = Normal(_shape.Filters);
        _y = new float[Batch * _shape.OutputSize];
        _dy = Normal(_y.Length);
        _dWeight = new float[_weight.Length];
        _dBias = new float[_shape.Filters];
        _dx = Layer == "conv1" ? [] : new float[_x.Length];
        _scratch = new float[Math.Max(DirectConv.ScratchSize(_shape, Batch), Conv2D.ScratchSize(_shape, Batch))];
    }

    [Benchmark(Baseline = true, Description = "forward, im2col + GEMM")]
    public void ForwardIm2Col() => Conv2D.Forward(_x, _weight, _bias, _shape, Batch, _y, _scratch, _gemm);

    [Benchmark(Description = "forward, direct")]
    public void ForwardDirect() => DirectConv.Forward(_x, _weight, _bias, _shape, Batch, _y, _scratch, _gemm);

    [Benchmark(Description = "backward, im2col + GEMM")]
    public void BackwardIm2Col() => Conv2D.Backward(_x, _weight, _dy, _shape, Batch, _dWeight, _dBias, _dx, _scratch, _gemm);

    [Benchmark(Description = "backward, direct")]
    public void BackwardDirect() => DirectConv.Backward(_x, _weight, _dy, _shape, Batch, _dWeight, _dBias, _dx, _scratch, _gemm);
}
