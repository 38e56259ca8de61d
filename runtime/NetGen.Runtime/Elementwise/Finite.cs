using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NetGen.Runtime;

/// <summary>
/// The "all finite" scan the training entry points run on their inputs and targets. A value v is finite exactly when
/// v − v is 0 (NaN and ±∞ give NaN), so the vector loop accumulates v − v into four independent sums and compares once
/// at the end: one subtract and one add per vector, no branch per element, memory-bound. Only when the sum is not 0
/// (a failing call) is the first offending index looked for, by the scalar reference. A reduction with four
/// accumulators and an overlapping last vector instead of a scalar tail, so it keeps its own loops rather than a
/// <see cref="SimdLoop"/> map; it runs at <see cref="Simd.Width"/> like the maps do.
/// </summary>
public static class Finite
{
    /// <summary>The index of the first NaN or ±∞ in <paramref name="values"/>, or −1 when every value is finite.</summary>
    public static int IndexOfNonFinite(ReadOnlySpan<float> values) => IndexOfNonFinite(values, Simd.Width);

    internal static int IndexOfNonFinite(ReadOnlySpan<float> values, SimdWidth width) =>
        AllFinite(values, width) ? -1 : FiniteReference.IndexOfNonFinite(values);

    /// <summary>True when every value is finite.</summary>
    internal static bool AllFinite(ReadOnlySpan<float> values, SimdWidth width)
    {
        ref float v = ref MemoryMarshal.GetReference(values);
        int n = values.Length, i = 0;
        if (width == SimdWidth.Vector512 && n >= Vector512<float>.Count)
        {
            Vector512<float> a0 = Vector512<float>.Zero, a1 = a0, a2 = a0, a3 = a0;
            for (; i <= n - 4 * Vector512<float>.Count; i += 4 * Vector512<float>.Count)
            {
                a0 += Difference(Vector512.LoadUnsafe(ref v, (nuint)i));
                a1 += Difference(Vector512.LoadUnsafe(ref v, (nuint)(i + Vector512<float>.Count)));
                a2 += Difference(Vector512.LoadUnsafe(ref v, (nuint)(i + 2 * Vector512<float>.Count)));
                a3 += Difference(Vector512.LoadUnsafe(ref v, (nuint)(i + 3 * Vector512<float>.Count)));
            }

            for (; i <= n - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                a0 += Difference(Vector512.LoadUnsafe(ref v, (nuint)i));
            }

            if (i < n)
            {
                a1 += Difference(Vector512.LoadUnsafe(ref v, (nuint)(n - Vector512<float>.Count))); // overlapping last vector
            }

            return Vector512.EqualsAll((a0 + a1) + (a2 + a3), Vector512<float>.Zero);
        }

        if (width != SimdWidth.Scalar && n >= Vector256<float>.Count)
        {
            Vector256<float> a0 = Vector256<float>.Zero, a1 = a0, a2 = a0, a3 = a0;
            for (; i <= n - 4 * Vector256<float>.Count; i += 4 * Vector256<float>.Count)
            {
                a0 += Difference(Vector256.LoadUnsafe(ref v, (nuint)i));
                a1 += Difference(Vector256.LoadUnsafe(ref v, (nuint)(i + Vector256<float>.Count)));
                a2 += Difference(Vector256.LoadUnsafe(ref v, (nuint)(i + 2 * Vector256<float>.Count)));
                a3 += Difference(Vector256.LoadUnsafe(ref v, (nuint)(i + 3 * Vector256<float>.Count)));
            }

            for (; i <= n - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                a0 += Difference(Vector256.LoadUnsafe(ref v, (nuint)i));
            }

            if (i < n)
            {
                a1 += Difference(Vector256.LoadUnsafe(ref v, (nuint)(n - Vector256<float>.Count))); // overlapping last vector
            }

            return Vector256.EqualsAll((a0 + a1) + (a2 + a3), Vector256<float>.Zero);
        }

        float sum = 0f;
        for (; i < n; i++)
        {
            float x = Unsafe.Add(ref v, i);
            sum += x - x;
        }

        return sum == 0f;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Difference(Vector512<float> x) => x - x;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Difference(Vector256<float> x) => x - x;
}

/// <summary>The plain loop <see cref="Finite"/> is tested against (and finds the index with on a failing call).</summary>
public static class FiniteReference
{
    /// <summary>The index of the first NaN or ±∞, or −1.</summary>
    public static int IndexOfNonFinite(ReadOnlySpan<float> values)
    {
        for (int i = 0; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i]))
            {
                return i;
            }
        }

        return -1;
    }
}
