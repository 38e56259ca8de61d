namespace NetGen.Runtime.Tests;

/// <summary>MaxNorm's renorm and ActivityL1's backward on hand-computed values.</summary>
public class RegularizationTests
{
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
}
