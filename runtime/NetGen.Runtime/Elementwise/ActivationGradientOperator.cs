using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NetGen.Runtime;

/// <summary>dy · f'(y): the incoming gradient through an activation's derivative (read through y, or x when the activation needs it).</summary>
internal readonly struct ActivationGradientOperator<TActivation>(TActivation activation) : IBinaryOperator
    where TActivation : struct, IActivation
{
    private readonly TActivation activation = activation;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Invoke(float x, float w) => x * activation.Derivative(w);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<float> Invoke(Vector256<float> x, Vector256<float> w) => x * activation.Derivative(w);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Invoke(Vector512<float> x, Vector512<float> w) => x * activation.Derivative(w);
}
