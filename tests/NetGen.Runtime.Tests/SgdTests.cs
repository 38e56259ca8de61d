namespace NetGen.Runtime.Tests;

/// <summary>The SGD kernel against torch.optim.SGD's step written out in double, for every variant and every length.</summary>
public class SgdTests
{
    public static TheoryData<SimdWidth> Widths => new(SimdWidth.Scalar, SimdWidth.Vector256, SimdWidth.Vector512);

    private static readonly SgdSettings[] Variants =
    [
        new(0.1f, 0f, 0f, 0f, false),
        new(0.1f, 0.9f, 0f, 0f, false),
        new(0.05f, 0.9f, 0.3f, 1e-2f, false),
        new(0.01f, 0.8f, 0f, 5e-4f, true),
    ];

    [Theory]
    [MemberData(nameof(Widths))]
    public void Three_steps_match_the_reference_at_every_length(SimdWidth width)
    {
        foreach (SgdSettings settings in Variants)
        {
            for (int n = 0; n <= 257; n++)
            {
                float[] theta = TestData.Uniform(n, seed: n);
                float[] expected = (float[])theta.Clone();
                var velocity = new float[settings.Momentum != 0f ? n : 0];
                var expectedVelocity = (float[])velocity.Clone();
                for (int step = 0; step < 3; step++)
                {
                    float[] g = TestData.Uniform(n, seed: 1000 * step + n);
                    Sgd.Update(g, settings, step == 0, theta, velocity, width);
                    SgdReference.Update(g, settings, step == 0, expected, expectedVelocity);
                }

                for (int i = 0; i < n; i++)
                {
                    Assert.True(Math.Abs(expected[i] - theta[i]) <= 1e-6f, $"{settings} n={n} i={i}: {theta[i]} vs {expected[i]}");
                    if (velocity.Length > 0)
                    {
                        Assert.True(Math.Abs(expectedVelocity[i] - velocity[i]) <= 1e-6f, $"{settings} velocity n={n} i={i}");
                    }
                }
            }
        }
    }

    [Fact]
    public void A_slice_updated_alone_is_bit_identical_to_the_same_elements_in_a_whole_span()
    {
        // TrainStep updates layer slices inside backward; ApplyGradients updates the whole span at once.
        var settings = new SgdSettings(0.05f, 0.9f, 0.1f, 1e-3f, false);
        float[] g = TestData.Uniform(100, seed: 1);
        float[] whole = TestData.Uniform(100, seed: 2);
        float[] sliced = (float[])whole.Clone();
        var vWhole = new float[100];
        var vSliced = new float[100];
        Sgd.Update(g, settings, true, whole, vWhole);
        Sgd.Update(g.AsSpan(0, 37), settings, true, sliced.AsSpan(0, 37), vSliced.AsSpan(0, 37));
        Sgd.Update(g.AsSpan(37), settings, true, sliced.AsSpan(37), vSliced.AsSpan(37));
        Assert.Equal(whole, sliced);
        Assert.Equal(vWhole, vSliced);
    }

    [Fact]
    public void Mismatched_lengths_throw()
    {
        var settings = new SgdSettings(0.1f, 0.9f, 0f, 0f, false);
        Assert.Throws<ArgumentException>(() => Sgd.Update(new float[3], settings, true, new float[4], new float[4]));
        Assert.Throws<ArgumentException>(() => Sgd.Update(new float[4], settings, true, new float[4], new float[2]));
    }
}
