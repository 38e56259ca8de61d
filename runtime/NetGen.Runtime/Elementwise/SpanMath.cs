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

    /// <summary>Values per float-lane partial sum before it moves into double (32 per lane at 8 lanes).</summary>
    public const int Block = 256;

    /// <summary>Σ values, in float lanes over blocks of <see cref="Block"/> and in double across blocks.</summary>
    public static double Sum(ReadOnlySpan<float> values)
    {
        double sum = 0;
        for (int start = 0; start < values.Length; start += Block)
        {
            ReadOnlySpan<float> block = values.Slice(start, Math.Min(Block, values.Length - start));
            int i = 0;
            if (Vector256.IsHardwareAccelerated)
            {
                Vector256<float> lanes = Vector256<float>.Zero;
                for (; i <= block.Length - Vector256<float>.Count; i += Vector256<float>.Count)
                {
                    lanes += Vector256.LoadUnsafe(ref MemoryMarshal.GetReference(block), (nuint)i);
                }

                sum += SumWidened(lanes);
            }

            for (; i < block.Length; i++)
            {
                sum += block[i];
            }
        }

        return sum;
    }

    /// <summary>The lanes' sum, each lane widened to double first.</summary>
    public static double SumWidened(Vector256<float> v)
    {
        (Vector256<double> low, Vector256<double> high) = Vector256.Widen(v);
        return Vector256.Sum(low + high);
    }
}
