using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NetGen.Runtime;

/// <summary>
/// The register blocks of the feature-major products: for TRows output rows r of one lane block,
/// out[r, lanes] = Σ_i W[r · rowStride + i · innerStride] · x[i, lanes], i increasing from zero by fused multiply-adds,
/// handed to a store as two vectors per row. Per inner index i: two loads of xᵀ's row i and one broadcast of W per row
/// feed up to sixteen independent FMA chains (eight rows at Vector512, six at Vector256), W read where it lies, never
/// packed. The strides let one block serve both products a dense layer needs: the forward W·xᵀ (rowStride = depth,
/// innerStride = 1, the store adding bias and activation) and the backward Wᵀ·∂L/∂zᵀ (rowStride = 1, innerStride =
/// depth, the store multiplying by the activation's derivative below).
/// </summary>
internal static class FeatureMajorBlocks
{
    /// <summary>Weight rows a register block holds: eight at Vector512 (16 accumulators of 32 registers), six at Vector256 (12 of 16).</summary>
    public static int MaxRows(SimdWidth width) => width == SimdWidth.Vector512 ? EightRows.Count : SixRows.Count;

    /// <summary>
    /// Register blocks for <paramref name="rows"/> output rows: split evenly into blocks of at most
    /// <see cref="MaxRows"/>, so 32 rows are four blocks of eight at Vector512 and 10 are two of five,
    /// never a full block and a ragged one whose few FMA chains wait on each other's latency.
    /// </summary>
    internal static int RowBlocks(int rows, SimdWidth width) => (rows + MaxRows(width) - 1) / MaxRows(width);

    /// <summary>Rows of block <paramref name="index"/> of <paramref name="blocks"/>: the first rows % blocks take one more.</summary>
    internal static int RowsOfBlock(int rows, int blocks, int index) => rows / blocks + (index < rows % blocks ? 1 : 0);

    /// <summary>
    /// Rows <paramref name="row"/> … row + <paramref name="rows"/> − 1 of one lane block (<paramref name="x"/> its xᵀ[inner,
    /// lanes], <paramref name="w"/> the whole weight), at most <see cref="MaxRows"/>.
    /// </summary>
    public static void Rows512<TStore>(int rows, ref float w, int rowStride, int innerStride, ref float x, int inner, int lanes, int row, ref TStore store)
        where TStore : struct, IRowStore, allows ref struct
    {
        ref float wRows = ref Unsafe.Add(ref w, row * rowStride);
        switch (rows)
        {
            case 8: Block512<EightRows, TStore>(ref wRows, rowStride, innerStride, ref x, inner, lanes, row, ref store); break;
            case 7: Block512<SevenRows, TStore>(ref wRows, rowStride, innerStride, ref x, inner, lanes, row, ref store); break;
            case 6: Block512<SixRows, TStore>(ref wRows, rowStride, innerStride, ref x, inner, lanes, row, ref store); break;
            case 5: Block512<FiveRows, TStore>(ref wRows, rowStride, innerStride, ref x, inner, lanes, row, ref store); break;
            case 4: Block512<FourRows, TStore>(ref wRows, rowStride, innerStride, ref x, inner, lanes, row, ref store); break;
            case 3: Block512<ThreeRows, TStore>(ref wRows, rowStride, innerStride, ref x, inner, lanes, row, ref store); break;
            case 2: Block512<TwoRows, TStore>(ref wRows, rowStride, innerStride, ref x, inner, lanes, row, ref store); break;
            default: Block512<OneRow, TStore>(ref wRows, rowStride, innerStride, ref x, inner, lanes, row, ref store); break;
        }
    }

    /// <summary>As <see cref="Rows512"/> at Vector256.</summary>
    public static void Rows256<TStore>(int rows, ref float w, int rowStride, int innerStride, ref float x, int inner, int lanes, int row, ref TStore store)
        where TStore : struct, IRowStore, allows ref struct
    {
        ref float wRows = ref Unsafe.Add(ref w, row * rowStride);
        switch (rows)
        {
            case 6: Block256<SixRows, TStore>(ref wRows, rowStride, innerStride, ref x, inner, lanes, row, ref store); break;
            case 5: Block256<FiveRows, TStore>(ref wRows, rowStride, innerStride, ref x, inner, lanes, row, ref store); break;
            case 4: Block256<FourRows, TStore>(ref wRows, rowStride, innerStride, ref x, inner, lanes, row, ref store); break;
            case 3: Block256<ThreeRows, TStore>(ref wRows, rowStride, innerStride, ref x, inner, lanes, row, ref store); break;
            case 2: Block256<TwoRows, TStore>(ref wRows, rowStride, innerStride, ref x, inner, lanes, row, ref store); break;
            default: Block256<OneRow, TStore>(ref wRows, rowStride, innerStride, ref x, inner, lanes, row, ref store); break;
        }
    }

    /// <summary>TRows rows × 32 lanes: accumulators c{row}{half}, sixteen at eight rows; the rest of 32 registers hold xᵀ's two vectors and a broadcast.</summary>
    private static void Block512<TRows, TStore>(ref float w, int rowStride, int innerStride, ref float x, int inner, int lanes, int row, ref TStore store)
        where TRows : struct, IRowCount
        where TStore : struct, IRowStore, allows ref struct
    {
        const int half = 16; // Vector512<float>.Count
        Vector512<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector512<float> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        Vector512<float> c60 = default, c61 = default, c70 = default, c71 = default;
        for (int k = 0; k < inner; k++)
        {
            ref float xk = ref Unsafe.Add(ref x, k * lanes);
            Vector512<float> x0 = Vector512.LoadUnsafe(ref xk), x1 = Vector512.LoadUnsafe(ref xk, half);
            ref float wk = ref Unsafe.Add(ref w, k * innerStride);
            Vector512<float> a = Vector512.Create(wk);
            c00 = Vector512.FusedMultiplyAdd(a, x0, c00);
            c01 = Vector512.FusedMultiplyAdd(a, x1, c01);
            if (TRows.Count > 1)
            {
                a = Vector512.Create(Unsafe.Add(ref wk, rowStride));
                c10 = Vector512.FusedMultiplyAdd(a, x0, c10);
                c11 = Vector512.FusedMultiplyAdd(a, x1, c11);
            }

            if (TRows.Count > 2)
            {
                a = Vector512.Create(Unsafe.Add(ref wk, 2 * rowStride));
                c20 = Vector512.FusedMultiplyAdd(a, x0, c20);
                c21 = Vector512.FusedMultiplyAdd(a, x1, c21);
            }

            if (TRows.Count > 3)
            {
                a = Vector512.Create(Unsafe.Add(ref wk, 3 * rowStride));
                c30 = Vector512.FusedMultiplyAdd(a, x0, c30);
                c31 = Vector512.FusedMultiplyAdd(a, x1, c31);
            }

            if (TRows.Count > 4)
            {
                a = Vector512.Create(Unsafe.Add(ref wk, 4 * rowStride));
                c40 = Vector512.FusedMultiplyAdd(a, x0, c40);
                c41 = Vector512.FusedMultiplyAdd(a, x1, c41);
            }

            if (TRows.Count > 5)
            {
                a = Vector512.Create(Unsafe.Add(ref wk, 5 * rowStride));
                c50 = Vector512.FusedMultiplyAdd(a, x0, c50);
                c51 = Vector512.FusedMultiplyAdd(a, x1, c51);
            }

            if (TRows.Count > 6)
            {
                a = Vector512.Create(Unsafe.Add(ref wk, 6 * rowStride));
                c60 = Vector512.FusedMultiplyAdd(a, x0, c60);
                c61 = Vector512.FusedMultiplyAdd(a, x1, c61);
            }

            if (TRows.Count > 7)
            {
                a = Vector512.Create(Unsafe.Add(ref wk, 7 * rowStride));
                c70 = Vector512.FusedMultiplyAdd(a, x0, c70);
                c71 = Vector512.FusedMultiplyAdd(a, x1, c71);
            }
        }

        store.Store(c00, c01, row + 0);
        if (TRows.Count > 1)
        {
            store.Store(c10, c11, row + 1);
        }

        if (TRows.Count > 2)
        {
            store.Store(c20, c21, row + 2);
        }

        if (TRows.Count > 3)
        {
            store.Store(c30, c31, row + 3);
        }

        if (TRows.Count > 4)
        {
            store.Store(c40, c41, row + 4);
        }

        if (TRows.Count > 5)
        {
            store.Store(c50, c51, row + 5);
        }

        if (TRows.Count > 6)
        {
            store.Store(c60, c61, row + 6);
        }

        if (TRows.Count > 7)
        {
            store.Store(c70, c71, row + 7);
        }
    }

    /// <summary>TRows rows × 16 lanes at Vector256: twelve accumulators, two xᵀ vectors and a broadcast fill 15 of AVX2's 16 registers.</summary>
    private static void Block256<TRows, TStore>(ref float w, int rowStride, int innerStride, ref float x, int inner, int lanes, int row, ref TStore store)
        where TRows : struct, IRowCount
        where TStore : struct, IRowStore, allows ref struct
    {
        const int half = 8; // Vector256<float>.Count
        Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector256<float> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        for (int k = 0; k < inner; k++)
        {
            ref float xk = ref Unsafe.Add(ref x, k * lanes);
            Vector256<float> x0 = Vector256.LoadUnsafe(ref xk), x1 = Vector256.LoadUnsafe(ref xk, half);
            ref float wk = ref Unsafe.Add(ref w, k * innerStride);
            Vector256<float> a = Vector256.Create(wk);
            c00 = Vector256.FusedMultiplyAdd(a, x0, c00);
            c01 = Vector256.FusedMultiplyAdd(a, x1, c01);
            if (TRows.Count > 1)
            {
                a = Vector256.Create(Unsafe.Add(ref wk, rowStride));
                c10 = Vector256.FusedMultiplyAdd(a, x0, c10);
                c11 = Vector256.FusedMultiplyAdd(a, x1, c11);
            }

            if (TRows.Count > 2)
            {
                a = Vector256.Create(Unsafe.Add(ref wk, 2 * rowStride));
                c20 = Vector256.FusedMultiplyAdd(a, x0, c20);
                c21 = Vector256.FusedMultiplyAdd(a, x1, c21);
            }

            if (TRows.Count > 3)
            {
                a = Vector256.Create(Unsafe.Add(ref wk, 3 * rowStride));
                c30 = Vector256.FusedMultiplyAdd(a, x0, c30);
                c31 = Vector256.FusedMultiplyAdd(a, x1, c31);
            }

            if (TRows.Count > 4)
            {
                a = Vector256.Create(Unsafe.Add(ref wk, 4 * rowStride));
                c40 = Vector256.FusedMultiplyAdd(a, x0, c40);
                c41 = Vector256.FusedMultiplyAdd(a, x1, c41);
            }

            if (TRows.Count > 5)
            {
                a = Vector256.Create(Unsafe.Add(ref wk, 5 * rowStride));
                c50 = Vector256.FusedMultiplyAdd(a, x0, c50);
                c51 = Vector256.FusedMultiplyAdd(a, x1, c51);
            }
        }

        store.Store(c00, c01, row + 0);
        if (TRows.Count > 1)
        {
            store.Store(c10, c11, row + 1);
        }

        if (TRows.Count > 2)
        {
            store.Store(c20, c21, row + 2);
        }

        if (TRows.Count > 3)
        {
            store.Store(c30, c31, row + 3);
        }

        if (TRows.Count > 4)
        {
            store.Store(c40, c41, row + 4);
        }

        if (TRows.Count > 5)
        {
            store.Store(c50, c51, row + 5);
        }
    }
}
