using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NetGen.Runtime;

/// <summary>Small vectorized span loops the convolution and pooling passes share (plain adds: lanes and tails round alike).</summary>
internal static class SpanMath
{
    /// <summary>Values per float-lane partial sum before it moves into double (32 per lane at 8 lanes, 16 at 16).</summary>
    public const int Block = 256;

    /// <summary>target += source, element-wise.</summary>
    public static void AddTo(ReadOnlySpan<float> source, Span<float> target) => AddTo(source, target, Simd.Width);

    /// <summary>target = source + value, element-wise.</summary>
    public static void AddScalar(ReadOnlySpan<float> source, float value, Span<float> target) => AddScalar(source, value, target, Simd.Width);

    /// <summary>Σ values, in float lanes over blocks of <see cref="Block"/> and in double across blocks.</summary>
    public static double Sum(ReadOnlySpan<float> values) => Sum(values, Simd.Width);

    /// <summary>As the overload without a width; returns the loops' coverage.</summary>
    public static SimdCoverage AddTo(ReadOnlySpan<float> source, Span<float> target, SimdWidth width) =>
        SimdLoop.Zip(target.Slice(0, source.Length), source, target, default(AddOperator), width);

    /// <summary>As the overload without a width; returns the loops' coverage.</summary>
    public static SimdCoverage AddScalar(ReadOnlySpan<float> source, float value, Span<float> target, SimdWidth width) =>
        SimdLoop.Map(source, target, new AddScalarOperator(value), width);

    /// <summary>
    /// As the overload without a width. A reduction, so not one of <see cref="SimdLoop"/>'s maps: each block's float
    /// lanes are as wide as the width, so the summation order (and the last bits of the result) follow the width.
    /// </summary>
    public static double Sum(ReadOnlySpan<float> values, SimdWidth width)
    {
        double sum = 0;
        ref float v = ref MemoryMarshal.GetReference(values);
        for (int start = 0; start < values.Length; start += Block)
        {
            int end = Math.Min(start + Block, values.Length);
            int i = start;
            if (width == SimdWidth.Vector512)
            {
                Vector512<float> lanes = Vector512<float>.Zero;
                for (; i <= end - Vector512<float>.Count; i += Vector512<float>.Count)
                {
                    lanes += Vector512.LoadUnsafe(ref v, (nuint)i);
                }

                sum += SumWidened(lanes);
            }

            if (width != SimdWidth.Scalar)
            {
                Vector256<float> lanes = Vector256<float>.Zero;
                for (; i <= end - Vector256<float>.Count; i += Vector256<float>.Count)
                {
                    lanes += Vector256.LoadUnsafe(ref v, (nuint)i);
                }

                sum += SumWidened(lanes);
            }

            for (; i < end; i++)
            {
                sum += values[i];
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

    /// <summary>The lanes' sum, each lane widened to double first.</summary>
    public static double SumWidened(Vector512<float> v)
    {
        (Vector512<double> low, Vector512<double> high) = Vector512.Widen(v);
        return Vector512.Sum(low + high);
    }
}
