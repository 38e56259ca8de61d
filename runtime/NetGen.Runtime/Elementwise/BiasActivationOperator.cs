using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NetGen.Runtime;

/// <summary>f(x + b): a dense layer's bias add and activation fused into one binary operator, one read and one write per element.</summary>
internal readonly struct BiasActivationOperator<TActivation>(TActivation activation) : IBinaryOperator
    where TActivation : struct, IActivation
{
    private readonly TActivation activation = activation;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Invoke(float x, float w) => activation.Apply(x + w);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<float> Invoke(Vector256<float> x, Vector256<float> w) => activation.Apply(x + w);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Invoke(Vector512<float> x, Vector512<float> w) => activation.Apply(x + w);
}
