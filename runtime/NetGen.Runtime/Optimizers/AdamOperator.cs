using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NetGen.Runtime;

/// <summary>
/// Adam's rule for one element (or lane group) as an in-place update: input g, target θ, state0 m, state1 v, state2 v̂
/// (AMSGrad only). The scalar and vector forms use the same operations in the same order, so every width rounds alike.
/// </summary>
internal readonly struct AdamOperator(in GradientTransform transform, in AdamStep step) : IUpdateOperator
{
    private readonly GradientTransform transform = transform;
    private readonly float beta1 = step.Beta1, keep1 = 1f - step.Beta1, beta2 = step.Beta2, keep2 = 1f - step.Beta2;
    private readonly float stepSize = step.StepSize, correction = step.BiasCorrection2Sqrt, epsilon = step.Epsilon, decay = step.DecayFactor;
    private readonly bool amsGrad = step.AmsGrad;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Invoke(float input, ref float target, ref float state0, ref float state1, ref float state2)
    {
        float p = target;
        float grad = transform.Apply(input, p);
        if (decay != 1f)
        {
            p *= decay;
        }

        float mean = state0 * beta1 + grad * keep1;
        float square = state1 * beta2 + grad * grad * keep2;
        state0 = mean;
        state1 = square;
        if (amsGrad)
        {
            square = MathF.Max(state2, square);
            state2 = square;
        }

        float denominator = MathF.Sqrt(square) / correction + epsilon;
        target = p - mean / denominator * stepSize;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Invoke(Vector256<float> input, ref Vector256<float> target, ref Vector256<float> state0, ref Vector256<float> state1, ref Vector256<float> state2)
    {
        Vector256<float> p = target;
        Vector256<float> grad = transform.Apply(input, p);
        if (decay != 1f)
        {
            p *= decay;
        }

        Vector256<float> mean = state0 * beta1 + grad * keep1;
        Vector256<float> square = state1 * beta2 + grad * grad * keep2;
        state0 = mean;
        state1 = square;
        if (amsGrad)
        {
            square = Vector256.Max(state2, square);
            state2 = square;
        }

        Vector256<float> denominator = Vector256.Sqrt(square) / correction + Vector256.Create(epsilon);
        target = p - mean / denominator * stepSize;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Invoke(Vector512<float> input, ref Vector512<float> target, ref Vector512<float> state0, ref Vector512<float> state1, ref Vector512<float> state2)
    {
        Vector512<float> p = target;
        Vector512<float> grad = transform.Apply(input, p);
        if (decay != 1f)
        {
            p *= decay;
        }

        Vector512<float> mean = state0 * beta1 + grad * keep1;
        Vector512<float> square = state1 * beta2 + grad * grad * keep2;
        state0 = mean;
        state1 = square;
        if (amsGrad)
        {
            square = Vector512.Max(state2, square);
            state2 = square;
        }

        Vector512<float> denominator = Vector512.Sqrt(square) / correction + Vector512.Create(epsilon);
        target = p - mean / denominator * stepSize;
    }
}
