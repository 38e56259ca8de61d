namespace NetGen.Runtime;

/// <summary>
/// Adam's update spread over the cores by parameter ranges (<see cref="CoreSplit"/>): each element is updated on its
/// own, so the result is the same bits as one thread. A large layer's update was the largest pass of a training step
/// left on one core while the other core's worker spun (perf on MLP 784-256-128-10's generated step, 2-core Zen 5:
/// the worker waited ~30% of it). Split, that step went 387 → 367 µs generated and 403 → 381 interpreted, MLP
/// 784-1024-1024-10's 6.59 → 6.27 ms and LeNet-5's 782 → 748 µs (medians of 15 alternating rounds in one process).
/// Ranges start on 64-float boundaries (cache lines, whole vectors of every width), so no two cores write one line
/// and only the last range has a scalar tail: the coverage is the one-thread loop's. The caller checks every span
/// first, so a share never throws.
/// </summary>
internal static unsafe class AdamSplit
{
    /// <summary>
    /// Parameters per call from which a split pays: 32,768 took 6.4–6.6 µs on one Zen 5 core and 4.5–4.8 split, the
    /// hand-over to a worker that is awake (a step's products keep it spinning) costing a few µs; 98,304 took 17.9 and 10.1.
    /// </summary>
    public const int MinimumParameters = 32 * 1024;

    private const int RangeAlignment = 64;

    // The split call being run and what each share covered, written while holding CoreSplit.
    private static Job _job;
    private static readonly SimdCoverage[] Coverages = new SimdCoverage[ComputeThreads.MaxCount];

    /// <summary>Runs the update in ranges on every core; false (nothing done) when the call is too small to split or the workers are taken.</summary>
    public static bool TryUpdate(
        ReadOnlySpan<float> gradients, in GradientTransform transform, in AdamStep step, Span<float> parameters, Span<float> firstMoment,
        Span<float> secondMoment, Span<float> maxSecondMoment, SimdWidth width, out SimdCoverage coverage)
    {
        coverage = default;
        int length = parameters.Length;
        if (!Pays(length) || !CoreSplit.TryEnter())
        {
            return false;
        }

        try
        {
            fixed (float* g = gradients, theta = parameters, m = firstMoment, v = secondMoment, vMax = maxSecondMoment)
            {
                _job = new Job((nint)g, (nint)theta, (nint)m, (nint)v, step.AmsGrad ? (nint)vMax : 0, length, transform, step, width);
                int shares = Math.Min(CoreSplit.Threads, (length + RangeAlignment - 1) / RangeAlignment);
                CoreSplit.Run(&Share, shares, callerScratch: null!);
                for (int i = 0; i < shares; i++)
                {
                    coverage += Coverages[i];
                }
            }

            return true;
        }
        finally
        {
            CoreSplit.Exit();
        }
    }

    /// <summary>Whether a split pays: splitting is on, there is a second core, and the call is large enough.</summary>
    private static bool Pays(int length) => Gemm.Parallel && CoreSplit.Threads > 1 && length >= MinimumParameters;

    /// <summary>Share <paramref name="index"/>'s range, as the one-thread loop would run it. Adam's shares use no packing buffers.</summary>
    private static void Share(int index, int shares, GemmScratch scratch)
    {
        Job job = _job;
        int first = job.Boundary(index, shares), count = job.Boundary(index + 1, shares) - first;
        GradientTransform transform = job.Transform;
        AdamStep step = job.Step;
        var op = new AdamOperator(
            Job.Slice(job.Gradients, first, count),
            Job.Slice(job.Parameters, first, count),
            Job.Slice(job.FirstMoment, first, count),
            Job.Slice(job.SecondMoment, first, count),
            job.MaxSecondMoment == 0 ? default : Job.Slice(job.MaxSecondMoment, first, count),
            transform,
            step);
        Coverages[index] = SimdLoop.Update(count, op, job.Width);
    }

    /// <summary>
    /// A split call: g, θ, m, v and (AMSGrad only, else 0) v̂ as addresses pinned by the caller until every share is
    /// done, their common length, and the step's transform and scalars.
    /// </summary>
    private readonly record struct Job(nint Gradients, nint Parameters, nint FirstMoment, nint SecondMoment, nint MaxSecondMoment, int Length, GradientTransform Transform, AdamStep Step, SimdWidth Width)
    {
        /// <summary>Where range <paramref name="index"/> of <paramref name="shares"/> starts: an even split rounded down to the alignment; the last ends at the length.</summary>
        public int Boundary(int index, int shares) =>
            index >= shares ? Length : (int)((long)Length * index / shares) / RangeAlignment * RangeAlignment;

        /// <summary>The <paramref name="count"/> floats from <paramref name="first"/> of the pinned array at <paramref name="start"/>.</summary>
        public static Span<float> Slice(nint start, int first, int count) => new((float*)start + first, count);
    }
}
