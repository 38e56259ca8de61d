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

    private static void CheckGrid<T>(T activation, Func<float, float> exact, float tolerance)
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
                bool ok = float.IsNaN(expected) ? float.IsNaN(actual) : Math.Abs(expected - actual) <= tolerance;
                Assert.True(ok, $"{typeof(T).Name}({x}) = {actual}, expected {expected} ± {tolerance}");
            }
        }
    }

    private static float Apply256<T>(T activation, float x)
        where T : struct, IActivation => System.Runtime.Intrinsics.Vector256.GetElement(activation.Apply(System.Runtime.Intrinsics.Vector256.Create(x)), 3);

    private static float Apply512<T>(T activation, float x)
        where T : struct, IActivation => System.Runtime.Intrinsics.Vector512.GetElement(activation.Apply(System.Runtime.Intrinsics.Vector512.Create(x)), 11);
}
