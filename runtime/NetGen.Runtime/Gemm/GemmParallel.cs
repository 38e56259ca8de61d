namespace NetGen.Runtime;

/// <summary>
/// Splits one large GEMM over the processor's cores by columns of C (and B), or by rows of C (and A) when C is taller
/// than wide: each core runs the packed driver on its own range with its own packing buffers, so every element of C is
/// computed exactly as single-threaded (the same bits: each element's sum runs through the same depth blocks and FMA
/// order whatever tile holds it). Every core packs all of the operand that is not split, so the split runs along the
/// longer side of C and duplicates the smaller packing (a layer's x·Wᵀ at batch 128 and 256 outputs splits its
/// columns; a 10-class head at batch 1024 splits its rows, which a column split could not: 10 columns are one strip).
/// A 2-D split would pay only beyond two cores per side. The cores are <see cref="CoreSplit"/>'s long-lived workers, so
/// a split call allocates nothing; small shapes stay on the calling thread, where the hand-off (a few microseconds)
/// would cost more than it saves.
/// </summary>
internal static unsafe class GemmParallel
{
    /// <summary>Below 2·m·n·k = 8 MFLOP (about 100 µs on one core) a split does not pay for its hand-off.</summary>
    internal const long MinimumFlops = 8L << 20;

    // The job being run, written while holding the split before the workers are released.
    private static Job _job;

    /// <summary>Cores the split uses (the caller's plus the workers').</summary>
    public static int Threads => CoreSplit.Threads;

    /// <summary>Whether c[m, n] = a·b is worth splitting: large enough, and at least two strips (Nr columns or Mr rows) per core on the side split.</summary>
    public static bool Worthwhile(int m, int n, int k, int nr) =>
        Threads > 1 && 2L * m * n * k >= MinimumFlops && (ByRows(m, n) ? m >= 2 * GemmKernels.Mr * Threads : n >= 2 * nr * Threads);

    /// <summary>Whether the split runs along rows: C taller than wide, so each core packing all of B costs less than all of A.</summary>
    private static bool ByRows(int m, int n) => m > n;

    /// <summary>
    /// Runs the column ranges of c[m, n] = a·b on every core and returns when all are done; returns false (and does
    /// nothing) if another thread is using the workers, in which case the caller runs single-threaded.
    /// </summary>
    public static bool TryRun(StridedMatrix a, StridedMatrix b, int m, int n, int k, Span<float> c, GemmScratch scratch, SimdWidth kernel)
    {
        if (!CoreSplit.TryEnter())
        {
            return false;
        }

        try
        {
            fixed (float* pa = a.Data, pb = b.Data, pc = c)
            {
                bool byRows = ByRows(m, n);
                int step = byRows ? GemmKernels.Mr : GemmKernels.Nr(kernel);
                int strips = ((byRows ? m : n) + step - 1) / step;
                _job = new Job((nint)pa, a.Data.Length, a.RowStride, a.ColumnStride, (nint)pb, b.Data.Length, b.RowStride, b.ColumnStride, (nint)pc, c.Length, m, n, k, kernel, byRows, step, strips);
                CoreSplit.Run(&RunShare, CoreSplit.Threads, scratch);
            }

            return true;
        }
        finally
        {
            CoreSplit.Exit();
        }
    }

    /// <summary>Share <paramref name="index"/> of the current job: a contiguous run of strips (Nr-wide columns or Mr-high rows).</summary>
    private static void RunShare(int index, int shares, GemmScratch scratch)
    {
        Job job = _job;
        int first = job.Strips * index / shares, last = job.Strips * (index + 1) / shares;
        int start = first * job.Step, end = Math.Min(job.ByRows ? job.M : job.N, last * job.Step);
        if (end <= start)
        {
            return;
        }

        var aData = new ReadOnlySpan<float>((float*)job.A, job.ALength);
        var bData = new ReadOnlySpan<float>((float*)job.B, job.BLength);
        var c = new Span<float>((float*)job.C, job.CLength);
        if (job.ByRows)
        {
            var a = new StridedMatrix(aData.Slice(start * job.ARowStride), job.ARowStride, job.AColumnStride);
            Gemm.ComputeColumns(a, new StridedMatrix(bData, job.BRowStride, job.BColumnStride), end - start, job.N, job.K, c.Slice(start * job.N), job.N, scratch, job.Kernel);
        }
        else
        {
            var b = new StridedMatrix(bData.Slice(start * job.BColumnStride), job.BRowStride, job.BColumnStride);
            Gemm.ComputeColumns(new StridedMatrix(aData, job.ARowStride, job.AColumnStride), b, job.M, end - start, job.K, c.Slice(start), job.N, scratch, job.Kernel);
        }
    }

    /// <summary>The operands as addresses (pinned by the caller until every share is done) and the shape.</summary>
    private readonly record struct Job(
        nint A, int ALength, int ARowStride, int AColumnStride,
        nint B, int BLength, int BRowStride, int BColumnStride,
        nint C, int CLength, int M, int N, int K, SimdWidth Kernel, bool ByRows, int Step, int Strips);
}
