using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NetGen.Runtime;

/// <summary>
/// SGD's rule for one element (or lane group) as an in-place update: input g, target θ, state0 the velocity b (with
/// momentum only). Same operations in the same order at every width (no FMA), so slices and whole spans agree bit for bit.
/// </summary>
internal readonly struct SgdOperator(in GradientTransform transform, in SgdSettings settings, bool firstStep) : IUpdateOperator
{
    private readonly GradientTransform transform = transform;
    private readonly float lr = settings.LearningRate, mu = settings.Momentum, keep = 1f - settings.Dampening;
    private readonly bool useMomentum = settings.Momentum != 0f, nesterov = settings.Nesterov, firstStep = firstStep;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Invoke(float input, ref float target, ref float state0, ref float state1, ref float state2)
    {
        float step = transform.Apply(input, target);
        if (useMomentum)
        {
            float v = firstStep ? step : state0 * mu + step * keep;
            state0 = v;
            step = nesterov ? step + v * mu : v;
        }

        target -= step * lr;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Invoke(Vector256<float> input, ref Vector256<float> target, ref Vector256<float> state0, ref Vector256<float> state1, ref Vector256<float> state2)
    {
        Vector256<float> step = transform.Apply(input, target);
        if (useMomentum)
        {
            Vector256<float> v = firstStep ? step : state0 * mu + step * keep;
            state0 = v;
            step = nesterov ? step + v * mu : v;
        }

        target -= step * lr;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Invoke(Vector512<float> input, ref Vector512<float> target, ref Vector512<float> state0, ref Vector512<float> state1, ref Vector512<float> state2)
    {
        Vector512<float> step = transform.Apply(input, target);
        if (useMomentum)
        {
            Vector512<float> v = firstStep ? step : state0 * mu + step * keep;
            state0 = v;
            step = nesterov ? step + v * mu : v;
        }

        target -= step * lr;
    }
}
