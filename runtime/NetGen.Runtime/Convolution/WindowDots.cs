using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NetGen.Runtime;

/// <summary>
/// A direct convolution's weight gradient: dW[f, k] = Σ_j g[f · ldg + j] · planes[offsets[k] + j], the dot product of
/// output gradient row f with the image run under window tap k (<see cref="PaddedPlanes"/>), over each sample's output
/// rows j ∈ [s · planeSize, s · planeSize + length) of a chunk (the rest of a padded plane has no outputs).
/// Both operands are contiguous along j, so the dots vectorize along j and nothing is gathered or transposed. A tile of
/// gradient rows × five taps shares its loads: at Vector512 four rows (twenty accumulators, nine loads per twenty
/// FMAs), then two for a pair of rows left over; at Vector256 two rows (ten accumulators in AVX2's sixteen registers,
/// seven loads per ten FMAs: a 3 × 4 tile ran slower, its leftover taps falling to single dots). Every tile sums each
/// lane in j order, so a dot's bits do not depend on which tile computed it (the taps and the odd row left over are
/// single dots, summed in RowDot's order). At Scalar every dot is
/// <see cref="RowDot.Dot"/>'s scalar loop.
/// </summary>
internal static class WindowDots
{
    private const int Rows = 2, WideRows = 4, Taps = 5;

    /// <param name="samples">Samples in the chunk, <paramref name="planeSize"/> positions apart.</param>
    /// <param name="length">Positions summed per sample, a multiple of the width's lanes (g is zero past each sample's outputs).</param>
    /// <param name="accumulate">Add to dW (a later chunk) or overwrite it (the first).</param>
    public static void WeightGradient(ReadOnlySpan<float> g, int ldg, int rows, ReadOnlySpan<float> planes, ReadOnlySpan<int> offsets, int samples, int planeSize, int length, Span<float> dW, bool accumulate, SimdWidth width)
    {
        int taps = offsets.Length;
        ref float gRef = ref MemoryMarshal.GetReference(g);
        ref float p = ref MemoryMarshal.GetReference(planes);
        int f = 0;
        for (; f + WideRows <= rows && width == SimdWidth.Vector512; f += WideRows)
        {
            ref float g0 = ref Unsafe.Add(ref gRef, f * ldg);
            int k = 0;
            for (; k + Taps <= taps; k += Taps)
            {
                Tile512x4(ref g0, ldg, ref p, offsets.Slice(k, Taps), samples, planeSize, length, dW.Slice(f * taps + k), taps, accumulate);
            }

            SingleDots(ref g0, ldg, WideRows, ref p, offsets, k, samples, planeSize, length, dW.Slice(f * taps), accumulate, width);
        }

        for (; f + Rows <= rows; f += Rows)
        {
            ref float g0 = ref Unsafe.Add(ref gRef, f * ldg);
            int k = 0;
            for (; k + Taps <= taps && width == SimdWidth.Vector512; k += Taps)
            {
                Tile512(ref g0, ref Unsafe.Add(ref g0, ldg), ref p, offsets.Slice(k, Taps), samples, planeSize, length, dW.Slice(f * taps + k), taps, accumulate);
            }

            for (; k + Taps <= taps && width == SimdWidth.Vector256; k += Taps)
            {
                Tile256(ref g0, ref Unsafe.Add(ref g0, ldg), ref p, offsets.Slice(k, Taps), samples, planeSize, length, dW.Slice(f * taps + k), taps, accumulate);
            }

            SingleDots(ref g0, ldg, Rows, ref p, offsets, k, samples, planeSize, length, dW.Slice(f * taps), accumulate, width);
        }

        if (f < rows)
        {
            SingleDots(ref Unsafe.Add(ref gRef, f * ldg), ldg, rows - f, ref p, offsets, 0, samples, planeSize, length, dW.Slice(f * taps), accumulate, width);
        }
    }

    /// <summary>
    /// dW[r, k] for <paramref name="rows"/> gradient rows and the taps from <paramref name="firstTap"/> on, one dot each:
    /// what the tiles leave over (taps past the groups of five, the odd last row, every dot at Scalar).
    /// </summary>
    private static void SingleDots(ref float g0, int ldg, int rows, ref float planes, ReadOnlySpan<int> offsets, int firstTap, int samples, int planeSize, int length, Span<float> dW, bool accumulate, SimdWidth width)
    {
        int taps = offsets.Length;
        for (int r = 0; r < rows; r++)
        {
            for (int k = firstTap; k < taps; k++)
            {
                Store(ref dW[r * taps + k], Dot(ref Unsafe.Add(ref g0, r * ldg), ref Unsafe.Add(ref planes, offsets[k]), samples, planeSize, length, width), accumulate);
            }
        }
    }

    /// <summary>dW[r, k] for two rows and five taps, eight lanes along j; <paramref name="dW"/> starts at (row 0, tap 0), rows <paramref name="ldw"/> apart.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile256(ref float g0, ref float g1, ref float planes, ReadOnlySpan<int> offsets, int samples, int planeSize, int length, Span<float> dW, int ldw, bool accumulate)
    {
        ref float x0 = ref Unsafe.Add(ref planes, offsets[0]);
        ref float x1 = ref Unsafe.Add(ref planes, offsets[1]);
        ref float x2 = ref Unsafe.Add(ref planes, offsets[2]);
        ref float x3 = ref Unsafe.Add(ref planes, offsets[3]);
        ref float x4 = ref Unsafe.Add(ref planes, offsets[4]);
        Vector256<float> s00 = default, s01 = default, s02 = default, s03 = default, s04 = default;
        Vector256<float> s10 = default, s11 = default, s12 = default, s13 = default, s14 = default;
        for (int s = 0; s < samples; s++)
        {
            nuint start = (nuint)(s * planeSize), end = start + (nuint)length;
            for (nuint j = start; j < end; j += (nuint)Vector256<float>.Count)
            {
                Vector256<float> a0 = Vector256.LoadUnsafe(ref g0, j), a1 = Vector256.LoadUnsafe(ref g1, j);
                Vector256<float> v = Vector256.LoadUnsafe(ref x0, j);
                s00 = Vector256.FusedMultiplyAdd(a0, v, s00);
                s10 = Vector256.FusedMultiplyAdd(a1, v, s10);
                v = Vector256.LoadUnsafe(ref x1, j);
                s01 = Vector256.FusedMultiplyAdd(a0, v, s01);
                s11 = Vector256.FusedMultiplyAdd(a1, v, s11);
                v = Vector256.LoadUnsafe(ref x2, j);
                s02 = Vector256.FusedMultiplyAdd(a0, v, s02);
                s12 = Vector256.FusedMultiplyAdd(a1, v, s12);
                v = Vector256.LoadUnsafe(ref x3, j);
                s03 = Vector256.FusedMultiplyAdd(a0, v, s03);
                s13 = Vector256.FusedMultiplyAdd(a1, v, s13);
                v = Vector256.LoadUnsafe(ref x4, j);
                s04 = Vector256.FusedMultiplyAdd(a0, v, s04);
                s14 = Vector256.FusedMultiplyAdd(a1, v, s14);
            }
        }

        Store(ref dW[0], Vector256.Sum(s00), accumulate);
        Store(ref dW[1], Vector256.Sum(s01), accumulate);
        Store(ref dW[2], Vector256.Sum(s02), accumulate);
        Store(ref dW[3], Vector256.Sum(s03), accumulate);
        Store(ref dW[4], Vector256.Sum(s04), accumulate);
        Store(ref dW[ldw], Vector256.Sum(s10), accumulate);
        Store(ref dW[ldw + 1], Vector256.Sum(s11), accumulate);
        Store(ref dW[ldw + 2], Vector256.Sum(s12), accumulate);
        Store(ref dW[ldw + 3], Vector256.Sum(s13), accumulate);
        Store(ref dW[ldw + 4], Vector256.Sum(s14), accumulate);
    }

    /// <summary>The same tile sixteen lanes along j (<paramref name="length"/> a multiple of 16).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile512(ref float g0, ref float g1, ref float planes, ReadOnlySpan<int> offsets, int samples, int planeSize, int length, Span<float> dW, int ldw, bool accumulate)
    {
        ref float x0 = ref Unsafe.Add(ref planes, offsets[0]);
        ref float x1 = ref Unsafe.Add(ref planes, offsets[1]);
        ref float x2 = ref Unsafe.Add(ref planes, offsets[2]);
        ref float x3 = ref Unsafe.Add(ref planes, offsets[3]);
        ref float x4 = ref Unsafe.Add(ref planes, offsets[4]);
        Vector512<float> s00 = default, s01 = default, s02 = default, s03 = default, s04 = default;
        Vector512<float> s10 = default, s11 = default, s12 = default, s13 = default, s14 = default;
        for (int s = 0; s < samples; s++)
        {
            nuint start = (nuint)(s * planeSize), end = start + (nuint)length;
            for (nuint j = start; j < end; j += (nuint)Vector512<float>.Count)
            {
                Vector512<float> a0 = Vector512.LoadUnsafe(ref g0, j), a1 = Vector512.LoadUnsafe(ref g1, j);
                Vector512<float> v = Vector512.LoadUnsafe(ref x0, j);
                s00 = Vector512.FusedMultiplyAdd(a0, v, s00);
                s10 = Vector512.FusedMultiplyAdd(a1, v, s10);
                v = Vector512.LoadUnsafe(ref x1, j);
                s01 = Vector512.FusedMultiplyAdd(a0, v, s01);
                s11 = Vector512.FusedMultiplyAdd(a1, v, s11);
                v = Vector512.LoadUnsafe(ref x2, j);
                s02 = Vector512.FusedMultiplyAdd(a0, v, s02);
                s12 = Vector512.FusedMultiplyAdd(a1, v, s12);
                v = Vector512.LoadUnsafe(ref x3, j);
                s03 = Vector512.FusedMultiplyAdd(a0, v, s03);
                s13 = Vector512.FusedMultiplyAdd(a1, v, s13);
                v = Vector512.LoadUnsafe(ref x4, j);
                s04 = Vector512.FusedMultiplyAdd(a0, v, s04);
                s14 = Vector512.FusedMultiplyAdd(a1, v, s14);
            }
        }

        StoreSums(ref dW[0], s00, s01, s02, s03, s04, accumulate);
        StoreSums(ref dW[ldw], s10, s11, s12, s13, s14, accumulate);
    }

    /// <summary>
    /// dW[r, k] for four rows and five taps, sixteen lanes along j: twenty accumulators, nine loads per twenty FMAs
    /// (the two-row tile's seven per ten left an AVX-512 Xeon at ~60% of the FMA peak, bound by its line-splitting tap loads).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile512x4(ref float g0, int ldg, ref float planes, ReadOnlySpan<int> offsets, int samples, int planeSize, int length, Span<float> dW, int ldw, bool accumulate)
    {
        ref float g1 = ref Unsafe.Add(ref g0, ldg);
        ref float g2 = ref Unsafe.Add(ref g0, 2 * ldg);
        ref float g3 = ref Unsafe.Add(ref g0, 3 * ldg);
        ref float x0 = ref Unsafe.Add(ref planes, offsets[0]);
        ref float x1 = ref Unsafe.Add(ref planes, offsets[1]);
        ref float x2 = ref Unsafe.Add(ref planes, offsets[2]);
        ref float x3 = ref Unsafe.Add(ref planes, offsets[3]);
        ref float x4 = ref Unsafe.Add(ref planes, offsets[4]);
        Vector512<float> s00 = default, s01 = default, s02 = default, s03 = default, s04 = default;
        Vector512<float> s10 = default, s11 = default, s12 = default, s13 = default, s14 = default;
        Vector512<float> s20 = default, s21 = default, s22 = default, s23 = default, s24 = default;
        Vector512<float> s30 = default, s31 = default, s32 = default, s33 = default, s34 = default;
        for (int s = 0; s < samples; s++)
        {
            nuint start = (nuint)(s * planeSize), end = start + (nuint)length;
            for (nuint j = start; j < end; j += (nuint)Vector512<float>.Count)
            {
                Vector512<float> a0 = Vector512.LoadUnsafe(ref g0, j), a1 = Vector512.LoadUnsafe(ref g1, j);
                Vector512<float> a2 = Vector512.LoadUnsafe(ref g2, j), a3 = Vector512.LoadUnsafe(ref g3, j);
                Vector512<float> v = Vector512.LoadUnsafe(ref x0, j);
                s00 = Vector512.FusedMultiplyAdd(a0, v, s00);
                s10 = Vector512.FusedMultiplyAdd(a1, v, s10);
                s20 = Vector512.FusedMultiplyAdd(a2, v, s20);
                s30 = Vector512.FusedMultiplyAdd(a3, v, s30);
                v = Vector512.LoadUnsafe(ref x1, j);
                s01 = Vector512.FusedMultiplyAdd(a0, v, s01);
                s11 = Vector512.FusedMultiplyAdd(a1, v, s11);
                s21 = Vector512.FusedMultiplyAdd(a2, v, s21);
                s31 = Vector512.FusedMultiplyAdd(a3, v, s31);
                v = Vector512.LoadUnsafe(ref x2, j);
                s02 = Vector512.FusedMultiplyAdd(a0, v, s02);
                s12 = Vector512.FusedMultiplyAdd(a1, v, s12);
                s22 = Vector512.FusedMultiplyAdd(a2, v, s22);
                s32 = Vector512.FusedMultiplyAdd(a3, v, s32);
                v = Vector512.LoadUnsafe(ref x3, j);
                s03 = Vector512.FusedMultiplyAdd(a0, v, s03);
                s13 = Vector512.FusedMultiplyAdd(a1, v, s13);
                s23 = Vector512.FusedMultiplyAdd(a2, v, s23);
                s33 = Vector512.FusedMultiplyAdd(a3, v, s33);
                v = Vector512.LoadUnsafe(ref x4, j);
                s04 = Vector512.FusedMultiplyAdd(a0, v, s04);
                s14 = Vector512.FusedMultiplyAdd(a1, v, s14);
                s24 = Vector512.FusedMultiplyAdd(a2, v, s24);
                s34 = Vector512.FusedMultiplyAdd(a3, v, s34);
            }
        }

        StoreSums(ref dW[0], s00, s01, s02, s03, s04, accumulate);
        StoreSums(ref dW[ldw], s10, s11, s12, s13, s14, accumulate);
        StoreSums(ref dW[2 * ldw], s20, s21, s22, s23, s24, accumulate);
        StoreSums(ref dW[3 * ldw], s30, s31, s32, s33, s34, accumulate);
    }

    /// <summary>One row of a tile: the five taps' lane sums into dW[0..5) from <paramref name="target"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreSums(ref float target, Vector512<float> t0, Vector512<float> t1, Vector512<float> t2, Vector512<float> t3, Vector512<float> t4, bool accumulate)
    {
        Store(ref target, Vector512.Sum(t0), accumulate);
        Store(ref Unsafe.Add(ref target, 1), Vector512.Sum(t1), accumulate);
        Store(ref Unsafe.Add(ref target, 2), Vector512.Sum(t2), accumulate);
        Store(ref Unsafe.Add(ref target, 3), Vector512.Sum(t3), accumulate);
        Store(ref Unsafe.Add(ref target, 4), Vector512.Sum(t4), accumulate);
    }

    /// <summary>One dot for the rows and taps the tile leaves over: RowDot's dot product over each sample's run.</summary>
    private static float Dot(ref float g, ref float x, int samples, int planeSize, int length, SimdWidth width)
    {
        float total = 0f;
        for (int s = 0; s < samples; s++)
        {
            total += RowDot.Dot(
                MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref g, s * planeSize), length),
                MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref x, s * planeSize), length),
                width);
        }

        return total;
    }

    private static void Store(ref float target, float value, bool accumulate) => target = accumulate ? target + value : value;
}
