using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NetGen.Runtime;

/// <summary>
/// y[rows, cols] = x[rows, depth] · w[cols, depth]ᵀ as one dot product per output, for a handful of rows: both operands
/// are already contiguous along depth, so packing (which copies all of w per call) and 6-row micro-tiles (mostly padding
/// at one row) would cost more than the arithmetic. This is the single-sample Predict path. Each row of w is read from
/// memory once and used for every row of x; a layer whose weights stream from beyond L2 is split by columns over the
/// cores (each output's dot is the same either way, so the bits are too).
/// </summary>
internal static unsafe class RowDot
{
    /// <summary>Below this many rows the dot-product form beats the packed GEMM.</summary>
    public const int MaxRows = 4;

    /// <summary>
    /// Multiply-adds from which the dots are split over the cores: 128 Ki (a 512 KiB weight at one row, about 6 µs on one
    /// core), where the hand-off's microsecond or two is paid back. Single-sample Predict on the 2-vCPU EPYC, split against
    /// one core (alternating runs): MLP 784-256-128-10 1.27× (its 784 × 256 splits, 256 × 128 does not), 10 × 500 tanh
    /// 1.60×, MLP 784-1024-1024-10 1.63×; a threshold of 256 Ki left 500 × 500 unsplit.
    /// </summary>
    internal const long MinimumSplitMacs = 1L << 17;

    // The split product being run, written while holding the workers before they are released.
    private static Job _job;

    public static void MultiplyTransposedB(ReadOnlySpan<float> x, ReadOnlySpan<float> w, int rows, int cols, int depth, Span<float> y, GemmScratch scratch, SimdWidth width)
    {
        if (Gemm.Parallel && CoreSplit.Threads > 1 && (long)rows * cols * depth >= MinimumSplitMacs && cols >= 2 * CoreSplit.Threads
            && TrySplit(x, w, rows, cols, depth, y, scratch, width))
        {
            return;
        }

        Columns(x, w, rows, 0, cols, cols, depth, y, width);
    }

    /// <summary>y[i, j] for every row i and the columns j in [start, end): w's row j once from memory, then from L1 for each row of x.</summary>
    private static void Columns(ReadOnlySpan<float> x, ReadOnlySpan<float> w, int rows, int start, int end, int cols, int depth, Span<float> y, SimdWidth width)
    {
        for (int j = start; j < end; j++)
        {
            ReadOnlySpan<float> wj = w.Slice(j * depth, depth);
            for (int i = 0; i < rows; i++)
            {
                y[i * cols + j] = Dot(x.Slice(i * depth, depth), wj, width);
            }
        }
    }

    /// <summary>Runs contiguous column ranges on every core; false (nothing done) if another thread holds the workers.</summary>
    private static bool TrySplit(ReadOnlySpan<float> x, ReadOnlySpan<float> w, int rows, int cols, int depth, Span<float> y, GemmScratch scratch, SimdWidth width)
    {
        if (!CoreSplit.TryEnter())
        {
            return false;
        }

        try
        {
            fixed (float* px = x, pw = w, py = y)
            {
                _job = new Job((nint)px, x.Length, (nint)pw, w.Length, (nint)py, y.Length, rows, cols, depth, width);
                CoreSplit.Run(&RunShare, CoreSplit.Threads, scratch);
            }

            return true;
        }
        finally
        {
            CoreSplit.Exit();
        }
    }

    /// <summary>Share <paramref name="index"/> of the current job: its contiguous range of columns.</summary>
    private static void RunShare(int index, int shares, GemmScratch scratch)
    {
        Job job = _job;
        int start = (int)((long)job.Cols * index / shares), end = (int)((long)job.Cols * (index + 1) / shares);
        var x = new ReadOnlySpan<float>((float*)job.X, job.XLength);
        var w = new ReadOnlySpan<float>((float*)job.W, job.WLength);
        var y = new Span<float>((float*)job.Y, job.YLength);
        Columns(x, w, job.Rows, start, end, job.Cols, job.Depth, y, job.Width);
    }

    /// <summary>The operands as addresses (pinned by the caller until every share is done) and the shape.</summary>
    private readonly record struct Job(nint X, int XLength, nint W, int WLength, nint Y, int YLength, int Rows, int Cols, int Depth, SimdWidth Width);

    /// <summary>Below this many outputs a deep product is computed as dot products, not packed tiles.</summary>
    public const int MaxDeepOutputs = 1024;

    /// <summary>Depth from which <see cref="MultiplyTransposedBDeep"/> pays: long dots, tiles that would be mostly packing.</summary>
    public const int MinDeepDepth = 1024;

    /// <summary>Depth per block: a block of every row of x and w (up to 64 rows × 2 KiB) stays in L2 while its dots run.</summary>
    private const int DeepBlock = 512;

    /// <summary>
    /// y = x·wᵀ for few outputs over a long depth (a convolution's weight gradient: F × C·K·K outputs summed over
    /// batch × positions): the packed GEMM would pad and pack more than it multiplies, so each output is a dot product,
    /// taken block by block along the depth so that the rows of one block are reused from cache.
    /// </summary>
    public static void MultiplyTransposedBDeep(ReadOnlySpan<float> x, ReadOnlySpan<float> w, int rows, int cols, int depth, Span<float> y, SimdWidth width)
    {
        y.Slice(0, rows * cols).Clear();
        for (int k0 = 0; k0 < depth; k0 += DeepBlock)
        {
            int length = Math.Min(DeepBlock, depth - k0);
            for (int i = 0; i < rows; i++)
            {
                ReadOnlySpan<float> xi = x.Slice(i * depth + k0, length);
                for (int j = 0; j < cols; j++)
                {
                    y[i * cols + j] += Dot(xi, w.Slice(j * depth + k0, length), width);
                }
            }
        }
    }

    /// <summary>
    /// Σ a[k] · b[k] for k below a.Length (b at least as long): four independent accumulators of the
    /// width's vectors hide the FMA latency; at Vector512 a Vector256 step takes an 8-float remainder before the scalar tail.
    /// </summary>
    internal static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b, SimdWidth width)
    {
        ref float ar = ref MemoryMarshal.GetReference(a);
        ref float br = ref MemoryMarshal.GetReference(b);
        int n = a.Length, k = 0;
        float total = 0f;
        if (width == SimdWidth.Vector512)
        {
            Vector512<float> s0 = default, s1 = default, s2 = default, s3 = default;
            for (; k <= n - 64; k += 64)
            {
                s0 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref ar, (nuint)k), Vector512.LoadUnsafe(ref br, (nuint)k), s0);
                s1 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref ar, (nuint)(k + 16)), Vector512.LoadUnsafe(ref br, (nuint)(k + 16)), s1);
                s2 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref ar, (nuint)(k + 32)), Vector512.LoadUnsafe(ref br, (nuint)(k + 32)), s2);
                s3 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref ar, (nuint)(k + 48)), Vector512.LoadUnsafe(ref br, (nuint)(k + 48)), s3);
            }

            for (; k <= n - 16; k += 16)
            {
                s0 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref ar, (nuint)k), Vector512.LoadUnsafe(ref br, (nuint)k), s0);
            }

            Vector512<float> sum = (s0 + s1) + (s2 + s3);
            Vector256<float> half = sum.GetLower() + sum.GetUpper();
            if (k <= n - 8)
            {
                half = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref ar, (nuint)k), Vector256.LoadUnsafe(ref br, (nuint)k), half);
                k += 8;
            }

            total = Vector256.Sum(half);
        }
        else if (width == SimdWidth.Vector256)
        {
            Vector256<float> s0 = default, s1 = default, s2 = default, s3 = default;
            for (; k <= n - 32; k += 32)
            {
                s0 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref ar, (nuint)k), Vector256.LoadUnsafe(ref br, (nuint)k), s0);
                s1 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref ar, (nuint)(k + 8)), Vector256.LoadUnsafe(ref br, (nuint)(k + 8)), s1);
                s2 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref ar, (nuint)(k + 16)), Vector256.LoadUnsafe(ref br, (nuint)(k + 16)), s2);
                s3 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref ar, (nuint)(k + 24)), Vector256.LoadUnsafe(ref br, (nuint)(k + 24)), s3);
            }

            for (; k <= n - 8; k += 8)
            {
                s0 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref ar, (nuint)k), Vector256.LoadUnsafe(ref br, (nuint)k), s0);
            }

            total = Vector256.Sum((s0 + s1) + (s2 + s3));
        }

        for (; k < n; k++)
        {
            total += Unsafe.Add(ref ar, k) * Unsafe.Add(ref br, k);
        }

        return total;
    }
}
