using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NetGen.Runtime;

/// <summary>Small vectorized span loops the convolution and pooling passes share (plain adds: lanes and tails round alike).</summary>
internal static class SpanMath
{
    /// <summary>target += source, element-wise.</summary>
    public static void AddTo(ReadOnlySpan<float> source, Span<float> target)
    {
        ref float s = ref MemoryMarshal.GetReference(source);
        ref float t = ref MemoryMarshal.GetReference(target);
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= source.Length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                (Vector256.LoadUnsafe(ref t, (nuint)i) + Vector256.LoadUnsafe(ref s, (nuint)i)).StoreUnsafe(ref t, (nuint)i);
            }
        }

        for (; i < source.Length; i++)
        {
            target[i] += source[i];
        }
    }

    /// <summary>target = source + value, element-wise.</summary>
    public static void AddScalar(ReadOnlySpan<float> source, float value, Span<float> target)
    {
        ref float s = ref MemoryMarshal.GetReference(source);
        ref float t = ref MemoryMarshal.GetReference(target);
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            Vector256<float> v = Vector256.Create(value);
            for (; i <= source.Length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                (Vector256.LoadUnsafe(ref s, (nuint)i) + v).StoreUnsafe(ref t, (nuint)i);
            }
        }

        for (; i < source.Length; i++)
        {
            target[i] = source[i] + value;
        }
    }

    /// <summary>Σ values, in float lanes over blocks of 256 and in double across blocks.</summary>
    public static double Sum(ReadOnlySpan<float> values)
    {
        double sum = 0;
        for (int start = 0; start < values.Length; start += 256)
        {
            ReadOnlySpan<float> block = values.Slice(start, Math.Min(256, values.Length - start));
            int i = 0;
            if (Vector256.IsHardwareAccelerated)
            {
                Vector256<float> lanes = Vector256<float>.Zero;
                for (; i <= block.Length - Vector256<float>.Count; i += Vector256<float>.Count)
                {
                    lanes += Vector256.LoadUnsafe(ref MemoryMarshal.GetReference(block), (nuint)i);
                }

                (Vector256<double> low, Vector256<double> high) = Vector256.Widen(lanes);
                sum += Vector256.Sum(low + high);
            }

            for (; i < block.Length; i++)
            {
                sum += block[i];
            }
        }

        return sum;
    }
}
