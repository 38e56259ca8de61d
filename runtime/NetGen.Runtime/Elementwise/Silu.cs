using System.Runtime.Intrinsics;

namespace NetGen.Runtime;

/// <summary>
/// SiLU (swish), f(x) = x·σ(x) (torch.nn.SiLU); f'(x) = σ(x)·(1 + x·(1 − σ(x))), taken through the input x.
/// </summary>
public readonly struct Silu : IActivation
{
    public bool DerivativeThroughInput => true;

    public float Apply(float x) => x / (1f + MathF.Exp(-x));

    public Vector256<float> Apply(Vector256<float> x) => x / (Vector256<float>.One + Vector256.Exp(-x));

    public Vector512<float> Apply(Vector512<float> x) => x / (Vector512<float>.One + Vector512.Exp(-x));

    public float Derivative(float x)
    {
        float s = 1f / (1f + MathF.Exp(-x));
        return s * (1f + x * (1f - s));
    }

    public Vector256<float> Derivative(Vector256<float> x)
    {
        Vector256<float> s = Vector256<float>.One / (Vector256<float>.One + Vector256.Exp(-x));
        return s * (Vector256<float>.One + x * (Vector256<float>.One - s));
    }

    public Vector512<float> Derivative(Vector512<float> x)
    {
        Vector512<float> s = Vector512<float>.One / (Vector512<float>.One + Vector512.Exp(-x));
        return s * (Vector512<float>.One + x * (Vector512<float>.One - s));
    }
}
