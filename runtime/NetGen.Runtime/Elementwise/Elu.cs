using System.Runtime.Intrinsics;

namespace NetGen.Runtime;

/// <summary>
/// f(x) = x for x &gt; 0, else α(e^x − 1) (torch.nn.ELU); with α &gt; 0, f' = 1 where y &gt; 0, else α·e^x = y + α.
/// The vector forms use <see cref="VectorExp"/>.
/// </summary>
public readonly struct Elu(float alpha) : IActivation
{
    /// <summary>α &gt; 0, the negative saturation value.</summary>
    public float Alpha { get; } = alpha;

    /// <summary>On one vector lane, so a value gets the same result in a vector body and in a scalar tail: fused and unfused kernels agree bit for bit.</summary>
    public float Apply(float x) => Apply(Vector256.Create(x)).ToScalar();

    public Vector256<float> Apply(Vector256<float> x) =>
        Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256<float>.Zero), x, (VectorExp.Exp(Vector256.Min(x, Vector256<float>.Zero)) - Vector256<float>.One) * Alpha);

    public Vector512<float> Apply(Vector512<float> x) =>
        Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512<float>.Zero), x, (VectorExp.Exp(Vector512.Min(x, Vector512<float>.Zero)) - Vector512<float>.One) * Alpha);

    public float Derivative(float y) => y > 0f ? 1f : y + Alpha;

    public Vector256<float> Derivative(Vector256<float> y) =>
        Vector256.ConditionalSelect(Vector256.GreaterThan(y, Vector256<float>.Zero), Vector256<float>.One, y + Vector256.Create(Alpha));

    public Vector512<float> Derivative(Vector512<float> y) =>
        Vector512.ConditionalSelect(Vector512.GreaterThan(y, Vector512<float>.Zero), Vector512<float>.One, y + Vector512.Create(Alpha));
}
