using System.Runtime.Intrinsics;

namespace NetGen.Runtime;

/// <summary>
/// y = f(x, a, b) at every width <see cref="SimdLoop.Zip3{TOperator}"/> runs: a value with two per-element
/// coefficients beside it (a per-feature scale and shift). Small structs, so the JIT specializes and inlines the loop
/// for each operation.
/// </summary>
internal interface ITernaryOperator
{
    /// <summary>f(x, a, b) for one element: the scalar tail.</summary>
    float Invoke(float x, float a, float b);

    /// <summary>f(x, a, b), eight lanes at a time.</summary>
    Vector256<float> Invoke(Vector256<float> x, Vector256<float> a, Vector256<float> b);

    /// <summary>f(x, a, b), sixteen lanes at a time.</summary>
    Vector512<float> Invoke(Vector512<float> x, Vector512<float> a, Vector512<float> b);
}
