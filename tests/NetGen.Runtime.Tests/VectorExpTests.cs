using System.Runtime.Intrinsics;

namespace NetGen.Runtime.Tests;

/// <summary>
/// <see cref="VectorExp"/> against e^x in double: within 1 ulp over a dense sweep of its whole range (normal and
/// subnormal results), its special values, and the same bits on eight and sixteen lanes and as a scalar.
/// </summary>
public sealed class VectorExpTests
{
    [Fact]
    public void Exp_is_within_one_ulp_over_its_range()
    {
        int worst = 0;
        float at = 0;
        // x from −104 to 89 in steps of 1/4096: 790,000 values, every binade of the result.
        for (double v = -104; v <= 89; v += 1.0 / 4096)
        {
            float x = (float)v;
            float actual = VectorExp.Exp(Vector256.Create(x)).ToScalar();
            double exact = Math.Exp(x);
            int ulps = exact > float.MaxValue ? (float.IsPositiveInfinity(actual) ? 0 : int.MaxValue) : Ulps((float)exact, actual);
            if (ulps > worst)
            {
                (worst, at) = (ulps, x);
            }
        }

        Assert.True(worst <= 1, $"{worst} ulp at x = {at}");
    }

    [Fact]
    public void Special_values_are_those_of_the_exponential()
    {
        Assert.Equal(1f, VectorExp.Exp(0f));
        Assert.Equal(1f, VectorExp.Exp(-0f));
        Assert.Equal(float.PositiveInfinity, VectorExp.Exp(float.PositiveInfinity));
        Assert.Equal(float.PositiveInfinity, VectorExp.Exp(88.73f));
        Assert.Equal(0f, VectorExp.Exp(float.NegativeInfinity));
        Assert.Equal(0f, VectorExp.Exp(-110f));
        Assert.True(float.IsNaN(VectorExp.Exp(float.NaN)));
        Assert.True(float.IsSubnormal(VectorExp.Exp(-100f)));
        Assert.Equal((float)Math.E, VectorExp.Exp(1f));
    }

    [Fact]
    public void Both_widths_and_the_scalar_form_give_the_same_bits()
    {
        float[] x = TestData.Uniform(4096, seed: 5, low: -110f, high: 95f);
        x[7] = float.NaN;
        x[100] = float.NegativeInfinity;
        x[200] = float.PositiveInfinity;
        for (int i = 0; i < x.Length; i += 16)
        {
            Vector512<float> wide = VectorExp.Exp(Vector512.Create(x.AsSpan(i, 16)));
            Vector256<float> low = VectorExp.Exp(Vector256.Create(x.AsSpan(i, 8)));
            Vector256<float> high = VectorExp.Exp(Vector256.Create(x.AsSpan(i + 8, 8)));
            Assert.Equal(Vector512.Create(low, high).AsInt32(), wide.AsInt32());
            for (int lane = 0; lane < 16; lane++)
            {
                Assert.Equal(BitConverter.SingleToInt32Bits(wide[lane]), BitConverter.SingleToInt32Bits(VectorExp.Exp(x[i + lane])));
            }
        }
    }

    /// <summary>Units in the last place between <paramref name="actual"/> and the float nearest the exact value (both ≥ 0).</summary>
    private static int Ulps(float nearest, float actual) =>
        Math.Abs(BitConverter.SingleToInt32Bits(nearest) - BitConverter.SingleToInt32Bits(actual));
}
