namespace NetGen.Runtime;

/// <summary>
/// Splits one large GEMM over the processor's cores by columns of C (and B): each core runs the packed driver on its own
/// column range with its own packing buffers, so every element of C is computed exactly as single-threaded (the same
/// bits) and B, the larger operand in a layer's passes, is packed once in total. The cores are <see cref="CoreSplit"/>'s
/// long-lived workers, so a split call allocates nothing; small shapes stay on the calling thread, where the hand-off
/// (a few microseconds) would cost more than it saves.
/// </summary>
internal static unsafe class GemmParallel
{
    /// <summary>Below 2·m·n·k = 8 MFLOP (about 100 µs on one core) a split does not pay for its hand-off.</summary>
    internal const long MinimumFlops = 8L << 20;

    // The job being run, written while holding the split before the workers are released.
    private static Job _job;

    /// <summary>Cores the split uses (the caller's plus the workers').</summary>
    public static int Threads => CoreSplit.Threads;

    /// <summary>Whether c[m, n] = a·b is worth splitting: large enough, and at least one Nr-wide strip per core.</summary>
    public static bool Worthwhile(int m, int n, int k, int nr) =>
        Threads > 1 && 2L * m * n * k >= MinimumFlops && n >= 2 * nr * Threads;

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
                int nr = GemmKernels.Nr(kernel);
                int strips = (n + nr - 1) / nr;
                _job = new Job((nint)pa, a.Data.Length, a.RowStride, a.ColumnStride, (nint)pb, b.Data.Length, b.RowStride, b.ColumnStride, (nint)pc, c.Length, m, n, k, kernel, nr, strips);
                CoreSplit.Run(&RunShare, CoreSplit.Threads, scratch);
            }

            return true;
        }
        finally
        {
            CoreSplit.Exit();
        }
    }

    /// <summary>Share <paramref name="index"/> of the current job: a contiguous run of Nr-wide column strips.</summary>
    private static void RunShare(int index, int shares, GemmScratch scratch)
    {
        Job job = _job;
        int first = job.Strips * index / shares, last = job.Strips * (index + 1) / shares;
        int j0 = first * job.Nr, j1 = Math.Min(job.N, last * job.Nr);
        if (j1 <= j0)
        {
            return;
        }

        var a = new StridedMatrix(new ReadOnlySpan<float>((float*)job.A, job.ALength), job.ARowStride, job.AColumnStride);
        var b = new StridedMatrix(new ReadOnlySpan<float>((float*)job.B, job.BLength).Slice(j0 * job.BColumnStride), job.BRowStride, job.BColumnStride);
        Gemm.ComputeColumns(a, b, job.M, j1 - j0, job.K, new Span<float>((float*)job.C, job.CLength).Slice(j0), job.N, scratch, job.Kernel);
    }

    /// <summary>The operands as addresses (pinned by the caller until every share is done) and the shape.</summary>
    private readonly record struct Job(
        nint A, int ALength, int ARowStride, int AColumnStride,
        nint B, int BLength, int BRowStride, int BColumnStride,
        nint C, int CLength, int M, int N, int K, SimdWidth Kernel, int Nr, int Strips);
}
