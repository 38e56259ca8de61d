using System.Runtime.Intrinsics;

namespace NetGen.Runtime;

/// <summary>f(x) = max(x, 0); f' = 1 where y &gt; 0, else 0 (PyTorch's choice of 0 at the kink).</summary>
public readonly struct Relu : IActivation
{
    public float Apply(float x) => x > 0f ? x : 0f;

    public Vector256<float> Apply(Vector256<float> x) => Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256<float>.Zero), x, Vector256<float>.Zero);

    public Vector512<float> Apply(Vector512<float> x) => Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512<float>.Zero), x, Vector512<float>.Zero);

    public float Derivative(float y) => y > 0f ? 1f : 0f;

    public Vector256<float> Derivative(Vector256<float> y) => Vector256.GreaterThan(y, Vector256<float>.Zero) & Vector256<float>.One;

    public Vector512<float> Derivative(Vector512<float> y) => Vector512.GreaterThan(y, Vector512<float>.Zero) & Vector512<float>.One;
}
