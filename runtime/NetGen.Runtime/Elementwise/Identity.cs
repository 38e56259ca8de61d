using System.Runtime.Intrinsics;

namespace NetGen.Runtime;

/// <summary>f(x) = x: a layer with no activation.</summary>
public readonly struct Identity : IActivation
{
    public float Apply(float x) => x;

    public Vector256<float> Apply(Vector256<float> x) => x;

    public Vector512<float> Apply(Vector512<float> x) => x;

    public float Derivative(float y) => 1f;

    public Vector256<float> Derivative(Vector256<float> y) => Vector256<float>.One;

    public Vector512<float> Derivative(Vector512<float> y) => Vector512<float>.One;
}
