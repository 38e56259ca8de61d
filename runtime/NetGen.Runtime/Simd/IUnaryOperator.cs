using System.Runtime.Intrinsics;

namespace NetGen.Runtime;

/// <summary>
/// y = f(x) at every width <see cref="SimdLoop.Map{TOperator}"/> runs: one operation written once per vector type so the
/// loop around it is written once for all of them. Implemented by small structs, which the JIT specializes and inlines
/// into the loop, as System.Numerics.Tensors' TensorPrimitives does with its operator structs.
/// </summary>
internal interface IUnaryOperator
{
    /// <summary>f(x) for one element: the scalar tail.</summary>
    float Invoke(float x);

    /// <summary>f(x), eight lanes at a time.</summary>
    Vector256<float> Invoke(Vector256<float> x);

    /// <summary>f(x), sixteen lanes at a time.</summary>
    Vector512<float> Invoke(Vector512<float> x);
}
