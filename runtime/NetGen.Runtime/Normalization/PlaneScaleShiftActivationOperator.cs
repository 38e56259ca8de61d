using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NetGen.Runtime;

/// <summary>f(s·x + t) with one feature's scale and shift broadcast over its plane (inference batch norm after Conv2D).</summary>
internal readonly struct PlaneScaleShiftActivationOperator<TActivation>(float scale, float shift, TActivation activation) : IUnaryOperator
    where TActivation : struct, IActivation
{
    private readonly TActivation activation = activation;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Invoke(float x) => activation.Apply(scale * x + shift);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<float> Invoke(Vector256<float> x) => activation.Apply(Vector256.Create(scale) * x + Vector256.Create(shift));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Invoke(Vector512<float> x) => activation.Apply(Vector512.Create(scale) * x + Vector512.Create(shift));
}
