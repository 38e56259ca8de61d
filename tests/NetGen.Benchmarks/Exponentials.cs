using System.Runtime.Intrinsics;
using BenchmarkDotNet.Attributes;
using NetGen.Runtime;

namespace NetGen.Benchmarks;

/// <summary>
/// e^x over 4096 floats in [−30, 10] (softmax's shifted logits, tanh's −2|x|): the runtime's <see cref="VectorExp"/>
/// against the BCL's <c>Vector512.Exp</c> and <c>Vector256.Exp</c> it replaced, each written back to memory.
/// </summary>
public class Exponentials
{
    private readonly float[] _x = new float[4096];
    private readonly float[] _y = new float[4096];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        for (int i = 0; i < _x.Length; i++)
        {
            _x[i] = (float)(random.NextDouble() * 40 - 30);
        }
    }

    [Benchmark(Baseline = true, Description = "BCL Vector512.Exp")]
    public void Bcl512()
    {
        for (int i = 0; i < _x.Length; i += Vector512<float>.Count)
        {
            Vector512.Exp(Vector512.LoadUnsafe(ref _x[i])).StoreUnsafe(ref _y[i]);
        }
    }

    [Benchmark(Description = "VectorExp, Vector512")]
    public void Own512()
    {
        for (int i = 0; i < _x.Length; i += Vector512<float>.Count)
        {
            VectorExp.Exp(Vector512.LoadUnsafe(ref _x[i])).StoreUnsafe(ref _y[i]);
        }
    }

    [Benchmark(Description = "BCL Vector256.Exp")]
    public void Bcl256()
    {
        for (int i = 0; i < _x.Length; i += Vector256<float>.Count)
        {
            Vector256.Exp(Vector256.LoadUnsafe(ref _x[i])).StoreUnsafe(ref _y[i]);
        }
    }

    [Benchmark(Description = "VectorExp, Vector256")]
    public void Own256()
    {
        for (int i = 0; i < _x.Length; i += Vector256<float>.Count)
        {
            VectorExp.Exp(Vector256.LoadUnsafe(ref _x[i])).StoreUnsafe(ref _y[i]);
        }
    }
}
