using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NetGen.Runtime;

/// <summary>
/// C[6, 32] (+)= Apanel[6, kc] · Bpanel[kc, 32] with twelve Vector512 accumulators held in registers, the AVX-512
/// counterpart of <see cref="MicroKernel256"/> with the same three ways of reading the operands (packed, strided,
/// indexed) and the same packing of A. Twelve accumulators cover the FMA latency on both Zen 4 and Intel cores, and the
/// tile needs 2 B loads and 6 broadcasts per 12 FMAs, well inside two loads a cycle. Taller tiles (8 × 32 with 16
/// accumulators, 12 × 32 with 24) ran no faster on Zen 4: on packed panels in cache all three reached ~94% of the
/// one-core FMA peak, so the 6-row panels of A stay shared with the AVX2 kernel.
/// The three entry points are never inlined: inlined into a large caller under tiered PGO, the caller's inlining budget
/// ran out before <c>Step</c> and <c>StoreTile</c>, which then ran as calls inside the depth loop.
/// </summary>
internal static class MicroKernel512
{
    public const int Nr = 32;

    /// <param name="depth">kc, the shared dimension of the two panels.</param>
    /// <param name="a">Packed A panel: depth groups of 6 values.</param>
    /// <param name="b">Packed B panel: depth groups of 32 values.</param>
    /// <param name="c">Top-left element of the 6 × 32 tile of C.</param>
    /// <param name="ldc">Row stride of C.</param>
    /// <param name="accumulate">Add to C (true) or overwrite it (false).</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    public static void Run(int depth, ref float a, ref float b, ref float c, int ldc, bool accumulate)
    {
        Vector512<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector512<float> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        // Moving refs, two depth steps per iteration: indexing with p · Nr each step cost an address computation and
        // a loop-counter dependency per 12 FMAs.
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
    /// b[p · bStep] (the contract of <see cref="MicroKernel256.RunStrided"/>, 32 columns of B per row).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    public static void RunStrided(int depth, ref float a, int aRow, int aStep, ref float b, int bStep, ref float c, int ldc, bool accumulate)
    {
        Vector512<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector512<float> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        for (int p = 0; p < depth; p++)
        {
            Step(ref a, aRow, ref b, ref c00, ref c01, ref c10, ref c11, ref c20, ref c21, ref c30, ref c31, ref c40, ref c41, ref c50, ref c51);
            a = ref Unsafe.Add(ref a, aStep);
            b = ref Unsafe.Add(ref b, bStep);
        }

        StoreTile(ref c, ldc, accumulate, c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51);
    }

    /// <summary>
    /// The same tile with B read in place: depth step p takes its 32 values from b[offsets[p] .. offsets[p] + 32)
    /// (the contract of <see cref="MicroKernel256.RunIndexed"/>; <see cref="DirectConv"/>'s image windows).
    /// </summary>
    /// <param name="offsets">Where each depth step's 32 values start, relative to <paramref name="b"/>.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    public static void RunIndexed(int depth, ref float a, ref float b, ref int offsets, ref float c, int ldc, bool accumulate)
    {
        Vector512<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector512<float> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
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

    /// <summary>One depth step: the tile += a[r · aRow] for r in 0..6 ⊗ b[0..32) (aRow = 1 for a packed panel, a constant the JIT folds).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Step(
        ref float a, nint aRow, ref float b,
        ref Vector512<float> c00, ref Vector512<float> c01, ref Vector512<float> c10, ref Vector512<float> c11, ref Vector512<float> c20, ref Vector512<float> c21,
        ref Vector512<float> c30, ref Vector512<float> c31, ref Vector512<float> c40, ref Vector512<float> c41, ref Vector512<float> c50, ref Vector512<float> c51)
    {
        Vector512<float> b0 = Vector512.LoadUnsafe(ref b);
        Vector512<float> b1 = Vector512.LoadUnsafe(ref b, 16);
        Vector512<float> a0 = Vector512.Create(a);
        c00 = Vector512.FusedMultiplyAdd(a0, b0, c00);
        c01 = Vector512.FusedMultiplyAdd(a0, b1, c01);
        Vector512<float> a1 = Vector512.Create(Unsafe.Add(ref a, aRow));
        c10 = Vector512.FusedMultiplyAdd(a1, b0, c10);
        c11 = Vector512.FusedMultiplyAdd(a1, b1, c11);
        Vector512<float> a2 = Vector512.Create(Unsafe.Add(ref a, 2 * aRow));
        c20 = Vector512.FusedMultiplyAdd(a2, b0, c20);
        c21 = Vector512.FusedMultiplyAdd(a2, b1, c21);
        Vector512<float> a3 = Vector512.Create(Unsafe.Add(ref a, 3 * aRow));
        c30 = Vector512.FusedMultiplyAdd(a3, b0, c30);
        c31 = Vector512.FusedMultiplyAdd(a3, b1, c31);
        Vector512<float> a4 = Vector512.Create(Unsafe.Add(ref a, 4 * aRow));
        c40 = Vector512.FusedMultiplyAdd(a4, b0, c40);
        c41 = Vector512.FusedMultiplyAdd(a4, b1, c41);
        Vector512<float> a5 = Vector512.Create(Unsafe.Add(ref a, 5 * aRow));
        c50 = Vector512.FusedMultiplyAdd(a5, b0, c50);
        c51 = Vector512.FusedMultiplyAdd(a5, b1, c51);
    }

    /// <summary>The six rows of a finished tile into C (rows <paramref name="ldc"/> apart), added to it or overwriting it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreTile(
        ref float c, int ldc, bool accumulate,
        Vector512<float> c00, Vector512<float> c01, Vector512<float> c10, Vector512<float> c11, Vector512<float> c20, Vector512<float> c21,
        Vector512<float> c30, Vector512<float> c31, Vector512<float> c40, Vector512<float> c41, Vector512<float> c50, Vector512<float> c51)
    {
        StoreRow(ref c, c00, c01, accumulate);
        StoreRow(ref Unsafe.Add(ref c, ldc), c10, c11, accumulate);
        StoreRow(ref Unsafe.Add(ref c, 2 * ldc), c20, c21, accumulate);
        StoreRow(ref Unsafe.Add(ref c, 3 * ldc), c30, c31, accumulate);
        StoreRow(ref Unsafe.Add(ref c, 4 * ldc), c40, c41, accumulate);
        StoreRow(ref Unsafe.Add(ref c, 5 * ldc), c50, c51, accumulate);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRow(ref float row, Vector512<float> left, Vector512<float> right, bool accumulate)
    {
        if (accumulate)
        {
            left += Vector512.LoadUnsafe(ref row);
            right += Vector512.LoadUnsafe(ref row, 16);
        }

        left.StoreUnsafe(ref row);
        right.StoreUnsafe(ref row, 16);
    }
}
