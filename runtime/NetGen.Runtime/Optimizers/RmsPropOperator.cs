using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NetGen.Runtime;

/// <summary>
/// RMSProp's rule for one element (or lane group) as an in-place update: input g, target θ, state0 v, state1 ḡ
/// (centered only), state2 the momentum buffer b (momentum only).
/// </summary>
internal readonly struct RmsPropOperator(in GradientTransform transform, in RmsPropSettings settings) : IUpdateOperator
{
    private readonly GradientTransform transform = transform;
    private readonly float lr = settings.LearningRate, alpha = settings.Alpha, keep = 1f - settings.Alpha, epsilon = settings.Epsilon, mu = settings.Momentum;
    private readonly bool centered = settings.Centered, useMomentum = settings.Momentum > 0f;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Invoke(float input, ref float target, ref float state0, ref float state1, ref float state2)
    {
        float p = target;
        float grad = transform.Apply(input, p);
        float square = state0 * alpha + grad * grad * keep;
        state0 = square;
        float denominator;
        if (centered)
        {
            float average = state1 * alpha + grad * keep;
            state1 = average;
            denominator = MathF.Sqrt(square - average * average) + epsilon;
        }
        else
        {
            denominator = MathF.Sqrt(square) + epsilon;
        }

        if (useMomentum)
        {
            float buffer = state2 * mu + grad / denominator;
            state2 = buffer;
            target = p - buffer * lr;
        }
        else
        {
            target = p - grad / denominator * lr;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Invoke(Vector256<float> input, ref Vector256<float> target, ref Vector256<float> state0, ref Vector256<float> state1, ref Vector256<float> state2)
    {
        Vector256<float> p = target;
        Vector256<float> grad = transform.Apply(input, p);
        Vector256<float> square = state0 * alpha + grad * grad * keep;
        state0 = square;
        Vector256<float> denominator;
        if (centered)
        {
            Vector256<float> average = state1 * alpha + grad * keep;
            state1 = average;
            denominator = Vector256.Sqrt(square - average * average) + Vector256.Create(epsilon);
        }
        else
        {
            denominator = Vector256.Sqrt(square) + Vector256.Create(epsilon);
        }

        if (useMomentum)
        {
            Vector256<float> buffer = state2 * mu + grad / denominator;
            state2 = buffer;
            target = p - buffer * lr;
        }
        else
        {
            target = p - grad / denominator * lr;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Invoke(Vector512<float> input, ref Vector512<float> target, ref Vector512<float> state0, ref Vector512<float> state1, ref Vector512<float> state2)
    {
        Vector512<float> p = target;
        Vector512<float> grad = transform.Apply(input, p);
        Vector512<float> square = state0 * alpha + grad * grad * keep;
        state0 = square;
        Vector512<float> denominator;
        if (centered)
        {
            Vector512<float> average = state1 * alpha + grad * keep;
            state1 = average;
            denominator = Vector512.Sqrt(square - average * average) + Vector512.Create(epsilon);
        }
        else
        {
            denominator = Vector512.Sqrt(square) + Vector512.Create(epsilon);
        }

        if (useMomentum)
        {
            Vector512<float> buffer = state2 * mu + grad / denominator;
            state2 = buffer;
            target = p - buffer * lr;
        }
        else
        {
            target = p - grad / denominator * lr;
        }
    }
}
