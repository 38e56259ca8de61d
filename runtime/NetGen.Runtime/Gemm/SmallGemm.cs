using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NetGen.Runtime;

/// <summary>
/// c[m, n] = a[m, k] · b[k, n] for a product whose operands sit in L2 (A up to 128 KiB, B up to 256 KiB) on either vector
/// kernel (6 × 16 AVX2, 6 × 32 AVX-512), without the copies that buy nothing at that size: full 6-row tiles of A are read through A's
/// strides, and a row-major B is read in place (Nr columns of row p at b[p · ldb], kept in L1 across A's row tiles by
/// the loop order). Only a B read through a transpose (the forward pass's Wᵀ) is packed, a strip at a time, and the ragged last
/// panels of each operand, zero-padded so the kernel never reads past them. MLP 64-32-10's products spent more time packing
/// than multiplying.
/// </summary>
internal static class SmallGemm
{
    /// <summary>Floats of A (m·k) and of B (k·n) up to which the operands stay in L2 across the tile loops.</summary>
    private const long MaxAFloats = 32 * 1024, MaxBFloats = 64 * 1024;

    /// <summary>
    /// Whether the product is small enough: both operands within their L2 budgets, a packed strip of B (k × Nr) within
    /// the packing buffer, and the ragged rows' panel (6 × k) within A's.
    /// </summary>
    public static bool Applies(int m, int n, int k, SimdWidth kernel) =>
        kernel != SimdWidth.Scalar && (long)m * k <= MaxAFloats && (long)k * n <= MaxBFloats
        && (long)k * GemmKernels.Nr(kernel) <= (long)Gemm.Kc * Gemm.Nc && GemmKernels.Mr * k <= Gemm.Mc * Gemm.Kc;

    /// <summary>
    /// c = a · b by the loops above. Never inlined into Gemm's public forms: with the forms' checks and the packed
    /// driver beside it, the inliner's budget ran out there and the edge tiles' span slicing became calls.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Compute(StridedMatrix a, StridedMatrix b, int m, int n, int k, Span<float> c, GemmScratch scratch, SimdWidth kernel)
    {
        const int mr = GemmKernels.Mr;
        int nr = GemmKernels.Nr(kernel);
        bool inPlaceB = b.ColumnStride == 1;
        Span<float> packedA = scratch.PackedA, packedB = scratch.PackedB, edge = scratch.EdgeTile;
        int fullRows = m / mr * mr;
        if (fullRows < m)
        {
            GemmPacking.PackA(a, fullRows, m - fullRows, 0, k, packedA);
        }

        ref float aData = ref MemoryMarshal.GetReference(a.Data);
        ref float cData = ref MemoryMarshal.GetReference(c);
        for (int jr = 0; jr < n; jr += nr)
        {
            // A last strip narrower than the kernel may run on a narrower one (10 columns: one 16-wide AVX2 tile, not
            // a 32-wide AVX-512 tile of which 22 columns are padding).
            int columns = Math.Min(nr, n - jr);
            SimdWidth tileKernel = GemmKernels.ForColumns(kernel, columns);
            int tileNr = GemmKernels.Nr(tileKernel);
            ref float panel = ref MemoryMarshal.GetReference(packedB);
            int bStep = tileNr;
            if (inPlaceB && columns == tileNr)
            {
                panel = ref Unsafe.Add(ref MemoryMarshal.GetReference(b.Data), jr);
                bStep = b.RowStride;
            }
            else
            {
                // One strip at a time, reused from L1 across every row tile below.
                GemmPacking.PackB(b, 0, k, jr, columns, tileNr, packedB);
            }

            for (int ir = 0; ir < m; ir += mr)
            {
                int rows = Math.Min(mr, m - ir);
                bool fullTile = rows == mr;
                ref float tile = ref fullTile ? ref Unsafe.Add(ref aData, ir * a.RowStride) : ref MemoryMarshal.GetReference(packedA);
                int aRow = fullTile ? a.RowStride : 1, aStep = fullTile ? a.ColumnStride : mr;
                // A full 6-row tile goes straight into C, also when the 16-wide kernel's strip is narrower (it stores
                // only the strip's columns); only ragged rows, and ragged 32-wide strips, go through the edge tile.
                if (fullTile && (columns == tileNr || tileKernel == SimdWidth.Vector256))
                {
                    GemmKernels.RunStrided(tileKernel, k, ref tile, aRow, aStep, ref panel, bStep, ref Unsafe.Add(ref cData, ir * n + jr), n, accumulate: false, columns);
                    continue;
                }

                GemmKernels.RunStrided(tileKernel, k, ref tile, aRow, aStep, ref panel, bStep, ref MemoryMarshal.GetReference(edge), tileNr, accumulate: false, tileNr);
                Gemm.CopyEdge(edge.Slice(0, mr * tileNr), rows, columns, c.Slice(ir * n + jr), n, accumulate: false, tileKernel);
            }
        }
    }
}
