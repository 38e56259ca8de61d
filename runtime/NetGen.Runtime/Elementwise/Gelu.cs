using System.Runtime.Intrinsics;

namespace NetGen.Runtime;

/// <summary>
/// GELU in PyTorch's default exact form, f(x) = x·Φ(x) = ½x(1 + erf(x/√2)); f'(x) = Φ(x) + x·φ(x), through the input.
/// erf is Abramowitz &amp; Stegun 7.1.26 (absolute error ≤ 1.5e-7, so |f − GELU| ≤ 1e-7·|x| + float rounding),
/// evaluated identically at every width.
/// </summary>
public readonly struct Gelu : IActivation
{
    private const float InverseSqrt2 = 0.70710678f;
    private const float InverseSqrt2Pi = 0.39894228f;
    private const float P = 0.3275911f, A1 = 0.254829592f, A2 = -0.284496736f, A3 = 1.421413741f, A4 = -1.453152027f, A5 = 1.061405429f;

    public bool DerivativeThroughInput => true;

    /// <summary>erf(x) by A&amp;S 7.1.26, lane-wise.</summary>
    public static Vector256<float> Erf(Vector256<float> x)
    {
        Vector256<float> a = Vector256.Abs(x);
        Vector256<float> t = Vector256<float>.One / (Vector256<float>.One + a * P);
        Vector256<float> polynomial = ((((t * A5 + Vector256.Create(A4)) * t + Vector256.Create(A3)) * t + Vector256.Create(A2)) * t + Vector256.Create(A1)) * t;
        return Vector256.CopySign(Vector256<float>.One - polynomial * VectorExp.Exp(-(a * a)), x);
    }

    /// <summary>erf(x), lane-wise.</summary>
    public static Vector512<float> Erf(Vector512<float> x)
    {
        Vector512<float> a = Vector512.Abs(x);
        Vector512<float> t = Vector512<float>.One / (Vector512<float>.One + a * P);
        Vector512<float> polynomial = ((((t * A5 + Vector512.Create(A4)) * t + Vector512.Create(A3)) * t + Vector512.Create(A2)) * t + Vector512.Create(A1)) * t;
        return Vector512.CopySign(Vector512<float>.One - polynomial * VectorExp.Exp(-(a * a)), x);
    }

    /// <summary>On one vector lane, so a value gets the same result in a vector body and in a scalar tail: fused and unfused kernels agree bit for bit.</summary>
    public float Apply(float x) => Apply(Vector256.Create(x)).ToScalar();

    public Vector256<float> Apply(Vector256<float> x) => x * 0.5f * (Vector256<float>.One + Erf(x * InverseSqrt2));

    public Vector512<float> Apply(Vector512<float> x) => x * 0.5f * (Vector512<float>.One + Erf(x * InverseSqrt2));

    /// <summary>On one vector lane, so a value gets the same result in a vector body and in a scalar tail: fused and unfused kernels agree bit for bit.</summary>
    public float Derivative(float x) => Derivative(Vector256.Create(x)).ToScalar();

    public Vector256<float> Derivative(Vector256<float> x) =>
        (Vector256<float>.One + Erf(x * InverseSqrt2)) * 0.5f + x * InverseSqrt2Pi * VectorExp.Exp(x * x * -0.5f);

    public Vector512<float> Derivative(Vector512<float> x) =>
        (Vector512<float>.One + Erf(x * InverseSqrt2)) * 0.5f + x * InverseSqrt2Pi * VectorExp.Exp(x * x * -0.5f);
}
