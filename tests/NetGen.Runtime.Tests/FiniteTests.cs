namespace NetGen.Runtime.Tests;

/// <summary>The vectorized "all finite" scan against its scalar reference: every length 0..200, every bad value at every position, every width.</summary>
public class FiniteTests
{
    public static TheoryData<SimdWidth> Widths => new(SimdWidth.Scalar, SimdWidth.Vector256, SimdWidth.Vector512);

    [Theory]
    [MemberData(nameof(Widths))]
    public void Finds_the_first_non_finite_value_as_the_reference_does(SimdWidth width)
    {
        float[] bad = [float.NaN, float.PositiveInfinity, float.NegativeInfinity];
        for (int length = 0; length <= 200; length++)
        {
            float[] values = TestData.Uniform(length, seed: length, -1e30f, 1e30f);
            Assert.Equal(-1, Finite.IndexOfNonFinite(values, width));
            for (int at = 0; at < length; at++)
            {
                foreach (float b in bad)
                {
                    float kept = values[at];
                    values[at] = b;
                    Assert.Equal(at, Finite.IndexOfNonFinite(values, width));
                    Assert.Equal(FiniteReference.IndexOfNonFinite(values), Finite.IndexOfNonFinite(values, width));
                    values[at] = kept;
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void Reports_the_first_of_several_and_accepts_extremes(SimdWidth width)
    {
        float[] values = TestData.Uniform(100, seed: 7);
        values[3] = float.MaxValue;
        values[4] = -float.MaxValue;
        values[5] = float.Epsilon;
        values[6] = -0f;
        Assert.Equal(-1, Finite.IndexOfNonFinite(values, width));
        values[70] = float.NaN;
        values[40] = float.NegativeInfinity;
        Assert.Equal(40, Finite.IndexOfNonFinite(values, width));
    }
}
