using System.Runtime.Intrinsics;

namespace NetGen.Runtime;

/// <summary>
/// f(x) = 1 / (1 + e^-x); f' = y(1 - y).
/// The vector forms use <see cref="VectorExp"/> (within 1 ulp of e^x); e^-x overflowing to +∞ for
/// x &lt; -88.7 gives exactly 0, and NaN propagates. Tested against the scalar form to 2e-7 absolute.
/// </summary>
public readonly struct Sigmoid : IActivation
{
    /// <summary>On one vector lane, so a value gets the same result in a vector body and in a scalar tail: fused and unfused kernels agree bit for bit.</summary>
    public float Apply(float x) => Apply(Vector256.Create(x)).ToScalar();

    public Vector256<float> Apply(Vector256<float> x) => Vector256<float>.One / (Vector256<float>.One + VectorExp.Exp(-x));

    public Vector512<float> Apply(Vector512<float> x) => Vector512<float>.One / (Vector512<float>.One + VectorExp.Exp(-x));

    public float Derivative(float y) => y * (1f - y);

    public Vector256<float> Derivative(Vector256<float> y) => y * (Vector256<float>.One - y);

    public Vector512<float> Derivative(Vector512<float> y) => y * (Vector512<float>.One - y);
}
