using System.Runtime.Intrinsics;

namespace NetGen.Runtime;

/// <summary>
/// SiLU (swish), f(x) = x·σ(x) (torch.nn.SiLU); f'(x) = σ(x)·(1 + x·(1 − σ(x))), taken through the input x.
/// </summary>
public readonly struct Silu : IActivation
{
    public bool DerivativeThroughInput => true;

    /// <summary>On one vector lane, so a value gets the same result in a vector body and in a scalar tail: fused and unfused kernels agree bit for bit.</summary>
    public float Apply(float x) => Apply(Vector256.Create(x)).ToScalar();

    public Vector256<float> Apply(Vector256<float> x) => x / (Vector256<float>.One + VectorExp.Exp(-x));

    public Vector512<float> Apply(Vector512<float> x) => x / (Vector512<float>.One + VectorExp.Exp(-x));

    /// <summary>On one vector lane, as <see cref="Apply(float)"/>.</summary>
    public float Derivative(float x) => Derivative(Vector256.Create(x)).ToScalar();

    public Vector256<float> Derivative(Vector256<float> x)
    {
        Vector256<float> s = Vector256<float>.One / (Vector256<float>.One + VectorExp.Exp(-x));
        return s * (Vector256<float>.One + x * (Vector256<float>.One - s));
    }

    public Vector512<float> Derivative(Vector512<float> x)
    {
        Vector512<float> s = Vector512<float>.One / (Vector512<float>.One + VectorExp.Exp(-x));
        return s * (Vector512<float>.One + x * (Vector512<float>.One - s));
    }
}
