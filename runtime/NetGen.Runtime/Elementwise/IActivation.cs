using System.Runtime.Intrinsics;

namespace NetGen.Runtime;

/// <summary>
/// An element-wise activation y = f(x) at every vector width, and its derivative written through the output
/// (f'(x) as a function of y), so the backward pass needs only the stored activations.
/// Implemented by small structs so generic kernels specialize and inline per activation.
/// </summary>
public interface IActivation
{
    /// <summary>f(x).</summary>
    float Apply(float x);

    /// <summary>f(x), lane-wise.</summary>
    Vector256<float> Apply(Vector256<float> x);

    /// <summary>f(x), lane-wise.</summary>
    Vector512<float> Apply(Vector512<float> x);

    /// <summary>f'(x) given y = f(x).</summary>
    float Derivative(float y);

    /// <summary>f'(x) given y = f(x), lane-wise.</summary>
    Vector256<float> Derivative(Vector256<float> y);

    /// <summary>f'(x) given y = f(x), lane-wise.</summary>
    Vector512<float> Derivative(Vector512<float> y);
}
