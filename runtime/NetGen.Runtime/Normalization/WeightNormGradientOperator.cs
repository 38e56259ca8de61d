using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NetGen.Runtime;

/// <summary>∂L/∂v = a·∂L/∂w − b·v (x = ∂L/∂w, w = v): weight normalization's direction gradient for one row.</summary>
internal readonly struct WeightNormGradientOperator(float a, float b) : IBinaryOperator
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Invoke(float x, float w) => x * a - w * b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<float> Invoke(Vector256<float> x, Vector256<float> w) => x * a - w * b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Invoke(Vector512<float> x, Vector512<float> w) => x * a - w * b;
}
