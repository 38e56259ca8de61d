using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NetGen.Runtime;

/// <summary>RMSProp's rule as an in-place update over g, θ, v, ḡ (centered only) and the momentum buffer b (momentum only).</summary>
internal readonly ref struct RmsPropOperator : IUpdateOperator
{
    private readonly ref float g;
    private readonly ref float theta;
    private readonly ref float v;
    private readonly ref float mean;
    private readonly ref float b;
    private readonly GradientTransform transform;
    private readonly float lr, alpha, keep, epsilon, mu;
    private readonly bool centered, useMomentum;

    /// <summary>The caller has checked that every span it passes holds one value per parameter (ḡ and b only when used).</summary>
    public RmsPropOperator(ReadOnlySpan<float> gradients, Span<float> parameters, Span<float> squareAverage, Span<float> gradientAverage, Span<float> momentumBuffer, in GradientTransform transform, in RmsPropSettings settings)
    {
        g = ref MemoryMarshal.GetReference(gradients);
        theta = ref MemoryMarshal.GetReference(parameters);
        v = ref MemoryMarshal.GetReference(squareAverage);
        mean = ref MemoryMarshal.GetReference(gradientAverage);
        b = ref MemoryMarshal.GetReference(momentumBuffer);
        this.transform = transform;
        lr = settings.LearningRate;
        alpha = settings.Alpha;
        keep = 1f - settings.Alpha;
        epsilon = settings.Epsilon;
        mu = settings.Momentum;
        centered = settings.Centered;
        useMomentum = settings.Momentum > 0f;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Element(nuint i)
    {
        ref float target = ref Unsafe.Add(ref theta, i);
        float p = target;
        float grad = transform.Apply(Unsafe.Add(ref g, i), p);
        float square = Unsafe.Add(ref v, i) * alpha + grad * grad * keep;
        Unsafe.Add(ref v, i) = square;
        float denominator;
        if (centered)
        {
            float average = Unsafe.Add(ref mean, i) * alpha + grad * keep;
            Unsafe.Add(ref mean, i) = average;
            denominator = MathF.Sqrt(square - average * average) + epsilon;
        }
        else
        {
            denominator = MathF.Sqrt(square) + epsilon;
        }

        if (useMomentum)
        {
            float buffer = Unsafe.Add(ref b, i) * mu + grad / denominator;
            Unsafe.Add(ref b, i) = buffer;
            target = p - buffer * lr;
        }
        else
        {
            target = p - grad / denominator * lr;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Lanes256(nuint i)
    {
        Vector256<float> p = Vector256.LoadUnsafe(ref theta, i);
        Vector256<float> grad = transform.Apply(Vector256.LoadUnsafe(ref g, i), p);
        Vector256<float> square = Vector256.LoadUnsafe(ref v, i) * alpha + grad * grad * keep;
        square.StoreUnsafe(ref v, i);
        Vector256<float> denominator;
        if (centered)
        {
            Vector256<float> average = Vector256.LoadUnsafe(ref mean, i) * alpha + grad * keep;
            average.StoreUnsafe(ref mean, i);
            denominator = Vector256.Sqrt(square - average * average) + Vector256.Create(epsilon);
        }
        else
        {
            denominator = Vector256.Sqrt(square) + Vector256.Create(epsilon);
        }

        if (useMomentum)
        {
            Vector256<float> buffer = Vector256.LoadUnsafe(ref b, i) * mu + grad / denominator;
            buffer.StoreUnsafe(ref b, i);
            (p - buffer * lr).StoreUnsafe(ref theta, i);
        }
        else
        {
            (p - grad / denominator * lr).StoreUnsafe(ref theta, i);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Lanes512(nuint i)
    {
        Vector512<float> p = Vector512.LoadUnsafe(ref theta, i);
        Vector512<float> grad = transform.Apply(Vector512.LoadUnsafe(ref g, i), p);
        Vector512<float> square = Vector512.LoadUnsafe(ref v, i) * alpha + grad * grad * keep;
        square.StoreUnsafe(ref v, i);
        Vector512<float> denominator;
        if (centered)
        {
            Vector512<float> average = Vector512.LoadUnsafe(ref mean, i) * alpha + grad * keep;
            average.StoreUnsafe(ref mean, i);
            denominator = Vector512.Sqrt(square - average * average) + Vector512.Create(epsilon);
        }
        else
        {
            denominator = Vector512.Sqrt(square) + Vector512.Create(epsilon);
        }

        if (useMomentum)
        {
            Vector512<float> buffer = Vector512.LoadUnsafe(ref b, i) * mu + grad / denominator;
            buffer.StoreUnsafe(ref b, i);
            (p - buffer * lr).StoreUnsafe(ref theta, i);
        }
        else
        {
            (p - grad / denominator * lr).StoreUnsafe(ref theta, i);
        }
    }
}
