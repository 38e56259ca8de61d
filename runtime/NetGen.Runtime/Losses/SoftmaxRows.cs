using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NetGen.Runtime;

/// <summary>
/// The per-row passes of softmax and its cross-entropy around the chunk's exponentials: the row maximum, the shift by
/// it, the fixed-order sum and the scaling of the probabilities into the gradient. Each runs over the row in Vector256
/// steps with a scalar tail at every vector width (rows are a few to a few thousand classes: a 10-class row is one
/// vector and two scalars), and one value at a time at <see cref="SimdWidth.Scalar"/>. Every result is the same bits
/// at every width: the maximum and the elementwise maps are exact or one rounding per element, and the sum has one
/// order whatever the width. At 32 rows of 10 classes these passes, one float at a time, cost about as much as both of
/// MLP 64-32-10's forward products.
/// </summary>
internal static class SoftmaxRows
{
    private const int Lanes = 8; // Vector256<float>.Count

    /// <summary>max x (exact in any order; NaN if any value is NaN).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Max(ReadOnlySpan<float> x, SimdWidth width)
    {
        ref float v = ref MemoryMarshal.GetReference(x);
        int n = x.Length, c = 0;
        float max = float.NegativeInfinity;
        if (width != SimdWidth.Scalar && n >= Lanes)
        {
            Vector256<float> lanes = Vector256.LoadUnsafe(ref v);
            for (c = Lanes; c <= n - Lanes; c += Lanes)
            {
                lanes = Vector256.Max(lanes, Vector256.LoadUnsafe(ref v, (nuint)c));
            }

            Vector128<float> half = Vector128.Max(lanes.GetLower(), lanes.GetUpper());
            half = Vector128.Max(half, Vector128.Shuffle(half, Vector128.Create(2, 3, 0, 1)));
            half = Vector128.Max(half, Vector128.Shuffle(half, Vector128.Create(1, 0, 3, 2)));
            max = half.ToScalar();
        }

        for (; c < n; c++)
        {
            max = MathF.Max(max, Unsafe.Add(ref v, c));
        }

        return max;
    }

    /// <summary>e[c] = x[c] − <paramref name="shift"/> for c below x.Length (e at least as long).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Subtract(ReadOnlySpan<float> x, float shift, Span<float> e, SimdWidth width)
    {
        if (e.Length < x.Length)
        {
            SpanErrors.TooShort(nameof(e), e.Length, x.Length);
        }

        ref float source = ref MemoryMarshal.GetReference(x);
        ref float target = ref MemoryMarshal.GetReference(e);
        int n = x.Length, c = 0;
        if (width != SimdWidth.Scalar)
        {
            Vector256<float> by = Vector256.Create(shift);
            for (; c <= n - Lanes; c += Lanes)
            {
                (Vector256.LoadUnsafe(ref source, (nuint)c) - by).StoreUnsafe(ref target, (nuint)c);
            }
        }

        for (; c < n; c++)
        {
            Unsafe.Add(ref target, c) = Unsafe.Add(ref source, c) - shift;
        }
    }

    /// <summary>
    /// Σ x in one order at every width: eight running sums, value c added to sum c mod 8 in increasing c, then
    /// ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7)). At a vector width the sums are the lanes of one Vector256
    /// (a row's whole eights added a vector at a time), and the tail goes into its sums one by one. Eight chains also
    /// keep a 1000-class row from waiting on one addition's latency.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sum(ReadOnlySpan<float> x, SimdWidth width)
    {
        ref float v = ref MemoryMarshal.GetReference(x);
        int n = x.Length, c = 0;
        Vector256<float> lanes = Vector256<float>.Zero;
        if (width != SimdWidth.Scalar)
        {
            for (; c <= n - Lanes; c += Lanes)
            {
                lanes += Vector256.LoadUnsafe(ref v, (nuint)c);
            }
        }

        ref float sums = ref Unsafe.As<Vector256<float>, float>(ref lanes);
        for (; c < n; c++)
        {
            Unsafe.Add(ref sums, c % Lanes) += Unsafe.Add(ref v, c);
        }

        return ((sums + Unsafe.Add(ref sums, 1)) + (Unsafe.Add(ref sums, 2) + Unsafe.Add(ref sums, 3)))
            + ((Unsafe.Add(ref sums, 4) + Unsafe.Add(ref sums, 5)) + (Unsafe.Add(ref sums, 6) + Unsafe.Add(ref sums, 7)));
    }

    /// <summary>v[c] = (v[c] · <paramref name="scale"/> − <paramref name="offset"/>) · <paramref name="factor"/> in place: probabilities into the gradient.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ScaleOffset(Span<float> v, float scale, float offset, float factor, SimdWidth width)
    {
        ref float values = ref MemoryMarshal.GetReference(v);
        int n = v.Length, c = 0;
        if (width != SimdWidth.Scalar)
        {
            Vector256<float> scales = Vector256.Create(scale), offsets = Vector256.Create(offset), factors = Vector256.Create(factor);
            for (; c <= n - Lanes; c += Lanes)
            {
                ((Vector256.LoadUnsafe(ref values, (nuint)c) * scales - offsets) * factors).StoreUnsafe(ref values, (nuint)c);
            }
        }

        for (; c < n; c++)
        {
            ref float value = ref Unsafe.Add(ref values, c);
            value = (value * scale - offset) * factor;
        }
    }
}
