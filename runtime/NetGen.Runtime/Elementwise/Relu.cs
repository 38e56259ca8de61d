using System.Runtime.Intrinsics;

namespace NetGen.Runtime;

/// <summary>
/// f(x) = max(x, 0) as torch.relu computes it (clamp_min): 0 where x &lt; 0, else x itself, so NaN stays NaN and −0 stays
/// −0 (a select on x &gt; 0 turned NaN into 0, a plausible output from a broken input). f' = 1 where y &gt; 0, else 0
/// (PyTorch's choice of 0 at the kink).
/// </summary>
public readonly struct Relu : IActivation
{
    public float Apply(float x) => x < 0f ? 0f : x;

    public Vector256<float> Apply(Vector256<float> x) => Vector256.ConditionalSelect(Vector256.LessThan(x, Vector256<float>.Zero), Vector256<float>.Zero, x);

    public Vector512<float> Apply(Vector512<float> x) => Vector512.ConditionalSelect(Vector512.LessThan(x, Vector512<float>.Zero), Vector512<float>.Zero, x);

    public float Derivative(float y) => y > 0f ? 1f : 0f;

    public Vector256<float> Derivative(Vector256<float> y) => Vector256.GreaterThan(y, Vector256<float>.Zero) & Vector256<float>.One;

    public Vector512<float> Derivative(Vector512<float> y) => Vector512.GreaterThan(y, Vector512<float>.Zero) & Vector512<float>.One;
}
