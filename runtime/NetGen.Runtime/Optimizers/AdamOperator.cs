using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NetGen.Runtime;

/// <summary>
/// Adam's rule as an in-place update over g, θ, m, v and (AMSGrad only) v̂. The scalar and vector steps use the same
/// operations in the same order, so every width rounds alike.
/// </summary>
internal readonly ref struct AdamOperator : IUpdateOperator
{
    private readonly ref float g;
    private readonly ref float theta;
    private readonly ref float m;
    private readonly ref float v;
    private readonly ref float vMax;
    private readonly GradientTransform transform;
    private readonly float beta1, keep1, beta2, keep2, stepSize, correction, epsilon, decay;
    private readonly bool amsGrad;

    // √v / √(1 − β2^t) divides by exactly 1 once β2^t is below half an ulp of 1 (t ≳ 16,600 at β2 = 0.999): x / 1 is x,
    // so the division, a third of the step's divider work, is skipped from then on without changing a bit.
    private readonly bool corrects;

    /// <summary>The caller has checked that every span it passes holds one value per parameter (v̂ only with AMSGrad).</summary>
    public AdamOperator(ReadOnlySpan<float> gradients, Span<float> parameters, Span<float> firstMoment, Span<float> secondMoment, Span<float> maxSecondMoment, in GradientTransform transform, in AdamStep step)
    {
        g = ref MemoryMarshal.GetReference(gradients);
        theta = ref MemoryMarshal.GetReference(parameters);
        m = ref MemoryMarshal.GetReference(firstMoment);
        v = ref MemoryMarshal.GetReference(secondMoment);
        vMax = ref MemoryMarshal.GetReference(maxSecondMoment);
        this.transform = transform;
        beta1 = step.Beta1;
        keep1 = 1f - step.Beta1;
        beta2 = step.Beta2;
        keep2 = 1f - step.Beta2;
        stepSize = step.StepSize;
        correction = step.BiasCorrection2Sqrt;
        epsilon = step.Epsilon;
        decay = step.DecayFactor;
        amsGrad = step.AmsGrad;
        corrects = correction != 1f;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Element(nuint i)
    {
        ref float target = ref Unsafe.Add(ref theta, i);
        float p = target;
        float grad = transform.Apply(Unsafe.Add(ref g, i), p);
        if (decay != 1f)
        {
            p *= decay;
        }

        float mean = Unsafe.Add(ref m, i) * beta1 + grad * keep1;
        float square = Unsafe.Add(ref v, i) * beta2 + grad * grad * keep2;
        Unsafe.Add(ref m, i) = mean;
        Unsafe.Add(ref v, i) = square;
        if (amsGrad)
        {
            square = MathF.Max(Unsafe.Add(ref vMax, i), square);
            Unsafe.Add(ref vMax, i) = square;
        }

        float root = MathF.Sqrt(square);
        float denominator = (corrects ? root / correction : root) + epsilon;
        target = p - mean / denominator * stepSize;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Lanes256(nuint i)
    {
        Vector256<float> p = Vector256.LoadUnsafe(ref theta, i);
        Vector256<float> grad = transform.Apply(Vector256.LoadUnsafe(ref g, i), p);
        if (decay != 1f)
        {
            p *= decay;
        }

        Vector256<float> mean = Vector256.LoadUnsafe(ref m, i) * beta1 + grad * keep1;
        Vector256<float> square = Vector256.LoadUnsafe(ref v, i) * beta2 + grad * grad * keep2;
        mean.StoreUnsafe(ref m, i);
        square.StoreUnsafe(ref v, i);
        if (amsGrad)
        {
            square = Vector256.Max(Vector256.LoadUnsafe(ref vMax, i), square);
            square.StoreUnsafe(ref vMax, i);
        }

        Vector256<float> root = Vector256.Sqrt(square);
        Vector256<float> denominator = (corrects ? root / correction : root) + Vector256.Create(epsilon);
        (p - mean / denominator * stepSize).StoreUnsafe(ref theta, i);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Lanes512(nuint i)
    {
        Vector512<float> p = Vector512.LoadUnsafe(ref theta, i);
        Vector512<float> grad = transform.Apply(Vector512.LoadUnsafe(ref g, i), p);
        if (decay != 1f)
        {
            p *= decay;
        }

        Vector512<float> mean = Vector512.LoadUnsafe(ref m, i) * beta1 + grad * keep1;
        Vector512<float> square = Vector512.LoadUnsafe(ref v, i) * beta2 + grad * grad * keep2;
        mean.StoreUnsafe(ref m, i);
        square.StoreUnsafe(ref v, i);
        if (amsGrad)
        {
            square = Vector512.Max(Vector512.LoadUnsafe(ref vMax, i), square);
            square.StoreUnsafe(ref vMax, i);
        }

        Vector512<float> root = Vector512.Sqrt(square);
        Vector512<float> denominator = (corrects ? root / correction : root) + Vector512.Create(epsilon);
        (p - mean / denominator * stepSize).StoreUnsafe(ref theta, i);
    }
}
