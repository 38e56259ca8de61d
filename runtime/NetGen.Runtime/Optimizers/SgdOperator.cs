using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NetGen.Runtime;

/// <summary>
/// SGD's rule as an in-place update over g, θ and (with momentum only) the velocity b. Same operations in the same order
/// at every step size (no FMA), so slices and whole spans agree bit for bit.
/// </summary>
internal readonly ref struct SgdOperator : IUpdateOperator
{
    private readonly ref float g;
    private readonly ref float theta;
    private readonly ref float b;
    private readonly GradientTransform transform;
    private readonly float lr, mu, keep;
    private readonly bool useMomentum, nesterov, firstStep;

    /// <summary>The caller has checked that every span it passes holds one value per parameter (velocity only with momentum).</summary>
    public SgdOperator(ReadOnlySpan<float> gradients, Span<float> parameters, Span<float> velocity, in GradientTransform transform, in SgdSettings settings, bool firstStep)
    {
        g = ref MemoryMarshal.GetReference(gradients);
        theta = ref MemoryMarshal.GetReference(parameters);
        b = ref MemoryMarshal.GetReference(velocity);
        this.transform = transform;
        lr = settings.LearningRate;
        mu = settings.Momentum;
        keep = 1f - settings.Dampening;
        useMomentum = settings.Momentum != 0f;
        nesterov = settings.Nesterov;
        this.firstStep = firstStep;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Element(nuint i)
    {
        ref float p = ref Unsafe.Add(ref theta, i);
        float step = transform.Apply(Unsafe.Add(ref g, i), p);
        if (useMomentum)
        {
            ref float velocity = ref Unsafe.Add(ref b, i);
            float v = firstStep ? step : velocity * mu + step * keep;
            velocity = v;
            step = nesterov ? step + v * mu : v;
        }

        p -= step * lr;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Lanes256(nuint i)
    {
        Vector256<float> p = Vector256.LoadUnsafe(ref theta, i);
        Vector256<float> step = transform.Apply(Vector256.LoadUnsafe(ref g, i), p);
        if (useMomentum)
        {
            Vector256<float> v = firstStep ? step : Vector256.LoadUnsafe(ref b, i) * mu + step * keep;
            v.StoreUnsafe(ref b, i);
            step = nesterov ? step + v * mu : v;
        }

        (p - step * lr).StoreUnsafe(ref theta, i);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Lanes512(nuint i)
    {
        Vector512<float> p = Vector512.LoadUnsafe(ref theta, i);
        Vector512<float> step = transform.Apply(Vector512.LoadUnsafe(ref g, i), p);
        if (useMomentum)
        {
            Vector512<float> v = firstStep ? step : Vector512.LoadUnsafe(ref b, i) * mu + step * keep;
            v.StoreUnsafe(ref b, i);
            step = nesterov ? step + v * mu : v;
        }

        (p - step * lr).StoreUnsafe(ref theta, i);
    }
}
