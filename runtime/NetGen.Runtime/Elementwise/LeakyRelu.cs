using System.Runtime.Intrinsics;

namespace NetGen.Runtime;

/// <summary>
/// f(x) = x for x &gt; 0, else αx. With α ≥ 0 the sign of y is the sign of x, so f' = 1 where y &gt; 0, else α.
/// </summary>
public readonly struct LeakyRelu(float slope) : IActivation
{
    /// <summary>α, the slope for negative inputs (PyTorch's negative_slope, default 0.01).</summary>
    public float Slope { get; } = slope;

    public float Apply(float x) => x > 0f ? x : Slope * x;

    public Vector256<float> Apply(Vector256<float> x) => Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256<float>.Zero), x, x * Slope);

    public Vector512<float> Apply(Vector512<float> x) => Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512<float>.Zero), x, x * Slope);

    public float Derivative(float y) => y > 0f ? 1f : Slope;

    public Vector256<float> Derivative(Vector256<float> y) => Vector256.ConditionalSelect(Vector256.GreaterThan(y, Vector256<float>.Zero), Vector256<float>.One, Vector256.Create(Slope));

    public Vector512<float> Derivative(Vector512<float> y) => Vector512.ConditionalSelect(Vector512.GreaterThan(y, Vector512<float>.Zero), Vector512<float>.One, Vector512.Create(Slope));
}
