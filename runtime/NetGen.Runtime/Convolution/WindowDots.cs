using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NetGen.Runtime;

/// <summary>
/// A direct convolution's weight gradient: dW[f, k] = Σ_j g[f · ldg + j] · planes[offsets[k] + j], the dot product of
/// output gradient row f with the image run under window tap k (<see cref="PaddedPlanes"/>), over each sample's output
/// rows j ∈ [s · planeSize, s · planeSize + length) of a chunk (the rest of a padded plane has no outputs).
/// Both operands are contiguous along j, so the dots vectorize along j and nothing is gathered or transposed. Two
/// gradient rows × five taps share their loads: ten independent accumulators, enough to cover the FMA latency, and
/// seven loads per ten FMAs. The tiles run at the width given (Vector512 or Vector256 lanes along j); at Scalar every
/// dot is <see cref="RowDot.Dot"/>'s scalar loop.
/// </summary>
internal static class WindowDots
{
    private const int Rows = 2, Taps = 5;

    /// <param name="samples">Samples in the chunk, <paramref name="planeSize"/> positions apart.</param>
    /// <param name="length">Positions summed per sample, a multiple of the width's lanes (g is zero past each sample's outputs).</param>
    /// <param name="accumulate">Add to dW (a later chunk) or overwrite it (the first).</param>
    public static void WeightGradient(ReadOnlySpan<float> g, int ldg, int rows, ReadOnlySpan<float> planes, ReadOnlySpan<int> offsets, int samples, int planeSize, int length, Span<float> dW, bool accumulate, SimdWidth width)
    {
        int taps = offsets.Length;
        ref float gRef = ref MemoryMarshal.GetReference(g);
        ref float p = ref MemoryMarshal.GetReference(planes);
        int f = 0;
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

            for (; k < taps; k++)
            {
                Store(ref dW[f * taps + k], Dot(ref g0, ref Unsafe.Add(ref p, offsets[k]), samples, planeSize, length, width), accumulate);
                Store(ref dW[(f + 1) * taps + k], Dot(ref Unsafe.Add(ref g0, ldg), ref Unsafe.Add(ref p, offsets[k]), samples, planeSize, length, width), accumulate);
            }
        }

        for (; f < rows; f++)
        {
            for (int k = 0; k < taps; k++)
            {
                Store(ref dW[f * taps + k], Dot(ref Unsafe.Add(ref gRef, f * ldg), ref Unsafe.Add(ref p, offsets[k]), samples, planeSize, length, width), accumulate);
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

        Store(ref dW[0], Vector512.Sum(s00), accumulate);
        Store(ref dW[1], Vector512.Sum(s01), accumulate);
        Store(ref dW[2], Vector512.Sum(s02), accumulate);
        Store(ref dW[3], Vector512.Sum(s03), accumulate);
        Store(ref dW[4], Vector512.Sum(s04), accumulate);
        Store(ref dW[ldw], Vector512.Sum(s10), accumulate);
        Store(ref dW[ldw + 1], Vector512.Sum(s11), accumulate);
        Store(ref dW[ldw + 2], Vector512.Sum(s12), accumulate);
        Store(ref dW[ldw + 3], Vector512.Sum(s13), accumulate);
        Store(ref dW[ldw + 4], Vector512.Sum(s14), accumulate);
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
