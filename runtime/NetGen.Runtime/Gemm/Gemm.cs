using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NetGen.Runtime;

/// <summary>
/// Single-precision matrix multiply in the three forms a dense layer needs, on packed panels
/// (Goto/BLIS blocking: Nc columns of B, Kc of depth, Mc rows of A; a register-blocked Mr × Nr micro-kernel).
/// All matrices are row-major; transposes are read through strides while packing, never materialized.
/// </summary>
public static class Gemm
{
    /// <summary>
    /// Most depth of one packed block: Kc × Nr floats of B (16 KiB at Nr = 16, 32 KiB at Nr = 32) are reused from L1
    /// across a block of A. Measured on Zen 4 with the 6 × 32 kernel, 128 (a B panel of half L1) and 384 with Nc = 512
    /// and the row tiles outermost (A's panel in L1, B streamed from L2) ran within a few percent of 256, not faster.
    /// </summary>
    internal const int Kc = 256;

    /// <summary>Rows of A packed at once (a multiple of Mr): Mc × Kc floats (96 KiB) stay in L2.</summary>
    internal const int Mc = 96;

    /// <summary>
    /// Columns of B packed at once (a multiple of every Nr): a Kc × Nc block of B (512 KiB) stays in a 1 MiB L2 beside
    /// the block of A. In paired runs on Zen 4 with the AVX-512 kernel, 512 rather than 1024 ran the dense layers'
    /// 256×1024×784 and 256×1024×1024 ~5% faster and 1024³ ~4% slower (A is packed once per Nc columns); the AVX2
    /// kernel ran within noise either way.
    /// </summary>
    internal const int Nc = 512;

    /// <summary>The micro-kernel width the public forms run: <see cref="Simd.Width"/>.</summary>
    public static SimdWidth DefaultKernel => Simd.Width;

    /// <summary>y[rows, cols] = x[rows, depth] · w[cols, depth]ᵀ: the dense forward pass (w is PyTorch's [out, in]).</summary>
    public static void MultiplyTransposedB(ReadOnlySpan<float> x, ReadOnlySpan<float> w, int rows, int cols, int depth, Span<float> y, GemmScratch scratch) =>
        MultiplyTransposedB(x, w, rows, cols, depth, y, scratch, DefaultKernel);

    /// <summary>dx[rows, cols] = dy[rows, depth] · w[depth, cols]: the gradient flowing to a dense layer's input.</summary>
    public static void Multiply(ReadOnlySpan<float> dy, ReadOnlySpan<float> w, int rows, int cols, int depth, Span<float> dx, GemmScratch scratch) =>
        Multiply(dy, w, rows, cols, depth, dx, scratch, DefaultKernel);

    /// <summary>dw[rows, cols] = dy[depth, rows]ᵀ · x[depth, cols]: a dense layer's weight gradient, summed over the batch (depth).</summary>
    public static void MultiplyTransposedA(ReadOnlySpan<float> dy, ReadOnlySpan<float> x, int rows, int cols, int depth, Span<float> dw, GemmScratch scratch) =>
        MultiplyTransposedA(dy, x, rows, cols, depth, dw, scratch, DefaultKernel);

    internal static void MultiplyTransposedB(ReadOnlySpan<float> x, ReadOnlySpan<float> w, int rows, int cols, int depth, Span<float> y, GemmScratch scratch, SimdWidth kernel)
    {
        CheckShapes(x.Length, nameof(x), rows, depth, w.Length, nameof(w), cols, depth, y.Length, nameof(y), rows, cols);
        if (rows <= RowDot.MaxRows && kernel != SimdWidth.Scalar)
        {
            RowDot.MultiplyTransposedB(x, w, rows, cols, depth, y, scratch, kernel);
            return;
        }

        if (rows * cols <= RowDot.MaxDeepOutputs && depth >= RowDot.MinDeepDepth && kernel != SimdWidth.Scalar)
        {
            RowDot.MultiplyTransposedBDeep(x, w, rows, cols, depth, y, kernel);
            return;
        }

        Compute(new StridedMatrix(x, depth, 1), new StridedMatrix(w, 1, depth), rows, cols, depth, y, scratch, kernel);
    }

    internal static void Multiply(ReadOnlySpan<float> dy, ReadOnlySpan<float> w, int rows, int cols, int depth, Span<float> dx, GemmScratch scratch, SimdWidth kernel)
    {
        CheckShapes(dy.Length, nameof(dy), rows, depth, w.Length, nameof(w), depth, cols, dx.Length, nameof(dx), rows, cols);
        Compute(new StridedMatrix(dy, depth, 1), new StridedMatrix(w, cols, 1), rows, cols, depth, dx, scratch, kernel);
    }

    internal static void MultiplyTransposedA(ReadOnlySpan<float> dy, ReadOnlySpan<float> x, int rows, int cols, int depth, Span<float> dw, GemmScratch scratch, SimdWidth kernel)
    {
        CheckShapes(dy.Length, nameof(dy), depth, rows, x.Length, nameof(x), depth, cols, dw.Length, nameof(dw), rows, cols);
        Compute(new StridedMatrix(dy, 1, rows), new StridedMatrix(x, cols, 1), rows, cols, depth, dw, scratch, kernel);
    }

    /// <summary>c[m, n] = a[m, k] · b[k, n], c row-major with row stride n; split over cores when the shape is large (<see cref="GemmParallel"/>).</summary>
    private static void Compute(StridedMatrix a, StridedMatrix b, int m, int n, int k, Span<float> c, GemmScratch scratch, SimdWidth kernel)
    {
        if (m == 0 || n == 0)
        {
            return;
        }

        if (k == 0)
        {
            c.Slice(0, m * n).Clear();
            return;
        }

        if (Parallel && GemmParallel.Worthwhile(m, n, k, GemmKernels.Nr(kernel)) && GemmParallel.TryRun(a, b, m, n, k, c, scratch, kernel))
        {
            return;
        }

        if (SmallGemm.Applies(m, n, k, kernel))
        {
            SmallGemm.Compute(a, b, m, n, k, c, scratch, kernel);
            return;
        }

        ComputeColumns(a, b, m, n, k, c, n, scratch, kernel);
    }

    /// <summary>Whether large GEMMs and direct convolutions may use every core (on by default; benchmarks turn it off to measure one core).</summary>
    public static bool Parallel { get; set; } = true;

    /// <summary>Cores a split GEMM uses.</summary>
    public static int ParallelThreads => GemmParallel.Threads;

    /// <summary>The packed driver on one thread: c[m, n] = a[m, k] · b[k, n] with c's rows <paramref name="ldc"/> apart.</summary>
    internal static void ComputeColumns(StridedMatrix a, StridedMatrix b, int m, int n, int k, Span<float> c, int ldc, GemmScratch scratch, SimdWidth kernel)
    {
        int nr = GemmKernels.Nr(kernel), depthBlock = DepthBlock(k);
        for (int jc = 0; jc < n; jc += Nc)
        {
            int nc = Math.Min(Nc, n - jc);
            for (int pc = 0; pc < k; pc += depthBlock)
            {
                int kc = Math.Min(depthBlock, k - pc);
                PackBlockB(b, pc, kc, jc, nc, nr, scratch.PackedB, kernel);
                for (int ic = 0; ic < m; ic += Mc)
                {
                    int mc = Math.Min(Mc, m - ic);
                    GemmPacking.PackA(a, ic, mc, pc, kc, scratch.PackedA);
                    MultiplyBlock(mc, nc, kc, c.Slice(ic * ldc + jc), ldc, accumulate: pc > 0, scratch, kernel, nr);
                }
            }
        }
    }

    /// <summary>
    /// The depth per block: k split into as few blocks of at most <see cref="Kc"/> as it takes, of equal depth rounded up
    /// to a multiple of 8 (the packing transposes' step). 784 = 4 × 196 rather than 3 × 256 + 16: a 16-deep last block
    /// stores and reloads every tile of C for 16 FMAs per accumulator.
    /// </summary>
    internal static int DepthBlock(int k)
    {
        int blocks = Math.Max(1, (k + Kc - 1) / Kc);
        return Math.Min(Kc, ((k + blocks - 1) / blocks + 7) / 8 * 8);
    }

    /// <summary>
    /// B's block as Nr-wide panels, except a last strip that <see cref="GemmKernels.ForColumns"/> gives to a narrower
    /// kernel, packed at that kernel's width (a 10-column layer is one 16-wide panel at AVX-512, not 32-wide).
    /// </summary>
    private static void PackBlockB(StridedMatrix b, int pc, int kc, int jc, int nc, int nr, Span<float> packedB, SimdWidth kernel)
    {
        int full = nc / nr * nr;
        int tailNr = GemmKernels.Nr(GemmKernels.ForColumns(kernel, nc - full));
        GemmPacking.PackB(b, pc, kc, jc, full, nr, packedB);
        if (full < nc)
        {
            GemmPacking.PackB(b, pc, kc, jc + full, nc - full, tailNr, packedB.Slice(full * kc));
        }
    }

    /// <summary>One packed block: every Mr × Nr tile of c[mc, nc] from the packed panels of A and B.</summary>
    private static void MultiplyBlock(int mc, int nc, int kc, Span<float> c, int ldc, bool accumulate, GemmScratch scratch, SimdWidth blockKernel, int blockNr)
    {
        const int mr = GemmKernels.Mr;
        Span<float> edge = scratch.EdgeTile, packedA = scratch.PackedA, packedB = scratch.PackedB;
        for (int jr = 0; jr < nc; jr += blockNr)
        {
            int tileColumns = Math.Min(blockNr, nc - jr);
            SimdWidth kernel = GemmKernels.ForColumns(blockKernel, tileColumns);
            int nr = GemmKernels.Nr(kernel);
            ReadOnlySpan<float> bPanel = packedB.Slice(jr * kc, nr * kc);
            for (int ir = 0; ir < mc; ir += mr)
            {
                int tileRows = Math.Min(mr, mc - ir);
                ReadOnlySpan<float> aPanel = packedA.Slice(ir * kc, mr * kc);
                if (tileRows == mr && tileColumns == nr)
                {
                    RunKernel(kernel, kc, aPanel, bPanel, c.Slice(ir * ldc + jr), ldc, accumulate);
                    continue;
                }

                // Ragged edge: compute the full padded tile aside, then copy the part that exists.
                RunKernel(kernel, kc, aPanel, bPanel, edge, nr, accumulate: false);
                CopyEdge(edge.Slice(0, GemmKernels.Mr * nr), tileRows, tileColumns, c.Slice(ir * ldc + jr), ldc, accumulate, kernel);
            }
        }
    }

    /// <summary>
    /// c[rows, columns] (+)= the top-left of a padded tile computed aside (its rows Nr = tile.Length / Mr apart), eight
    /// columns at a time on a vector width. A small product's every tile can be an edge (MLP 64-32-10's 10-column output
    /// layer): a memmove per row of ten floats cost more than the tile's multiply.
    /// </summary>
    internal static void CopyEdge(ReadOnlySpan<float> tile, int rows, int columns, Span<float> c, int ldc, bool accumulate, SimdWidth width)
    {
        int nr = tile.Length / GemmKernels.Mr;
        if (rows > GemmKernels.Mr || columns > nr)
        {
            SpanErrors.MatrixTooShort(nameof(tile), tile.Length, rows, columns);
        }

        if (rows > 0 && c.Length < (long)(rows - 1) * ldc + columns)
        {
            SpanErrors.TooShort(nameof(c), c.Length, (long)(rows - 1) * ldc + columns);
        }

        ref float source = ref MemoryMarshal.GetReference(tile);
        ref float target = ref MemoryMarshal.GetReference(c);
        int vectorColumns = width == SimdWidth.Scalar ? 0 : columns / Vector256<float>.Count * Vector256<float>.Count;
        for (int r = 0; r < rows; r++)
        {
            ref float tileRow = ref Unsafe.Add(ref source, r * nr);
            ref float cRow = ref Unsafe.Add(ref target, r * ldc);
            for (int j = 0; j < vectorColumns; j += Vector256<float>.Count)
            {
                Vector256<float> value = Vector256.LoadUnsafe(ref tileRow, (nuint)j);
                if (accumulate)
                {
                    value += Vector256.LoadUnsafe(ref cRow, (nuint)j);
                }

                value.StoreUnsafe(ref cRow, (nuint)j);
            }

            for (int j = vectorColumns; j < columns; j++)
            {
                Unsafe.Add(ref cRow, j) = accumulate ? Unsafe.Add(ref cRow, j) + Unsafe.Add(ref tileRow, j) : Unsafe.Add(ref tileRow, j);
            }
        }
    }

    private static void RunKernel(SimdWidth kernel, int kc, ReadOnlySpan<float> aPanel, ReadOnlySpan<float> bPanel, Span<float> c, int ldc, bool accumulate)
    {
        ref float a = ref MemoryMarshal.GetReference(aPanel);
        ref float b = ref MemoryMarshal.GetReference(bPanel);
        ref float cTile = ref MemoryMarshal.GetReference(c);
        switch (kernel)
        {
            case SimdWidth.Vector512:
                MicroKernel512.Run(kc, ref a, ref b, ref cTile, ldc, accumulate);
                break;
            case SimdWidth.Vector256:
                MicroKernel256.Run(kc, ref a, ref b, ref cTile, ldc, accumulate);
                break;
            default:
                MicroKernelScalar.Run(kc, aPanel, bPanel, c, ldc, accumulate);
                break;
        }
    }

    private static void CheckShapes(int aLength, string aName, int aRows, int aColumns, int bLength, string bName, int bRows, int bColumns, int cLength, string cName, int cRows, int cColumns)
    {
        if (aRows < 0 || aColumns < 0 || bColumns < 0)
        {
            SpanErrors.NegativeDimensions(aName, aRows, aColumns, bRows, bColumns);
        }

        CheckLength(aLength, aName, aRows, aColumns);
        CheckLength(bLength, bName, bRows, bColumns);
        CheckLength(cLength, cName, cRows, cColumns);
    }

    private static void CheckLength(int length, string name, int rows, int columns)
    {
        if (length < (long)rows * columns)
        {
            SpanErrors.MatrixTooShort(name, length, rows, columns);
        }
    }
}
