using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NetGen.Runtime;

/// <summary>An activation's f(x) as a unary operator, so <see cref="SimdLoop.Map{TOperator}"/> runs it at every width.</summary>
internal readonly struct ActivationOperator<TActivation>(TActivation activation) : IUnaryOperator
    where TActivation : struct, IActivation
{
    private readonly TActivation activation = activation;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Invoke(float x) => activation.Apply(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<float> Invoke(Vector256<float> x) => activation.Apply(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Invoke(Vector512<float> x) => activation.Apply(x);
}
