using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NetGen.Runtime;

/// <summary>
/// C[6, 32] (+)= Apanel[6, kc] · Bpanel[kc, 32] with twelve Vector512 accumulators held in registers
/// (AVX-512 has 32 zmm registers; 6 rows keep the same packing of A as the AVX2 kernel).
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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(int depth, ref float a, ref float b, ref float c, int ldc, bool accumulate)
    {
        Vector512<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector512<float> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        for (int p = 0; p < depth; p++)
        {
            Vector512<float> b0 = Vector512.LoadUnsafe(ref b, (nuint)(p * Nr));
            Vector512<float> b1 = Vector512.LoadUnsafe(ref b, (nuint)(p * Nr + 16));
            ref float ap = ref Unsafe.Add(ref a, p * GemmKernels.Mr);
            Vector512<float> a0 = Vector512.Create(ap);
            c00 = Vector512.FusedMultiplyAdd(a0, b0, c00);
            c01 = Vector512.FusedMultiplyAdd(a0, b1, c01);
            Vector512<float> a1 = Vector512.Create(Unsafe.Add(ref ap, 1));
            c10 = Vector512.FusedMultiplyAdd(a1, b0, c10);
            c11 = Vector512.FusedMultiplyAdd(a1, b1, c11);
            Vector512<float> a2 = Vector512.Create(Unsafe.Add(ref ap, 2));
            c20 = Vector512.FusedMultiplyAdd(a2, b0, c20);
            c21 = Vector512.FusedMultiplyAdd(a2, b1, c21);
            Vector512<float> a3 = Vector512.Create(Unsafe.Add(ref ap, 3));
            c30 = Vector512.FusedMultiplyAdd(a3, b0, c30);
            c31 = Vector512.FusedMultiplyAdd(a3, b1, c31);
            Vector512<float> a4 = Vector512.Create(Unsafe.Add(ref ap, 4));
            c40 = Vector512.FusedMultiplyAdd(a4, b0, c40);
            c41 = Vector512.FusedMultiplyAdd(a4, b1, c41);
            Vector512<float> a5 = Vector512.Create(Unsafe.Add(ref ap, 5));
            c50 = Vector512.FusedMultiplyAdd(a5, b0, c50);
            c51 = Vector512.FusedMultiplyAdd(a5, b1, c51);
        }

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
