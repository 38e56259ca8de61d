using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NetGen.Runtime;

/// <summary>x·s + t with s and t broadcast (one feature's inference normalization over its plane), through <see cref="SimdLoop.Map{TOperator}"/>.</summary>
internal readonly struct AffineOperator(float scale, float shift) : IUnaryOperator
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Invoke(float x) => x * scale + shift;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<float> Invoke(Vector256<float> x) => x * Vector256.Create(scale) + Vector256.Create(shift);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Invoke(Vector512<float> x) => x * Vector512.Create(scale) + Vector512.Create(shift);
}
