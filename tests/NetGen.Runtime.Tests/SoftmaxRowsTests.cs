namespace NetGen.Runtime.Tests;

/// <summary>
/// The per-row passes of softmax at every width against their definitions, at every row length up to 40 (every
/// vector tail) and a 1000-class row: the same bits at every width, the sum in its one order.
/// </summary>
public sealed class SoftmaxRowsTests
{
    public static TheoryData<SimdWidth> Widths => new(SimdWidth.Scalar, SimdWidth.Vector256, SimdWidth.Vector512);

    private static IEnumerable<int> Lengths => Enumerable.Range(0, 41).Append(1000);

    [Theory]
    [MemberData(nameof(Widths))]
    public void Max_is_the_largest_value(SimdWidth width)
    {
        foreach (int n in Lengths)
        {
            float[] x = TestData.Uniform(n, seed: n + 1);
            Assert.Equal(n == 0 ? float.NegativeInfinity : x.Max(), SoftmaxRows.Max(x, width));
        }
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void Subtract_and_scale_are_one_rounding_per_value(SimdWidth width)
    {
        foreach (int n in Lengths)
        {
            float[] x = TestData.Uniform(n, seed: n + 2);
            var shifted = new float[n];
            SoftmaxRows.Subtract(x, 0.37f, shifted, width);
            Assert.Equal(x.Select(v => v - 0.37f), shifted);

            float[] scaled = (float[])x.Clone();
            SoftmaxRows.ScaleOffset(scaled, 1.7f, 0.01f, 0.03125f, width);
            Assert.Equal(x.Select(v => (v * 1.7f - 0.01f) * 0.03125f), scaled);
        }
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void Sum_adds_in_eight_chains_by_index_whatever_the_width(SimdWidth width)
    {
        foreach (int n in Lengths)
        {
            float[] x = TestData.Uniform(n, seed: n + 3);
            var chains = new float[8];
            for (int c = 0; c < n; c++)
            {
                chains[c % 8] += x[c];
            }

            float expected = ((chains[0] + chains[1]) + (chains[2] + chains[3])) + ((chains[4] + chains[5]) + (chains[6] + chains[7]));
            Assert.Equal(expected, SoftmaxRows.Sum(x, width));
            Assert.Equal(x.Sum(v => (double)v), SoftmaxRows.Sum(x, width), 1e-4);
        }
    }

    [Fact]
    public void Subtract_refuses_a_short_target()
    {
        var e = Assert.Throws<ArgumentException>(() => SoftmaxRows.Subtract(new float[10], 0f, new float[9], SimdWidth.Vector256));
        Assert.Equal("e", e.ParamName);
    }
}
