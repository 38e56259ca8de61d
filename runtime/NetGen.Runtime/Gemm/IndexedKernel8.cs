using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NetGen.Runtime;

/// <summary>
/// C[8, 32] (+)= A[8, kc] · B[kc, 32] with B read at per-step offsets (the indexed contract of
/// <see cref="MicroKernel512.RunIndexed"/>, A packed as depth groups of 8 by <see cref="GemmPacking.PackA8"/>), and its
/// 8 × 16 form for a last strip of at most 16 columns. <see cref="DirectConv"/> takes it where a layer's filters (or,
/// for ∂x, its channels) fill 8-row tiles with no more padding than 6-row ones (<see cref="GemmKernels.IndexedRows"/>):
/// LeNet-5's 16 filters are two tiles of 8, not three of 6 that compute 18 rows, and 32 filters four tiles, not six
/// that compute 36. Sixteen accumulators and two B vectors fit AVX-512's 32 vector registers, not AVX2's 16, so only the
/// Vector512 width has this tile; per depth step it loads 2 B vectors and broadcasts 8 values for 16 FMAs (the 6-row
/// tile: 8 loads for 12). Never inlined, as the other micro-kernels.
/// </summary>
internal static class IndexedKernel8
{
    /// <summary>Rows of C one call produces.</summary>
    public const int Mr = 8;

    /// <param name="depth">kc, the packed panel's depth.</param>
    /// <param name="a">Packed A panel: depth groups of 8 values.</param>
    /// <param name="b">Where the offsets start from.</param>
    /// <param name="offsets">Where each depth step's 32 values start, relative to <paramref name="b"/>.</param>
    /// <param name="c">Top-left element of the 8 × 32 tile of C.</param>
    /// <param name="ldc">Row stride of C.</param>
    /// <param name="accumulate">Add to C (true) or overwrite it (false).</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    public static void Run(int depth, ref float a, ref float b, ref int offsets, ref float c, int ldc, bool accumulate)
    {
        Vector512<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default, c30 = default, c31 = default;
        Vector512<float> c40 = default, c41 = default, c50 = default, c51 = default, c60 = default, c61 = default, c70 = default, c71 = default;
        for (int p = 0; p < depth; p++)
        {
            ref float bp = ref Unsafe.Add(ref b, Unsafe.Add(ref offsets, p));
            Vector512<float> b0 = Vector512.LoadUnsafe(ref bp), b1 = Vector512.LoadUnsafe(ref bp, 16);
            Vector512<float> a0 = Vector512.Create(a);
            c00 = Vector512.FusedMultiplyAdd(a0, b0, c00);
            c01 = Vector512.FusedMultiplyAdd(a0, b1, c01);
            Vector512<float> a1 = Vector512.Create(Unsafe.Add(ref a, 1));
            c10 = Vector512.FusedMultiplyAdd(a1, b0, c10);
            c11 = Vector512.FusedMultiplyAdd(a1, b1, c11);
            Vector512<float> a2 = Vector512.Create(Unsafe.Add(ref a, 2));
            c20 = Vector512.FusedMultiplyAdd(a2, b0, c20);
            c21 = Vector512.FusedMultiplyAdd(a2, b1, c21);
            Vector512<float> a3 = Vector512.Create(Unsafe.Add(ref a, 3));
            c30 = Vector512.FusedMultiplyAdd(a3, b0, c30);
            c31 = Vector512.FusedMultiplyAdd(a3, b1, c31);
            Vector512<float> a4 = Vector512.Create(Unsafe.Add(ref a, 4));
            c40 = Vector512.FusedMultiplyAdd(a4, b0, c40);
            c41 = Vector512.FusedMultiplyAdd(a4, b1, c41);
            Vector512<float> a5 = Vector512.Create(Unsafe.Add(ref a, 5));
            c50 = Vector512.FusedMultiplyAdd(a5, b0, c50);
            c51 = Vector512.FusedMultiplyAdd(a5, b1, c51);
            Vector512<float> a6 = Vector512.Create(Unsafe.Add(ref a, 6));
            c60 = Vector512.FusedMultiplyAdd(a6, b0, c60);
            c61 = Vector512.FusedMultiplyAdd(a6, b1, c61);
            Vector512<float> a7 = Vector512.Create(Unsafe.Add(ref a, 7));
            c70 = Vector512.FusedMultiplyAdd(a7, b0, c70);
            c71 = Vector512.FusedMultiplyAdd(a7, b1, c71);
            a = ref Unsafe.Add(ref a, Mr);
        }

        StoreRow(ref c, c00, c01, accumulate);
        StoreRow(ref Unsafe.Add(ref c, ldc), c10, c11, accumulate);
        StoreRow(ref Unsafe.Add(ref c, 2 * ldc), c20, c21, accumulate);
        StoreRow(ref Unsafe.Add(ref c, 3 * ldc), c30, c31, accumulate);
        StoreRow(ref Unsafe.Add(ref c, 4 * ldc), c40, c41, accumulate);
        StoreRow(ref Unsafe.Add(ref c, 5 * ldc), c50, c51, accumulate);
        StoreRow(ref Unsafe.Add(ref c, 6 * ldc), c60, c61, accumulate);
        StoreRow(ref Unsafe.Add(ref c, 7 * ldc), c70, c71, accumulate);
    }

    /// <summary>The 8 × 16 tile (one Vector512 a row): <see cref="Run"/>'s contract with 16 values per depth step.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    public static void RunNarrow(int depth, ref float a, ref float b, ref int offsets, ref float c, int ldc, bool accumulate)
    {
        Vector512<float> c0 = default, c1 = default, c2 = default, c3 = default, c4 = default, c5 = default, c6 = default, c7 = default;
        for (int p = 0; p < depth; p++)
        {
            Vector512<float> bp = Vector512.LoadUnsafe(ref Unsafe.Add(ref b, Unsafe.Add(ref offsets, p)));
            c0 = Vector512.FusedMultiplyAdd(Vector512.Create(a), bp, c0);
            c1 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref a, 1)), bp, c1);
            c2 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref a, 2)), bp, c2);
            c3 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref a, 3)), bp, c3);
            c4 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref a, 4)), bp, c4);
            c5 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref a, 5)), bp, c5);
            c6 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref a, 6)), bp, c6);
            c7 = Vector512.FusedMultiplyAdd(Vector512.Create(Unsafe.Add(ref a, 7)), bp, c7);
            a = ref Unsafe.Add(ref a, Mr);
        }

        StoreNarrow(ref c, c0, accumulate);
        StoreNarrow(ref Unsafe.Add(ref c, ldc), c1, accumulate);
        StoreNarrow(ref Unsafe.Add(ref c, 2 * ldc), c2, accumulate);
        StoreNarrow(ref Unsafe.Add(ref c, 3 * ldc), c3, accumulate);
        StoreNarrow(ref Unsafe.Add(ref c, 4 * ldc), c4, accumulate);
        StoreNarrow(ref Unsafe.Add(ref c, 5 * ldc), c5, accumulate);
        StoreNarrow(ref Unsafe.Add(ref c, 6 * ldc), c6, accumulate);
        StoreNarrow(ref Unsafe.Add(ref c, 7 * ldc), c7, accumulate);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRow(ref float row, Vector512<float> left, Vector512<float> right, bool accumulate)
    {
        StoreNarrow(ref row, left, accumulate);
        StoreNarrow(ref Unsafe.Add(ref row, 16), right, accumulate);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreNarrow(ref float row, Vector512<float> values, bool accumulate)
    {
        if (accumulate)
        {
            values += Vector512.LoadUnsafe(ref row);
        }

        values.StoreUnsafe(ref row);
    }
}
