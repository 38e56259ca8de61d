namespace NetGen.Runtime.Tests;

/// <summary>
/// The vectorized transcendental activations against the scalar math library on a dense grid over [-100, 100],
/// plus the special values: ±large, ±∞, NaN, ±0. The bounds stated in each struct's remarks are what is asserted.
/// </summary>
public class ActivationAccuracyTests
{
    private static readonly float[] Specials =
        [0f, -0f, 1e-30f, -1e-30f, 1e-7f, 88f, -88f, 89f, -89f, 104f, -104f, 1e30f, -1e30f, float.MaxValue, float.MinValue, float.PositiveInfinity, float.NegativeInfinity, float.NaN];

    [Fact]
    public void Relu_keeps_NaN_and_negative_zero_as_torch_relu_does()
    {
        // torch.relu(torch.tensor([nan, -0.0, -1e-30, 3.0])) is [nan, -0.0, 0.0, 3.0].
        foreach (float x in Specials)
        {
            float expected = float.IsNaN(x) ? float.NaN : x < 0f ? 0f : x;
            foreach (float actual in new[] { Apply256(new Relu(), x), Apply512(new Relu(), x), new Relu().Apply(x) })
            {
                Assert.True(BitConverter.SingleToInt32Bits(expected) == BitConverter.SingleToInt32Bits(actual) || (float.IsNaN(expected) && float.IsNaN(actual)), $"ReLU({x}) = {actual}, expected {expected}");
            }
        }
    }

    [Fact]
    public void Tanh_vector_forms_are_within_3e7_of_MathF_Tanh()
    {
        CheckGrid(new Tanh(), x => MathF.Tanh(x), 3e-7f);
    }

    [Fact]
    public void Sigmoid_vector_forms_are_within_2e7_of_the_exact_value()
    {
        CheckGrid(new Sigmoid(), x => (float)(1.0 / (1.0 + Math.Exp(-(double)x))), 2e-7f);
    }

    [Fact]
    public void Gelu_is_the_exact_erf_form_within_its_stated_bound()
    {
        // |error| ≤ ½|x|·1.5e-7 (A&S 7.1.26) plus float rounding of the result.
        foreach (float x in Enumerable.Range(-40_000, 80_001).Select(i => i * 2.5e-4f))
        {
            float expected = (float)(0.5 * x * (1 + ErfReference(x / Math.Sqrt(2))));
            float bound = 1e-7f * Math.Abs(x) + 2e-7f * Math.Max(1f, Math.Abs(expected));
            foreach (float actual in new[] { Apply256(new Gelu(), x), Apply512(new Gelu(), x), new Gelu().Apply(x) })
            {
                Assert.True(Math.Abs(actual - expected) <= bound, $"GELU({x}) = {actual}, expected {expected} ± {bound}");
            }
        }

        Assert.True(float.IsNaN(new Gelu().Apply(float.NaN)));
        Assert.Equal(0f, Apply256(new Gelu(), -1e30f));
        Assert.Equal(1e30f, Apply256(new Gelu(), 1e30f));
    }

    [Fact]
    public void Silu_and_elu_match_their_definitions()
    {
        CheckGrid(new Silu(), x => (float)(x / (1 + Math.Exp(-(double)x))), 2e-7f, relative: 3e-7f);
        CheckGrid(new Elu(1f), x => x > 0 ? x : (float)(Math.Exp(x) - 1), 2e-7f, relative: 0f);
    }

    [Fact]
    public void Gelu_and_silu_derivatives_match_central_differences_of_the_definition()
    {
        for (double x = -5; x <= 5; x += 0.01) // the double erf reference is exact to 1e-9 for |x/√2| < 4
        {
            double h = 1e-5;
            double gelu(double v) => 0.5 * v * (1 + ErfReference(v / Math.Sqrt(2)));
            double silu(double v) => v / (1 + Math.Exp(-v));
            Assert.Equal((gelu(x + h) - gelu(x - h)) / (2 * h), new Gelu().Derivative((float)x), 1e-6);
            Assert.Equal((silu(x + h) - silu(x - h)) / (2 * h), new Silu().Derivative((float)x), 1e-6);
        }
    }

    [Fact]
    public void Tanh_and_sigmoid_saturate_exactly_and_propagate_NaN()
    {
        Assert.Equal(1f, Apply256(new Tanh(), 50f));
        Assert.Equal(-1f, Apply256(new Tanh(), float.NegativeInfinity));
        Assert.Equal(1f, Apply256(new Sigmoid(), float.PositiveInfinity));
        Assert.Equal(0f, Apply256(new Sigmoid(), -200f));
        Assert.True(float.IsNaN(Apply256(new Tanh(), float.NaN)));
        Assert.True(float.IsNaN(Apply256(new Sigmoid(), float.NaN)));
        Assert.True(float.IsNaN(Apply512(new Tanh(), float.NaN)));
    }

    /// <summary>erf in double: Maclaurin series for |x| &lt; 4 (error &lt; 1e-9 there), ±1 beyond (erfc(4) = 1.5e-8, below float resolution at 1).</summary>
    private static double ErfReference(double x)
    {
        if (Math.Abs(x) >= 4)
        {
            return Math.Sign(x);
        }

        double sum = 0, term = x;
        for (int n = 0; n < 200; n++)
        {
            sum += term / (2 * n + 1);
            term *= -x * x / (n + 1);
        }

        return 2 / Math.Sqrt(Math.PI) * sum;
    }

    private static void CheckGrid<T>(T activation, Func<float, float> exact, float tolerance, float relative = 0f)
        where T : struct, IActivation
    {
        var grid = new List<float>(Specials);
        for (int i = -200_000; i <= 200_000; i++)
        {
            grid.Add(i * 5e-4f);
        }

        foreach (float x in grid)
        {
            float expected = exact(x);
            foreach (float actual in new[] { Apply256(activation, x), Apply512(activation, x), activation.Apply(x) })
            {
                bool ok = float.IsNaN(expected) ? float.IsNaN(actual) : expected == actual || Math.Abs(expected - actual) <= tolerance + relative * Math.Abs(expected);
                Assert.True(ok, $"{typeof(T).Name}({x}) = {actual}, expected {expected} ± {tolerance}");
            }
        }
    }

    private static float Apply256<T>(T activation, float x)
        where T : struct, IActivation => System.Runtime.Intrinsics.Vector256.GetElement(activation.Apply(System.Runtime.Intrinsics.Vector256.Create(x)), 3);

    private static float Apply512<T>(T activation, float x)
        where T : struct, IActivation => System.Runtime.Intrinsics.Vector512.GetElement(activation.Apply(System.Runtime.Intrinsics.Vector512.Create(x)), 11);
}
