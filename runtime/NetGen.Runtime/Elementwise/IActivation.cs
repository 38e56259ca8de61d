using System.Runtime.Intrinsics;

namespace NetGen.Runtime;

/// <summary>
/// An element-wise activation y = f(x) at every vector width, and its derivative. Most activations write f' through the
/// output (a function of y), so the backward pass needs only the stored activations; those whose f' cannot be recovered
/// from y (GELU, SiLU) take the input x instead and say so with <see cref="DerivativeThroughInput"/>, and the generated
/// code keeps their pre-activation. Implemented by small structs so generic kernels specialize and inline.
/// </summary>
public interface IActivation
{
    /// <summary>True when the Derivative overloads take x rather than y = f(x).</summary>
    bool DerivativeThroughInput => false;

    /// <summary>f(x).</summary>
    float Apply(float x);

    /// <summary>f(x), lane-wise.</summary>
    Vector256<float> Apply(Vector256<float> x);

    /// <summary>f(x), lane-wise.</summary>
    Vector512<float> Apply(Vector512<float> x);

    /// <summary>f'(x) given y = f(x) (or given x, when <see cref="DerivativeThroughInput"/>).</summary>
    float Derivative(float y);

    /// <summary>f'(x) given y = f(x), lane-wise.</summary>
    Vector256<float> Derivative(Vector256<float> y);

    /// <summary>f'(x) given y = f(x), lane-wise.</summary>
    Vector512<float> Derivative(Vector512<float> y);
}
