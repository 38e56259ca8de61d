namespace NetGen.Runtime;

/// <summary>
/// Max pooling's forward pass and backward scatter spread over the cores by sample ranges (<see cref="CoreSplit"/>):
/// samples are independent and each share writes only its own samples' outputs, so the result is the same bits as one
/// thread. Pooling is memory-bound and was the largest pass of LeNet-5's step left on one core (its two layers at batch
/// 64 took ~130 µs of a ~1 ms step on a 2-core Zen 5 EPYC). The callers check every span (and the winners) first, so
/// a share never throws.
/// </summary>
internal static unsafe class PoolingSplit
{
    /// <summary>
    /// Floats of input per call from which a split pays: LeNet-5's second pooling (64 × 16 × 10 × 10, 102,400) took
    /// ~30 µs a pass on one core, against a hand-over of a few µs to a worker that is awake.
    /// </summary>
    public const int MinimumInputs = 32 * 1024;

    // The split call being run, written while holding CoreSplit before the workers are released.
    private static Job _job;

    /// <summary>Runs <see cref="Pooling.MaxForwardSamples"/> in sample ranges on every core; false (nothing done) when the call is too small to split or the workers are taken.</summary>
    public static bool TryMaxForward(ReadOnlySpan<float> x, in ConvShape shape, int batch, Span<float> y, Span<int> winners, SimdWidth simd)
    {
        if (!Pays(shape, batch) || !CoreSplit.TryEnter())
        {
            return false;
        }

        try
        {
            fixed (float* px = x, py = y)
            fixed (int* pw = winners)
            {
                _job = new Job(shape, (nint)px, x.Length, (nint)py, y.Length, (nint)pw, winners.Length, batch, simd);
                Run(&ForwardShare, batch);
            }

            return true;
        }
        finally
        {
            CoreSplit.Exit();
        }
    }

    /// <summary>Runs <see cref="Pooling.MaxBackwardSamples"/> in sample ranges on every core; false (nothing done) as <see cref="TryMaxForward"/>.</summary>
    public static bool TryMaxBackward(ReadOnlySpan<float> dy, ReadOnlySpan<int> winners, in ConvShape shape, int batch, Span<float> dx)
    {
        if (!Pays(shape, batch) || !CoreSplit.TryEnter())
        {
            return false;
        }

        try
        {
            fixed (float* pdy = dy, pdx = dx)
            fixed (int* pw = winners)
            {
                // Backward reads dy as the forward pass wrote y, and writes dx where the forward pass read x.
                _job = new Job(shape, (nint)pdx, dx.Length, (nint)pdy, dy.Length, (nint)pw, winners.Length, batch, SimdWidth.Scalar);
                Run(&BackwardShare, batch);
            }

            return true;
        }
        finally
        {
            CoreSplit.Exit();
        }
    }

    /// <summary>Whether a split pays: splitting is on, there is a second core and a second sample, and the input is large enough.</summary>
    private static bool Pays(in ConvShape shape, int batch) =>
        Gemm.Parallel && CoreSplit.Threads > 1 && batch > 1 && (long)batch * shape.InputSize >= MinimumInputs;

    /// <summary>One share per core, at most one per sample. Pooling's shares use no packing buffers, so none is handed to the caller's.</summary>
    private static void Run(delegate*<int, int, GemmScratch, void> share, int batch) =>
        CoreSplit.Run(share, Math.Min(CoreSplit.Threads, batch), callerScratch: null!);

    private static void ForwardShare(int index, int shares, GemmScratch scratch)
    {
        Job job = _job;
        (int first, int count) = job.Samples(index, shares);
        Pooling.MaxForwardSamples(job.InputsOf(first, count), job.Shape, count, job.OutputsOf(first, count), job.WinnersOf(first, count), job.Simd);
    }

    private static void BackwardShare(int index, int shares, GemmScratch scratch)
    {
        Job job = _job;
        (int first, int count) = job.Samples(index, shares);
        Pooling.MaxBackwardSamples(job.OutputsOf(first, count), job.WinnersOf(first, count), job.Shape, count, job.InputsOf(first, count));
    }

    /// <summary>
    /// A split call: the input-side span (x forward, dx backward), the output-side span (y or dy) and the winners as
    /// addresses pinned by the caller until every share is done, and the shape.
    /// </summary>
    private readonly record struct Job(ConvShape Shape, nint Inputs, int InputsLength, nint Outputs, int OutputsLength, nint Winners, int WinnersLength, int Batch, SimdWidth Simd)
    {
        /// <summary>Share <paramref name="index"/>'s contiguous range of samples: (first, count).</summary>
        public (int First, int Count) Samples(int index, int shares)
        {
            int first = (int)((long)Batch * index / shares), end = (int)((long)Batch * (index + 1) / shares);
            return (first, end - first);
        }

        /// <summary>The input-side span (x or dx) of <paramref name="count"/> samples from <paramref name="first"/>.</summary>
        public Span<float> InputsOf(int first, int count) =>
            new Span<float>((float*)Inputs, InputsLength).Slice(first * Shape.InputSize, count * Shape.InputSize);

        /// <summary>The output-side span (y or dy) of those samples.</summary>
        public Span<float> OutputsOf(int first, int count) =>
            new Span<float>((float*)Outputs, OutputsLength).Slice(first * Shape.OutputSize, count * Shape.OutputSize);

        /// <summary>The winners of those samples.</summary>
        public Span<int> WinnersOf(int first, int count) =>
            new Span<int>((int*)Winners, WinnersLength).Slice(first * Shape.OutputSize, count * Shape.OutputSize);
    }
}
