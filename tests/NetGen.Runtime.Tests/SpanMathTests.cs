namespace NetGen.Runtime.Tests;

/// <summary>The span loops convolution and pooling share, against plain loops at every width and at odd lengths.</summary>
public class SpanMathTests
{
    public static TheoryData<SimdWidth> Widths => new(SimdWidth.Scalar, SimdWidth.Vector256, SimdWidth.Vector512);

    private static readonly int[] Lengths = [0, 1, 7, 8, 9, 15, 16, 17, 31, 33, 100, 255, 256, 257, 600];

    [Theory]
    [MemberData(nameof(Widths))]
    public void AddTo_adds_into_the_target_and_leaves_its_tail(SimdWidth width)
    {
        foreach (int n in Lengths)
        {
            float[] source = TestData.Uniform(n, seed: n);
            float[] target = TestData.Uniform(n + 3, seed: n + 1);
            float[] expected = target.Select((t, i) => i < n ? t + source[i] : t).ToArray();
            Assert.Equal(ExpectedCoverage.Of(width, n), SpanMath.AddTo(source, target, width));
            Assert.Equal(expected, target);
        }
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void AddScalar_writes_source_plus_value(SimdWidth width)
    {
        foreach (int n in Lengths)
        {
            float[] source = TestData.Uniform(n, seed: n);
            var target = new float[n];
            Assert.Equal(ExpectedCoverage.Of(width, n), SpanMath.AddScalar(source, 0.375f, target, width));
            Assert.Equal(source.Select(v => v + 0.375f).ToArray(), target);
        }
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void Sum_matches_a_double_sum(SimdWidth width)
    {
        foreach (int n in Lengths)
        {
            float[] values = TestData.Uniform(n, seed: n, 0f, 2f);
            Close.One(values.Sum(v => (double)v), SpanMath.Sum(values, width), 1e-6, $"sum of {n}");
        }
    }

    [Fact]
    public void Sum_at_scalar_is_the_plain_double_sum()
    {
        float[] values = TestData.Uniform(1000, seed: 3);
        double expected = 0;
        foreach (float v in values)
        {
            expected += v;
        }

        Assert.Equal(expected, SpanMath.Sum(values, SimdWidth.Scalar));
    }
}
