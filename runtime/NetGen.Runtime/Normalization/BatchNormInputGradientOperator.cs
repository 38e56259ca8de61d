using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NetGen.Runtime;

/// <summary>∂L/∂z = scale·(N·d − dβ − x̂·dγ) along one feature's plane (x = d, w = x̂), the feature's scalars broadcast.</summary>
internal readonly struct BatchNormInputGradientOperator(float count, float scale, float dBeta, float dGamma) : IBinaryOperator
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Invoke(float x, float w) => scale * (count * x - dBeta - w * dGamma);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<float> Invoke(Vector256<float> x, Vector256<float> w) =>
        Vector256.Create(scale) * (Vector256.Create(count) * x - Vector256.Create(dBeta) - w * Vector256.Create(dGamma));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Invoke(Vector512<float> x, Vector512<float> w) =>
        Vector512.Create(scale) * (Vector512.Create(count) * x - Vector512.Create(dBeta) - w * Vector512.Create(dGamma));
}
