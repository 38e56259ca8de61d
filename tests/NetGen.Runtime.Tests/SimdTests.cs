namespace NetGen.Runtime.Tests;

/// <summary>The one width choice (<see cref="Simd"/>) and the shared loop helpers' own contracts (<see cref="SimdLoop"/>).</summary>
public class SimdTests
{
    public static TheoryData<SimdWidth> Widths => new(SimdWidth.Scalar, SimdWidth.Vector256, SimdWidth.Vector512);

    [Theory]
    [InlineData("scalar", SimdWidth.Scalar)]
    [InlineData(" Scalar ", SimdWidth.Scalar)]
    [InlineData("256", SimdWidth.Vector256)]
    [InlineData("vector256", SimdWidth.Vector256)]
    [InlineData("AVX2", SimdWidth.Vector256)]
    [InlineData("512", SimdWidth.Vector512)]
    [InlineData("Vector512", SimdWidth.Vector512)]
    [InlineData("avx512", SimdWidth.Vector512)]
    public void Parse_reads_every_spelling_of_a_width(string value, SimdWidth expected) =>
        Assert.Equal(expected, Simd.Parse(value));

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Parse_of_blank_is_the_best_width(string value) =>
        Assert.Equal(Simd.Best, Simd.Parse(value));

    [Fact]
    public void Parse_of_unset_is_the_best_width() => Assert.Equal(Simd.Best, Simd.Parse(null));

    [Theory]
    [InlineData("128")]
    [InlineData("sse")]
    [InlineData("vector")]
    public void Parse_of_a_bad_value_names_the_variable(string value)
    {
        var error = Assert.Throws<ArgumentException>(() => Simd.Parse(value));
        Assert.Contains(Simd.WidthVariable, error.Message, StringComparison.Ordinal);
        Assert.Contains(value, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Width_is_the_best_unless_forced() =>
        Assert.Equal(Simd.Forced ? Simd.Parse(Environment.GetEnvironmentVariable(Simd.WidthVariable)) : Simd.Best, Simd.Width);

    [Theory]
    [MemberData(nameof(Widths))]
    public void Update_runs_each_index_once_at_its_widths_steps(SimdWidth width)
    {
        foreach (int n in new[] { 0, 1, 7, 8, 9, 15, 16, 17, 31, 33, 100 })
        {
            var steps = new int[n];
            Assert.Equal(ExpectedCoverage.Of(width, n), SimdLoop.Update(n, new RecordSteps(steps), width));
            for (int i = 0; i < n; i++)
            {
                int expected = width == SimdWidth.Vector512 && i < n - n % 16 ? 16 : width != SimdWidth.Scalar && i < n - n % 8 ? 8 : 1;
                Assert.Equal(expected, steps[i]);
            }
        }
    }

    [Fact]
    public void Kernel_paths_name_the_width_and_the_tile_that_run()
    {
        string paths = KernelPaths.Describe();
        Assert.StartsWith(Simd.Width.ToString(), paths);
        Assert.Contains($"GEMM 6×{(Simd.Width == SimdWidth.Vector512 ? 32 : 16)} tiles", paths);
        Assert.Contains(Simd.Width == SimdWidth.Scalar ? "im2col" : "DirectConv", paths);
        Assert.Contains(Simd.IsAccelerated(Simd.Width) ? "(accelerated" : "(emulated", paths);
        Assert.Contains(Simd.Width switch
        {
            SimdWidth.Vector512 => "feature-major Predict and training in 8×32 blocks where ¾ of the lanes hold samples",
            SimdWidth.Vector256 => "feature-major Predict and training in 6×16 blocks where ¾ of the lanes hold samples",
            _ => "feature-major Predict and training off",
        }, paths);
    }

    [Fact]
    public void Map_and_Zip_refuse_a_short_span()
    {
        Assert.Throws<ArgumentException>(() => SimdLoop.Map(new float[9], new float[8], new AddScalarOperator(1f), SimdWidth.Vector512));
        Assert.Throws<ArgumentException>(() => SimdLoop.Zip(new float[9], new float[9], new float[8], default(AddOperator), SimdWidth.Vector512));
        Assert.Throws<ArgumentException>(() => SimdLoop.Zip(new float[9], new float[8], new float[9], default(MultiplyOperator), SimdWidth.Vector512));
        Assert.Throws<ArgumentException>(() => SimdLoop.Zip3(new float[9], new float[9], new float[8], new float[9], new ScaleShiftActivationOperator<Relu>(default), SimdWidth.Vector512));
    }

    /// <summary>Writes into each index the lane count of the step that covered it, and fails a second visit.</summary>
    private readonly ref struct RecordSteps(Span<int> steps) : IUpdateOperator
    {
        private readonly Span<int> steps = steps;

        public void Element(nuint i) => Mark(i, 1);

        public void Lanes256(nuint i) => Mark(i, 8);

        public void Lanes512(nuint i) => Mark(i, 16);

        private void Mark(nuint first, int lanes)
        {
            for (int i = (int)first; i < (int)first + lanes; i++)
            {
                Assert.Equal(0, steps[i]);
                steps[i] = lanes;
            }
        }
    }
}
