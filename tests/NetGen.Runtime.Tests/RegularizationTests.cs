namespace NetGen.Runtime.Tests;

/// <summary>MaxNorm's renorm and ActivityL1's backward on hand-computed values, and at every width against the scalar loop.</summary>
public class RegularizationTests
{
    public static TheoryData<SimdWidth> Widths => new(SimdWidth.Scalar, SimdWidth.Vector256, SimdWidth.Vector512);

    private static readonly int[] Lengths = [1, 7, 8, 9, 15, 16, 17, 31, 33, 100];

    [Fact]
    public void Renorm_scales_rows_above_the_bound_as_torch_renorm_and_leaves_the_others()
    {
        // Rows of norm 5, 0.5 and 0: only the first exceeds c = 1 and becomes w·1/(5 + 1e-7).
        float[] weight = [3f, 4f, 0.3f, 0.4f, 0f, 0f];
        MaxNorm.Renorm(weight, rows: 3, maxNorm: 1f);
        float scale = 1f / (5f + 1e-7f);
        Assert.Equal([3f * scale, 4f * scale, 0.3f, 0.4f, 0f, 0f], weight);
    }

    [Fact]
    public void Renorm_refuses_a_weight_that_does_not_split_into_its_rows() =>
        Assert.Throws<ArgumentException>(() => MaxNorm.Renorm(new float[5], rows: 2, maxNorm: 1f));

    [Fact]
    public void Activity_L1_backward_adds_scale_times_sign_with_sign_zero_zero()
    {
        float[] y = [2f, -0.5f, 0f, -0f];
        float[] dy = [1f, 1f, 1f, 1f];
        ActivityL1.Backward(y, 0.25f, dy);
        Assert.Equal([1.25f, 0.75f, 1f, 1f], dy);
        Assert.Equal(0.5 * (2 + 0.5) / 2, ActivityL1.Penalty(y, batch: 2, lambda: 0.5f), 12);
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void Renorm_gives_the_scalar_bits_at_every_width(SimdWidth width)
    {
        foreach (int columns in Lengths)
        {
            float[] weight = TestData.Uniform(3 * columns, seed: columns, 1.5f, 3f); // rows 0 and 2 above the bound
            weight.AsSpan(columns, columns).Fill(0.01f); // a row within the bound, left alone
            float[] scalar = (float[])weight.Clone();
            MaxNorm.Renorm(scalar, 3, 1f, SimdWidth.Scalar);
            Assert.Equal(ExpectedCoverage.Of(width, 2, columns), MaxNorm.Renorm(weight, 3, 1f, width));
            Assert.Equal(scalar, weight);
        }
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void Activity_L1_backward_gives_the_scalar_bits_at_every_width(SimdWidth width)
    {
        foreach (int n in Lengths.Prepend(0))
        {
            float[] y = TestData.Uniform(n, seed: n);
            for (int i = 0; i < n; i += 5)
            {
                y[i] = i % 2 == 0 ? 0f : -0f;
            }

            float[] dy = TestData.Uniform(n, seed: n + 1), scalar = (float[])dy.Clone();
            ActivityL1.Backward(y, 0.125f, scalar, SimdWidth.Scalar);
            Assert.Equal(ExpectedCoverage.Of(width, n), ActivityL1.Backward(y, 0.125f, dy, width));
            Assert.Equal(scalar, dy);
        }
    }
}
