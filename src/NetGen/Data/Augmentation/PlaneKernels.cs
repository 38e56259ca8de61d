using System.Numerics;

namespace NetGen.Data.Augmentation;

/// <summary>
/// The element-wise kernels of the augmentations, vectorized with <see cref="Vector{T}"/>: each lane computes the
/// scalar tail's expression with the same float operations in the same order (a multiply rounded, then an add; no
/// fused multiply-add), so the result is the scalar loop's bit for bit on every vector width and with acceleration off.
/// </summary>
internal static class PlaneKernels
{
    /// <summary>x = x·scale + shift: brightness and contrast as torchvision's blend, r·x + (1 − r)·target.</summary>
    public static void ScaleShift(Span<float> x, float scale, float shift)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var s = new Vector<float>(scale);
            var t = new Vector<float>(shift);
            for (; i <= x.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                (new Vector<float>(x.Slice(i)) * s + t).CopyTo(x.Slice(i));
            }
        }

        for (; i < x.Length; i++)
        {
            x[i] = x[i] * scale + shift;
        }
    }

    /// <summary>x = x + sigma·z, element by element: Gaussian noise from standard normals z.</summary>
    public static void AddScaled(Span<float> x, ReadOnlySpan<float> z, float sigma)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var s = new Vector<float>(sigma);
            for (; i <= x.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                (new Vector<float>(x.Slice(i)) + s * new Vector<float>(z.Slice(i))).CopyTo(x.Slice(i));
            }
        }

        for (; i < x.Length; i++)
        {
            x[i] = x[i] + sigma * z[i];
        }
    }
}
