using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NetGen.Runtime;

/// <summary>
/// z += b, then y = f(z), as an in-place update (input b, target z, state0 y): the bias activation for activations
/// whose derivative needs z (GELU, SiLU), which keeps z for the backward pass and writes y beside it in the same pass.
/// </summary>
internal readonly struct KeptBiasActivationOperator<TActivation>(TActivation activation) : IUpdateOperator
    where TActivation : struct, IActivation
{
    private readonly TActivation activation = activation;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Invoke(float input, ref float target, ref float state0, ref float state1, ref float state2)
    {
        target += input;
        state0 = activation.Apply(target);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Invoke(Vector256<float> input, ref Vector256<float> target, ref Vector256<float> state0, ref Vector256<float> state1, ref Vector256<float> state2)
    {
        target += input;
        state0 = activation.Apply(target);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Invoke(Vector512<float> input, ref Vector512<float> target, ref Vector512<float> state0, ref Vector512<float> state1, ref Vector512<float> state2)
    {
        target += input;
        state0 = activation.Apply(target);
    }
}
