using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NetGen.Runtime;

/// <summary>
/// C[6, 16] (+)= Apanel[6, kc] · Bpanel[kc, 16] with twelve Vector256 accumulators held in registers
/// (12 accumulators + 2 B vectors + 1 broadcast = 15 of AVX2's 16 ymm registers). The entry points are never inlined,
/// for the reason <see cref="MicroKernel512"/> gives.
/// </summary>
internal static class MicroKernel256
{
    public const int Nr = 16;

    /// <param name="depth">kc, the shared dimension of the two panels.</param>
    /// <param name="a">Packed A panel: depth groups of 6 values.</param>
    /// <param name="b">Packed B panel: depth groups of 16 values.</param>
    /// <param name="c">Top-left element of the 6 × 16 tile of C.</param>
    /// <param name="ldc">Row stride of C.</param>
    /// <param name="accumulate">Add to C (true) or overwrite it (false).</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    public static void Run(int depth, ref float a, ref float b, ref float c, int ldc, bool accumulate)
    {
        Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector256<float> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        // The panels are walked by moving refs (no index arithmetic per step), two depth steps per iteration, so
        // the loop issues little besides its 12 FMAs, 2 loads and 6 broadcasts per step.
        int p = 0;
        for (; p + 1 < depth; p += 2)
        {
            Step(ref a, 1, ref b, ref c00, ref c01, ref c10, ref c11, ref c20, ref c21, ref c30, ref c31, ref c40, ref c41, ref c50, ref c51);
            Step(ref Unsafe.Add(ref a, GemmKernels.Mr), 1, ref Unsafe.Add(ref b, Nr), ref c00, ref c01, ref c10, ref c11, ref c20, ref c21, ref c30, ref c31, ref c40, ref c41, ref c50, ref c51);
            a = ref Unsafe.Add(ref a, 2 * GemmKernels.Mr);
            b = ref Unsafe.Add(ref b, 2 * Nr);
        }

        if (p < depth)
        {
            Step(ref a, 1, ref b, ref c00, ref c01, ref c10, ref c11, ref c20, ref c21, ref c30, ref c31, ref c40, ref c41, ref c50, ref c51);
        }

        StoreTile(ref c, ldc, accumulate, c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51);
    }

    /// <summary>
    /// The same tile with both operands read where they lie: A's element (r, p) at a[r · aRow + p · aStep], B's row p at
    /// b[p · bStep]. Packed panels are the case aRow = 1, aStep = 6, bStep = 16; a row-major A is aRow = lda, aStep = 1;
    /// Aᵀ read through strides is aRow = 1, aStep = lda; a row-major B is bStep = ldb. Small products
    /// (<see cref="SmallGemm"/>) use it to skip copying operands that already sit in L1.
    /// </summary>
    /// <param name="columns">Columns of C the tile writes, 1 to 16: a narrower strip (a 10-class layer) is stored in place
    /// by partial row stores, with no edge tile to copy from.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    public static void RunStrided(int depth, ref float a, int aRow, int aStep, ref float b, int bStep, ref float c, int ldc, bool accumulate, int columns)
    {
        Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector256<float> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        for (int p = 0; p < depth; p++)
        {
            Step(ref a, aRow, ref b, ref c00, ref c01, ref c10, ref c11, ref c20, ref c21, ref c30, ref c31, ref c40, ref c41, ref c50, ref c51);
            a = ref Unsafe.Add(ref a, aStep);
            b = ref Unsafe.Add(ref b, bStep);
        }

        if (columns >= Nr)
        {
            StoreTile(ref c, ldc, accumulate, c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51);
            return;
        }

        StorePartialRow(ref c, c00, c01, columns, accumulate);
        StorePartialRow(ref Unsafe.Add(ref c, ldc), c10, c11, columns, accumulate);
        StorePartialRow(ref Unsafe.Add(ref c, 2 * ldc), c20, c21, columns, accumulate);
        StorePartialRow(ref Unsafe.Add(ref c, 3 * ldc), c30, c31, columns, accumulate);
        StorePartialRow(ref Unsafe.Add(ref c, 4 * ldc), c40, c41, columns, accumulate);
        StorePartialRow(ref Unsafe.Add(ref c, 5 * ldc), c50, c51, columns, accumulate);
    }

    /// <summary>
    /// The same tile with B read in place instead of packed: depth step p takes its 16 values from
    /// b[offsets[p] .. offsets[p] + 16). A stride-1 convolution's columns are such windows of a zero-padded image
    /// (<see cref="DirectConv"/>), so the kernel multiplies the image without im2col copying it first.
    /// </summary>
    /// <param name="offsets">Where each depth step's 16 values start, relative to <paramref name="b"/>.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    public static void RunIndexed(int depth, ref float a, ref float b, ref int offsets, ref float c, int ldc, bool accumulate)
    {
        Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector256<float> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        int p = 0;
        for (; p + 1 < depth; p += 2)
        {
            Step(ref a, 1, ref Unsafe.Add(ref b, Unsafe.Add(ref offsets, p)), ref c00, ref c01, ref c10, ref c11, ref c20, ref c21, ref c30, ref c31, ref c40, ref c41, ref c50, ref c51);
            Step(ref Unsafe.Add(ref a, GemmKernels.Mr), 1, ref Unsafe.Add(ref b, Unsafe.Add(ref offsets, p + 1)), ref c00, ref c01, ref c10, ref c11, ref c20, ref c21, ref c30, ref c31, ref c40, ref c41, ref c50, ref c51);
            a = ref Unsafe.Add(ref a, 2 * GemmKernels.Mr);
        }

        if (p < depth)
        {
            Step(ref a, 1, ref Unsafe.Add(ref b, Unsafe.Add(ref offsets, p)), ref c00, ref c01, ref c10, ref c11, ref c20, ref c21, ref c30, ref c31, ref c40, ref c41, ref c50, ref c51);
        }

        StoreTile(ref c, ldc, accumulate, c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51);
    }

    /// <summary>One depth step: the tile += a[r · aRow] for r in 0..6 ⊗ b[0..16) (aRow = 1 for a packed panel, a constant the JIT folds).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Step(
        ref float a, nint aRow, ref float b,
        ref Vector256<float> c00, ref Vector256<float> c01, ref Vector256<float> c10, ref Vector256<float> c11, ref Vector256<float> c20, ref Vector256<float> c21,
        ref Vector256<float> c30, ref Vector256<float> c31, ref Vector256<float> c40, ref Vector256<float> c41, ref Vector256<float> c50, ref Vector256<float> c51)
    {
        Vector256<float> b0 = Vector256.LoadUnsafe(ref b);
        Vector256<float> b1 = Vector256.LoadUnsafe(ref b, 8);
        Vector256<float> a0 = Vector256.Create(a);
        c00 = Vector256.FusedMultiplyAdd(a0, b0, c00);
        c01 = Vector256.FusedMultiplyAdd(a0, b1, c01);
        Vector256<float> a1 = Vector256.Create(Unsafe.Add(ref a, aRow));
        c10 = Vector256.FusedMultiplyAdd(a1, b0, c10);
        c11 = Vector256.FusedMultiplyAdd(a1, b1, c11);
        Vector256<float> a2 = Vector256.Create(Unsafe.Add(ref a, 2 * aRow));
        c20 = Vector256.FusedMultiplyAdd(a2, b0, c20);
        c21 = Vector256.FusedMultiplyAdd(a2, b1, c21);
        Vector256<float> a3 = Vector256.Create(Unsafe.Add(ref a, 3 * aRow));
        c30 = Vector256.FusedMultiplyAdd(a3, b0, c30);
        c31 = Vector256.FusedMultiplyAdd(a3, b1, c31);
        Vector256<float> a4 = Vector256.Create(Unsafe.Add(ref a, 4 * aRow));
        c40 = Vector256.FusedMultiplyAdd(a4, b0, c40);
        c41 = Vector256.FusedMultiplyAdd(a4, b1, c41);
        Vector256<float> a5 = Vector256.Create(Unsafe.Add(ref a, 5 * aRow));
        c50 = Vector256.FusedMultiplyAdd(a5, b0, c50);
        c51 = Vector256.FusedMultiplyAdd(a5, b1, c51);
    }

    /// <summary>The six rows of a finished tile into C (rows <paramref name="ldc"/> apart), added to it or overwriting it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreTile(
        ref float c, int ldc, bool accumulate,
        Vector256<float> c00, Vector256<float> c01, Vector256<float> c10, Vector256<float> c11, Vector256<float> c20, Vector256<float> c21,
        Vector256<float> c30, Vector256<float> c31, Vector256<float> c40, Vector256<float> c41, Vector256<float> c50, Vector256<float> c51)
    {
        StoreRow(ref c, c00, c01, accumulate);
        StoreRow(ref Unsafe.Add(ref c, ldc), c10, c11, accumulate);
        StoreRow(ref Unsafe.Add(ref c, 2 * ldc), c20, c21, accumulate);
        StoreRow(ref Unsafe.Add(ref c, 3 * ldc), c30, c31, accumulate);
        StoreRow(ref Unsafe.Add(ref c, 4 * ldc), c40, c41, accumulate);
        StoreRow(ref Unsafe.Add(ref c, 5 * ldc), c50, c51, accumulate);
    }

    /// <summary>The first <paramref name="columns"/> (below 16) of a tile row into C: the left vector whole or in part, then the right in part.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StorePartialRow(ref float row, Vector256<float> left, Vector256<float> right, int columns, bool accumulate)
    {
        if (columns < 8)
        {
            StorePart(ref row, left, columns, accumulate);
            return;
        }

        if (accumulate)
        {
            left += Vector256.LoadUnsafe(ref row);
        }

        left.StoreUnsafe(ref row);
        StorePart(ref Unsafe.Add(ref row, 8), right, columns - 8, accumulate);
    }

    /// <summary>
    /// The first <paramref name="count"/> (0 to 7) lanes of <paramref name="v"/> into row[0 .. count): four, two and one
    /// at a time, never touching row[count] and beyond (no masked store needed, so every x86 and emulated path runs it).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StorePart(ref float row, Vector256<float> v, int count, bool accumulate)
    {
        Vector128<float> part = v.GetLower();
        if ((count & 4) != 0)
        {
            if (accumulate)
            {
                part += Vector128.LoadUnsafe(ref row);
            }

            part.StoreUnsafe(ref row);
            part = v.GetUpper();
            row = ref Unsafe.Add(ref row, 4);
        }

        if ((count & 2) != 0)
        {
            if (accumulate)
            {
                part += Vector128.CreateScalar(Unsafe.ReadUnaligned<double>(ref Unsafe.As<float, byte>(ref row))).AsSingle(); // lanes 2 and 3 zero: the odd last lane comes from them
            }

            Unsafe.WriteUnaligned(ref Unsafe.As<float, byte>(ref row), part.AsDouble().ToScalar());
            part = Vector128.Shuffle(part, Vector128.Create(2, 3, 2, 3));
            row = ref Unsafe.Add(ref row, 2);
        }

        if ((count & 1) != 0)
        {
            row = accumulate ? row + part.ToScalar() : part.ToScalar();
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRow(ref float row, Vector256<float> left, Vector256<float> right, bool accumulate)
    {
        if (accumulate)
        {
            left += Vector256.LoadUnsafe(ref row);
            right += Vector256.LoadUnsafe(ref row, 8);
        }

        left.StoreUnsafe(ref row);
        right.StoreUnsafe(ref row, 8);
    }
}
