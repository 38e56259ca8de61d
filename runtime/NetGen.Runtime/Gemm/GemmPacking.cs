using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NetGen.Runtime;

/// <summary>
/// Copies blocks of A and B into the panel order the micro-kernels stream through, zero-padding ragged panels so the
/// kernels never branch on edges. The element copies walk refs without bounds checks (the GEMM driver has checked
/// every shape). The two layouts a dense layer packs most (x[rows, depth] as A, w[cols, depth] read as Wᵀ for B) are
/// transposes of the panel order, done 8 × 8 floats at a time in AVX registers: copied one float at a time, packing
/// 128×256×784's operands took about as long as multiplying them.
/// </summary>
internal static class GemmPacking
{
    /// <summary>
    /// A[rowStart.., depthStart..] (rows × depth) into Mr-row panels: panel q holds rows q·Mr … q·Mr+Mr-1,
    /// laid out as depth groups of Mr values.
    /// </summary>
    public static void PackA(StridedMatrix a, int rowStart, int rows, int depthStart, int depth, Span<float> packed)
    {
        const int mr = GemmKernels.Mr;
        ref float data = ref MemoryMarshal.GetReference(a.Data);
        int offset = 0;
        for (int panel = 0; panel < rows; panel += mr)
        {
            int panelRows = Math.Min(mr, rows - panel);
            Span<float> dest = packed.Slice(offset, mr * depth);
            ref float d = ref MemoryMarshal.GetReference(dest);
            ref float origin = ref Unsafe.Add(ref data, (rowStart + panel) * a.RowStride + depthStart * a.ColumnStride);
            if (a.ColumnStride == 1 && Avx.IsSupported)
            {
                PackRowsTransposed(ref origin, a.RowStride, panelRows, depth, ref d);
            }
            else if (panelRows == mr && a.RowStride == 1)
            {
                // Aᵀ read through strides: each depth step's six values are contiguous (four and two floats; a call to
                // Span.CopyTo per step cost more than the copy).
                for (int p = 0; p < depth; p++)
                {
                    ref float source = ref Unsafe.Add(ref origin, p * a.ColumnStride);
                    ref float group = ref Unsafe.Add(ref d, p * mr);
                    Vector128.LoadUnsafe(ref source).StoreUnsafe(ref group);
                    Unsafe.As<float, long>(ref Unsafe.Add(ref group, 4)) = Unsafe.As<float, long>(ref Unsafe.Add(ref source, 4));
                }
            }
            else
            {
                if (panelRows < mr)
                {
                    dest.Clear();
                }

                Interleave(ref origin, panelRows, a.RowStride, a.ColumnStride, depth, ref d, mr);
            }

            offset += mr * depth;
        }
    }

    /// <summary>
    /// A[rowStart.., depthStart..] (rows × depth) into 8-row panels for <see cref="IndexedKernel8"/>: panel q holds rows
    /// q·8 … q·8+7 as depth groups of 8, the rows past the last zero. A row-major A goes eight depth steps at a time
    /// through one 8 × 8 register transpose, its last fewer than eight steps one value at a time.
    /// </summary>
    public static void PackA8(StridedMatrix a, int rowStart, int rows, int depthStart, int depth, Span<float> packed)
    {
        const int mr = IndexedKernel8.Mr;
        ref float data = ref MemoryMarshal.GetReference(a.Data);
        for (int panel = 0, offset = 0; panel < rows; panel += mr, offset += mr * depth)
        {
            int panelRows = Math.Min(mr, rows - panel);
            Span<float> dest = packed.Slice(offset, mr * depth);
            ref float d = ref MemoryMarshal.GetReference(dest);
            ref float origin = ref Unsafe.Add(ref data, (rowStart + panel) * a.RowStride + depthStart * a.ColumnStride);
            if (panelRows < mr)
            {
                dest.Clear();
            }

            int p = 0;
            if (a.ColumnStride == 1 && Avx.IsSupported)
            {
                for (; p + 8 <= depth; p += 8)
                {
                    ref float source = ref Unsafe.Add(ref origin, p);
                    Vector256<float> r0 = Vector256.LoadUnsafe(ref source);
                    Vector256<float> r1 = panelRows > 1 ? Vector256.LoadUnsafe(ref Unsafe.Add(ref source, a.RowStride)) : default;
                    Vector256<float> r2 = panelRows > 2 ? Vector256.LoadUnsafe(ref Unsafe.Add(ref source, 2 * a.RowStride)) : default;
                    Vector256<float> r3 = panelRows > 3 ? Vector256.LoadUnsafe(ref Unsafe.Add(ref source, 3 * a.RowStride)) : default;
                    Vector256<float> r4 = panelRows > 4 ? Vector256.LoadUnsafe(ref Unsafe.Add(ref source, 4 * a.RowStride)) : default;
                    Vector256<float> r5 = panelRows > 5 ? Vector256.LoadUnsafe(ref Unsafe.Add(ref source, 5 * a.RowStride)) : default;
                    Vector256<float> r6 = panelRows > 6 ? Vector256.LoadUnsafe(ref Unsafe.Add(ref source, 6 * a.RowStride)) : default;
                    Vector256<float> r7 = panelRows > 7 ? Vector256.LoadUnsafe(ref Unsafe.Add(ref source, 7 * a.RowStride)) : default;
                    RegisterTranspose.Transpose8x8(ref r0, ref r1, ref r2, ref r3, ref r4, ref r5, ref r6, ref r7);
                    ref float group = ref Unsafe.Add(ref d, p * mr);
                    r0.StoreUnsafe(ref group);
                    r1.StoreUnsafe(ref group, mr);
                    r2.StoreUnsafe(ref group, 2 * mr);
                    r3.StoreUnsafe(ref group, 3 * mr);
                    r4.StoreUnsafe(ref group, 4 * mr);
                    r5.StoreUnsafe(ref group, 5 * mr);
                    r6.StoreUnsafe(ref group, 6 * mr);
                    r7.StoreUnsafe(ref group, 7 * mr);
                }
            }

            Interleave(ref Unsafe.Add(ref origin, p * a.ColumnStride), panelRows, a.RowStride, a.ColumnStride, depth - p, ref Unsafe.Add(ref d, p * mr), mr);
        }
    }

    /// <summary>
    /// B[depthStart.., columnStart..] (depth × columns) into Nr-column panels: panel q holds columns q·Nr … q·Nr+Nr-1,
    /// laid out as depth groups of Nr values.
    /// </summary>
    public static void PackB(StridedMatrix b, int depthStart, int depth, int columnStart, int columns, int nr, Span<float> packed)
    {
        ref float data = ref MemoryMarshal.GetReference(b.Data);
        int offset = 0;
        for (int panel = 0; panel < columns; panel += nr)
        {
            int panelColumns = Math.Min(nr, columns - panel);
            Span<float> dest = packed.Slice(offset, nr * depth);
            ref float d = ref MemoryMarshal.GetReference(dest);
            ref float origin = ref Unsafe.Add(ref data, depthStart * b.RowStride + (columnStart + panel) * b.ColumnStride);
            if (b.ColumnStride == 1 && panelColumns == nr)
            {
                // Row-major B: each depth step is one contiguous run of nr floats (a multiple of 8), copied as vectors.
                for (int p = 0; p < depth; p++)
                {
                    ref float source = ref Unsafe.Add(ref origin, p * b.RowStride);
                    ref float step = ref Unsafe.Add(ref d, p * nr);
                    for (int j = 0; j < nr; j += Vector256<float>.Count)
                    {
                        Vector256.LoadUnsafe(ref source, (nuint)j).StoreUnsafe(ref step, (nuint)j);
                    }
                }
            }
            else if (b.RowStride == 1 && Avx.IsSupported)
            {
                // Wᵀ: the panel's columns are contiguous rows of w, transposed 8 of them at a time; in a ragged panel (a
                // 10-class output layer's 16-wide one) the last group's missing columns, and any group past the
                // columns, are transposed as zeros, so nothing is cleared and nothing copied one float at a time
                // (interleaving all ten one by one cost more than the tiles' multiply).
                for (int j = 0; j < nr; j += 8)
                {
                    // A group with no columns is all zeros; its source ref stays on the panel's last column (a ref past
                    // the data would be one the GC could misread, though nothing reads through it).
                    int present = Math.Clamp(panelColumns - j, 0, 8);
                    PackColumnsTransposed(ref Unsafe.Add(ref origin, Math.Min(j, panelColumns - 1) * b.ColumnStride), b.ColumnStride, present, depth, ref Unsafe.Add(ref d, j), nr);
                }
            }
            else
            {
                if (panelColumns < nr)
                {
                    dest.Clear();
                }

                Interleave(ref origin, panelColumns, b.ColumnStride, b.RowStride, depth, ref d, nr);
            }

            offset += nr * depth;
        }
    }

    /// <summary>
    /// <paramref name="rows"/> (1 to 6) rows source[r · ld + p] (p &lt; depth) into depth groups of six, dest[p · 6 + r],
    /// the missing rows of a ragged panel as zeros (never read). Blocks of eight depth steps are transposed with two
    /// zero rows; each group is stored as eight floats whose last two the next group overwrites, except the panel's last
    /// group, stored exactly. A ragged panel (MLP 64-32-10's last two batch rows) copied one float at a time into a
    /// cleared panel cost about a fifth of the 32 × 10 × 32 product it fed.
    /// </summary>
    private static void PackRowsTransposed(ref float source, int ld, int rows, int depth, ref float dest)
    {
        const int mr = GemmKernels.Mr;
        int p = 0;
        for (; p + 8 <= depth; p += 8)
        {
            Vector256<float> r0 = Vector256.LoadUnsafe(ref source, (nuint)p);
            Vector256<float> r1 = rows > 1 ? Vector256.LoadUnsafe(ref Unsafe.Add(ref source, ld), (nuint)p) : Vector256<float>.Zero;
            Vector256<float> r2 = rows > 2 ? Vector256.LoadUnsafe(ref Unsafe.Add(ref source, 2 * ld), (nuint)p) : Vector256<float>.Zero;
            Vector256<float> r3 = rows > 3 ? Vector256.LoadUnsafe(ref Unsafe.Add(ref source, 3 * ld), (nuint)p) : Vector256<float>.Zero;
            Vector256<float> r4 = rows > 4 ? Vector256.LoadUnsafe(ref Unsafe.Add(ref source, 4 * ld), (nuint)p) : Vector256<float>.Zero;
            Vector256<float> r5 = rows > 5 ? Vector256.LoadUnsafe(ref Unsafe.Add(ref source, 5 * ld), (nuint)p) : Vector256<float>.Zero;
            Vector256<float> r6 = Vector256<float>.Zero, r7 = Vector256<float>.Zero;
            for (int r = 0; r < rows; r++)
            {
                Prefetch(ref Unsafe.Add(ref source, r * ld + p + PrefetchAhead));
            }

            RegisterTranspose.Transpose8x8(ref r0, ref r1, ref r2, ref r3, ref r4, ref r5, ref r6, ref r7);
            ref float group = ref Unsafe.Add(ref dest, p * mr);
            r0.StoreUnsafe(ref group);
            r1.StoreUnsafe(ref group, mr);
            r2.StoreUnsafe(ref group, 2 * mr);
            r3.StoreUnsafe(ref group, 3 * mr);
            r4.StoreUnsafe(ref group, 4 * mr);
            r5.StoreUnsafe(ref group, 5 * mr);
            r6.StoreUnsafe(ref group, 6 * mr);
            if (p + 8 < depth)
            {
                r7.StoreUnsafe(ref group, 7 * mr);
            }
            else
            {
                ref float last = ref Unsafe.Add(ref group, 7 * mr);
                r7.GetLower().StoreUnsafe(ref last);
                Unsafe.Add(ref last, 4) = r7.GetElement(4);
                Unsafe.Add(ref last, 5) = r7.GetElement(5);
            }
        }

        for (; p < depth; p++)
        {
            for (int r = 0; r < mr; r++)
            {
                Unsafe.Add(ref dest, p * mr + r) = r < rows ? Unsafe.Add(ref source, r * ld + p) : 0f;
            }
        }
    }

    /// <summary>
    /// <paramref name="rows"/> (0 to 8) rows source[j · ld + p] (p &lt; depth) into dest[p · ldd + j] for j &lt; 8:
    /// eight columns of a packed B panel, those past <paramref name="rows"/> zero (never read).
    /// </summary>
    private static void PackColumnsTransposed(ref float source, int ld, int rows, int depth, ref float dest, int ldd)
    {
        int p = 0;
        for (; p + 8 <= depth; p += 8)
        {
            Vector256<float> r0 = rows > 0 ? Vector256.LoadUnsafe(ref source, (nuint)p) : Vector256<float>.Zero;
            Vector256<float> r1 = rows > 1 ? Vector256.LoadUnsafe(ref Unsafe.Add(ref source, ld), (nuint)p) : Vector256<float>.Zero;
            Vector256<float> r2 = rows > 2 ? Vector256.LoadUnsafe(ref Unsafe.Add(ref source, 2 * ld), (nuint)p) : Vector256<float>.Zero;
            Vector256<float> r3 = rows > 3 ? Vector256.LoadUnsafe(ref Unsafe.Add(ref source, 3 * ld), (nuint)p) : Vector256<float>.Zero;
            Vector256<float> r4 = rows > 4 ? Vector256.LoadUnsafe(ref Unsafe.Add(ref source, 4 * ld), (nuint)p) : Vector256<float>.Zero;
            Vector256<float> r5 = rows > 5 ? Vector256.LoadUnsafe(ref Unsafe.Add(ref source, 5 * ld), (nuint)p) : Vector256<float>.Zero;
            Vector256<float> r6 = rows > 6 ? Vector256.LoadUnsafe(ref Unsafe.Add(ref source, 6 * ld), (nuint)p) : Vector256<float>.Zero;
            Vector256<float> r7 = rows > 7 ? Vector256.LoadUnsafe(ref Unsafe.Add(ref source, 7 * ld), (nuint)p) : Vector256<float>.Zero;
            for (int r = 0; r < rows; r++)
            {
                Prefetch(ref Unsafe.Add(ref source, r * ld + p + PrefetchAhead));
            }

            RegisterTranspose.Transpose8x8(ref r0, ref r1, ref r2, ref r3, ref r4, ref r5, ref r6, ref r7);
            ref float group = ref Unsafe.Add(ref dest, p * ldd);
            r0.StoreUnsafe(ref group);
            r1.StoreUnsafe(ref group, (nuint)ldd);
            r2.StoreUnsafe(ref group, (nuint)(2 * ldd));
            r3.StoreUnsafe(ref group, (nuint)(3 * ldd));
            r4.StoreUnsafe(ref group, (nuint)(4 * ldd));
            r5.StoreUnsafe(ref group, (nuint)(5 * ldd));
            r6.StoreUnsafe(ref group, (nuint)(6 * ldd));
            r7.StoreUnsafe(ref group, (nuint)(7 * ldd));
        }

        for (; p < depth; p++)
        {
            for (int j = 0; j < 8; j++)
            {
                Unsafe.Add(ref dest, p * ldd + j) = j < rows ? Unsafe.Add(ref source, j * ld + p) : 0f;
            }
        }
    }

    /// <summary>
    /// Floats ahead of the current depth step that the transposes prefetch on each source row (four cache lines): the
    /// six or eight rows a transpose reads are separate streams the hardware prefetcher follows poorly, and with
    /// operands coming from L3 (512³: 2 MiB of A and W per call) packing ran ~0.4–0.6 floats/ns without the hint and
    /// ~0.6–0.7 with it (32 ahead: ~0.5; 128: like 64).
    /// </summary>
    private const int PrefetchAhead = 64;

    /// <summary>Asks for the cache line holding <paramref name="at"/> (a hint: an address past the data is harmless).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Prefetch(ref float at)
    {
        if (Sse.IsSupported)
        {
            Sse.Prefetch0(Unsafe.AsPointer(ref at));
        }
    }

    /// <summary>
    /// The element-by-element panel copy for ragged panels and strides no vector path covers: line l (a row of A or a
    /// column of B, <paramref name="lineStride"/> apart) has its depth values <paramref name="step"/> apart and lands
    /// at packed[p · group + l].
    /// </summary>
    private static void Interleave(ref float origin, int lines, int lineStride, int step, int depth, ref float packed, int group)
    {
        for (int l = 0; l < lines; l++)
        {
            ref float source = ref Unsafe.Add(ref origin, l * lineStride);
            for (int p = 0; p < depth; p++)
            {
                Unsafe.Add(ref packed, p * group + l) = Unsafe.Add(ref source, p * step);
            }
        }
    }
}
