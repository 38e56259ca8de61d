using NetGen.Testing;

namespace NetGen.Runtime.Tests;

/// <summary>Every GEMM form on every micro-kernel against the double-precision triple loop, at shapes that hit each edge path.</summary>
[Collection(Allocations.Collection)]
public class GemmTests
{
    public static readonly int[] OddSizes = [1, 3, 6, 10, 17, 31, 33, 65]; // 10: a class count, a ragged strip of 8 + 2 columns

    public static TheoryData<SimdWidth> Kernels => new(SimdWidth.Scalar, SimdWidth.Vector256, SimdWidth.Vector512);

    private delegate void Form(ReadOnlySpan<float> a, ReadOnlySpan<float> b, int rows, int cols, int depth, Span<float> c, GemmScratch scratch, SimdWidth kernel);

    private delegate void ReferenceForm(ReadOnlySpan<float> a, ReadOnlySpan<float> b, int rows, int cols, int depth, Span<float> c);

    [Theory]
    [MemberData(nameof(Kernels))]
    public void MultiplyTransposedB_matches_reference_at_odd_shapes(SimdWidth kernel) =>
        CheckAllShapes(kernel, Gemm.MultiplyTransposedB, GemmReference.MultiplyTransposedB, (m, n, k) => (m * k, n * k));

    [Theory]
    [MemberData(nameof(Kernels))]
    public void Multiply_matches_reference_at_odd_shapes(SimdWidth kernel) =>
        CheckAllShapes(kernel, Gemm.Multiply, GemmReference.Multiply, (m, n, k) => (m * k, k * n));

    [Theory]
    [MemberData(nameof(Kernels))]
    public void MultiplyTransposedA_matches_reference_at_odd_shapes(SimdWidth kernel) =>
        CheckAllShapes(kernel, Gemm.MultiplyTransposedA, GemmReference.MultiplyTransposedA, (m, n, k) => (k * m, k * n));

    [Theory]
    [MemberData(nameof(Kernels))]
    public void Shapes_larger_than_one_cache_block_match_reference(SimdWidth kernel)
    {
        // 97 rows > Mc, 300 depth > Kc, 1030 columns > Nc: every blocking loop runs more than once with a ragged tail.
        Check(kernel, Gemm.MultiplyTransposedB, GemmReference.MultiplyTransposedB, 97, 1030, 300, 97 * 300, 1030 * 300);
        Check(kernel, Gemm.MultiplyTransposedA, GemmReference.MultiplyTransposedA, 100, 40, 257, 257 * 100, 257 * 40);
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    public void Few_outputs_over_a_long_depth_match_reference(SimdWidth kernel)
    {
        // A convolution's weight gradient: 16 × 9 outputs summed over 9,001 values (the dot-product path, ragged block).
        Check(kernel, Gemm.MultiplyTransposedB, GemmReference.MultiplyTransposedB, 16, 9, 9001, 16 * 9001, 9 * 9001);
    }

    [Theory]
    [InlineData(1, 1030, 600)] // one sample through a 2.4 MiB weight: the single-sample Predict of a wide layer
    [InlineData(3, 701, 300)] // a few rows, an odd column count split unevenly
    public void Dots_split_over_cores_give_the_single_threaded_bits_and_allocate_nothing(int m, int n, int k)
    {
        Assert.True((long)m * n * k >= RowDot.MinimumSplitMacs && m <= RowDot.MaxRows);
        float[] x = TestData.Uniform(m * k, seed: 31), w = TestData.Uniform(n * k, seed: 32);
        var expected = new float[m * n];
        var single = new float[m * n];
        var split = new float[m * n];
        var scratch = new GemmScratch();
        GemmReference.MultiplyTransposedB(x, w, m, n, k, expected);
        lock (ParallelSwitch)
        {
            try
            {
                Gemm.Parallel = false;
                Gemm.MultiplyTransposedB(x, w, m, n, k, single, scratch);
                Gemm.Parallel = true;
                Gemm.MultiplyTransposedB(x, w, m, n, k, split, scratch);
                Assert.Equal(single, split);
                Assert.Equal(0, Allocations.PerCall(() => Gemm.MultiplyTransposedB(x, w, m, n, k, split, scratch)));
            }
            finally
            {
                Gemm.Parallel = true;
            }
        }

        Close.All(expected, split, 1e-6f * k, $"{m}×{n}×{k}");
    }

    [Theory]
    [InlineData(130, 301, 257)] // 2·m·n·k ≈ 20 MFLOP, wider than tall: split by columns, ragged edges in every dimension
    [InlineData(601, 40, 257)] // taller than wide, 40 columns (not two strips per core): split by rows
    public void A_split_over_cores_gives_the_single_threaded_bits_and_allocates_nothing(int m, int n, int k)
    {
        float[] x = TestData.Uniform(m * k, seed: 21), w = TestData.Uniform(n * k, seed: 22), dy = TestData.Uniform(m * n, seed: 23);
        Assert.True(GemmParallel.Threads == 1 || GemmParallel.Worthwhile(m, n, k, GemmKernels.Nr(Gemm.DefaultKernel)));
        var single = new float[m * n];
        var split = new float[m * n];
        var scratch = new GemmScratch();
        lock (ParallelSwitch)
        {
            try
            {
                Gemm.Parallel = false;
                Gemm.MultiplyTransposedB(x, w, m, n, k, single, scratch);
                Gemm.Parallel = true;
                Gemm.MultiplyTransposedB(x, w, m, n, k, split, scratch);
                Assert.Equal(single, split);
                Gemm.MultiplyTransposedA(x, dy, k, n, m, new float[k * n], scratch); // warm every path once
                Assert.Equal(0, Allocations.PerCall(() => Gemm.MultiplyTransposedB(x, w, m, n, k, split, scratch)));
            }
            finally
            {
                Gemm.Parallel = true;
            }
        }
    }

    /// <summary>Tests that switch <see cref="Gemm.Parallel"/> hold this, so they do not race each other.</summary>
    internal static readonly object ParallelSwitch = new();

    [Fact]
    public void Zero_depth_clears_the_output()
    {
        var c = new float[6];
        Array.Fill(c, 5f);
        Gemm.MultiplyTransposedB([], [], 2, 3, 0, c, new GemmScratch());
        Assert.All(c, v => Assert.Equal(0f, v));
    }

    [Fact]
    public void Too_short_spans_throw_naming_the_argument()
    {
        var scratch = new GemmScratch();
        var e = Assert.Throws<ArgumentException>(() => Gemm.MultiplyTransposedB(new float[5], new float[6], 2, 2, 3, new float[4], scratch));
        Assert.Equal("x", e.ParamName);
        Assert.Contains("2 × 3", e.Message);
    }

    private static void CheckAllShapes(SimdWidth kernel, Form form, ReferenceForm reference, Func<int, int, int, (int A, int B)> lengths)
    {
        foreach (int m in OddSizes)
        {
            foreach (int n in OddSizes)
            {
                foreach (int k in OddSizes)
                {
                    (int a, int b) = lengths(m, n, k);
                    Check(kernel, form, reference, m, n, k, a, b);
                }
            }
        }
    }

    private static void Check(SimdWidth kernel, Form form, ReferenceForm reference, int m, int n, int k, int aLength, int bLength)
    {
        float[] a = TestData.Uniform(aLength, seed: m * 7919 + n * 31 + k);
        float[] b = TestData.Uniform(bLength, seed: k * 104729 + m + n * 17);
        var expected = new float[m * n];
        var actual = new float[m * n];
        Array.Fill(actual, float.NaN); // the kernel must overwrite, not accumulate into, its output
        reference(a, b, m, n, k, expected);
        form(a, b, m, n, k, actual, new GemmScratch(), kernel);
        // Each output is a sum of k products of magnitude ≤ 1: float rounding stays well below 1e-6·k.
        float tolerance = 1e-6f * k + 1e-6f;
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance, $"{kernel} {m}×{n}×{k}: element {i} is {actual[i]}, expected {expected[i]}");
        }
    }
}
