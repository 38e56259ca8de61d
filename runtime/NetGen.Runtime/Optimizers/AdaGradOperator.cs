using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NetGen.Runtime;

/// <summary>AdaGrad's rule for one element (or lane group) as an in-place update: input g, target θ, state0 the sum of squares S.</summary>
internal readonly struct AdaGradOperator(in GradientTransform transform, float decayedRate, float epsilon) : IUpdateOperator
{
    private readonly GradientTransform transform = transform;
    private readonly float decayedRate = decayedRate, epsilon = epsilon;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Invoke(float input, ref float target, ref float state0, ref float state1, ref float state2)
    {
        float p = target;
        float grad = transform.Apply(input, p);
        float sum = state0 + grad * grad;
        state0 = sum;
        target = p - grad / (MathF.Sqrt(sum) + epsilon) * decayedRate;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Invoke(Vector256<float> input, ref Vector256<float> target, ref Vector256<float> state0, ref Vector256<float> state1, ref Vector256<float> state2)
    {
        Vector256<float> p = target;
        Vector256<float> grad = transform.Apply(input, p);
        Vector256<float> sum = state0 + grad * grad;
        state0 = sum;
        target = p - grad / (Vector256.Sqrt(sum) + Vector256.Create(epsilon)) * decayedRate;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Invoke(Vector512<float> input, ref Vector512<float> target, ref Vector512<float> state0, ref Vector512<float> state1, ref Vector512<float> state2)
    {
        Vector512<float> p = target;
        Vector512<float> grad = transform.Apply(input, p);
        Vector512<float> sum = state0 + grad * grad;
        state0 = sum;
        target = p - grad / (Vector512.Sqrt(sum) + Vector512.Create(epsilon)) * decayedRate;
    }
}
