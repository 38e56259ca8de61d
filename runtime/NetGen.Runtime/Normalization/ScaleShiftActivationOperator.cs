using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NetGen.Runtime;

/// <summary>
/// f(a·x + b) with a per-feature scale a and shift b beside each value: inference batch norm folded into its producer's
/// epilogue along a row of features, one read of each stream and one write.
/// </summary>
internal readonly struct ScaleShiftActivationOperator<TActivation>(TActivation activation) : ITernaryOperator
    where TActivation : struct, IActivation
{
    private readonly TActivation activation = activation;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Invoke(float x, float a, float b) => activation.Apply(a * x + b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<float> Invoke(Vector256<float> x, Vector256<float> a, Vector256<float> b) => activation.Apply(a * x + b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Invoke(Vector512<float> x, Vector512<float> a, Vector512<float> b) => activation.Apply(a * x + b);
}
