using System.Runtime.Intrinsics;

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
    public void Update_reads_empty_streams_as_zero_and_leaves_them_unstored(SimdWidth width)
    {
        foreach (int n in new[] { 0, 1, 7, 8, 9, 15, 16, 17, 31, 33, 100 })
        {
            float[] input = TestData.Uniform(n, seed: n);
            float[] target = TestData.Uniform(n, seed: n + 1);
            float[] state = TestData.Uniform(n, seed: n + 2);
            float[] expectedTarget = target.Select((t, i) => t + (input[i] + state[i])).ToArray();
            float[] expectedState = state.Select(s => 2f * s).ToArray();
            Assert.Equal(ExpectedCoverage.Of(width, n), SimdLoop.Update(input, target, default, state, default, default(SumIntoTarget), width));
            Close.All(expectedTarget, target, 0f, $"target at {n}");
            Close.All(expectedState, state, 0f, $"state1 at {n}");
        }
    }

    [Fact]
    public void Update_refuses_a_state_stream_of_another_length()
    {
        var error = Assert.Throws<ArgumentException>(() => SimdLoop.Update(new float[9], new float[9], new float[8], default, default, default(SumIntoTarget), SimdWidth.Vector256));
        Assert.Equal("state0", error.ParamName);
    }

    [Fact]
    public void Map_and_Zip_refuse_a_short_destination()
    {
        Assert.Throws<ArgumentException>(() => SimdLoop.Map(new float[9], new float[8], new AddScalarOperator(1f), SimdWidth.Vector512));
        Assert.Throws<ArgumentException>(() => SimdLoop.Zip(new float[9], new float[9], new float[8], default(AddOperator), SimdWidth.Vector512));
        Assert.Throws<ArgumentException>(() => SimdLoop.Zip(new float[9], new float[8], new float[9], default(MultiplyOperator), SimdWidth.Vector512));
    }

    /// <summary>target += input + every state; each state doubles: shows which streams arrive loaded and which are stored.</summary>
    private readonly struct SumIntoTarget : IUpdateOperator
    {
        public void Invoke(float input, ref float target, ref float state0, ref float state1, ref float state2)
        {
            target += input + state0 + state1 + state2;
            state0 *= 2f;
            state1 *= 2f;
            state2 *= 2f;
        }

        public void Invoke(Vector256<float> input, ref Vector256<float> target, ref Vector256<float> state0, ref Vector256<float> state1, ref Vector256<float> state2)
        {
            target += input + state0 + state1 + state2;
            state0 *= 2f;
            state1 *= 2f;
            state2 *= 2f;
        }

        public void Invoke(Vector512<float> input, ref Vector512<float> target, ref Vector512<float> state0, ref Vector512<float> state1, ref Vector512<float> state2)
        {
            target += input + state0 + state1 + state2;
            state0 *= 2f;
            state1 *= 2f;
            state2 *= 2f;
        }
    }
}
