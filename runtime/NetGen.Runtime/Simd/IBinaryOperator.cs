using System.Runtime.Intrinsics;

namespace NetGen.Runtime;

/// <summary>
/// z = f(x, w) at every width <see cref="SimdLoop.Zip{TOperator}"/> runs (a bias add, a mask, a gradient through a
/// derivative). Implemented by small structs so the JIT specializes and inlines the loop for each operation.
/// </summary>
internal interface IBinaryOperator
{
    /// <summary>f(x, w) for one element: the scalar tail.</summary>
    float Invoke(float x, float w);

    /// <summary>f(x, w), eight lanes at a time.</summary>
    Vector256<float> Invoke(Vector256<float> x, Vector256<float> w);

    /// <summary>f(x, w), sixteen lanes at a time.</summary>
    Vector512<float> Invoke(Vector512<float> x, Vector512<float> w);
}
