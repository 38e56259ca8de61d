namespace NetGen.Runtime;

/// <summary>
/// An optimizer's update spread over the cores by parameter ranges (<see cref="CoreSplit"/>): each element is updated
/// on its own, so the result is the same bits as one thread. A large layer's update was the largest pass of a training
/// step left on one core while the other core's worker spun (perf on MLP 784-256-128-10's generated step, 2-core Zen
/// 5: the worker waited ~30% of it). With Adam split, that step went 387 → 367 µs generated and 403 → 381
/// interpreted, MLP 784-1024-1024-10's 6.59 → 6.27 ms and LeNet-5's 782 → 748 µs (medians of 15 alternating rounds in
/// one process). Ranges start on 64-float boundaries (cache lines, whole vectors of every width), so no two cores
/// write one line and only the last range has a scalar tail: the coverage is the one-thread loop's. The caller checks
/// every span first, so a share never throws.
/// </summary>
internal static class UpdateSplit
{
    /// <summary>
    /// Parameters per call from which a split pays: Adam's 32,768 took 6.4–6.6 µs on one Zen 5 core and 4.5–4.8 split,
    /// the hand-over to a worker that is awake (a step's products keep it spinning) costing a few µs; 98,304 took 17.9
    /// and 10.1.
    /// </summary>
    public const int MinimumParameters = 32 * 1024;

    /// <summary>Ranges start on multiples of this many floats.</summary>
    public const int RangeAlignment = 64;

    [ThreadStatic]
    private static int t_splits;

    /// <summary>Updates the current thread has run split (for tests: whether a call took the split or the one-thread loop).</summary>
    internal static int SplitsOnThisThread => t_splits;

    /// <summary>Whether a split pays: splitting is on, there is a second core, and the call is large enough.</summary>
    public static bool Pays(int length) => Gemm.Parallel && CoreSplit.Threads > 1 && length >= MinimumParameters;

    /// <summary>Counts a split run on the current thread.</summary>
    internal static void Counted() => t_splits++;
}

/// <summary>The split of one rule's calls (<see cref="UpdateSplit"/>); its statics are written while holding CoreSplit.</summary>
internal static unsafe class UpdateSplit<TRule>
    where TRule : struct, IUpdateRule
{
    private static Job _job;
    private static readonly SimdCoverage[] Coverages = new SimdCoverage[ComputeThreads.MaxCount];

    /// <summary>
    /// Runs <paramref name="rule"/> in ranges on every core; false (nothing done) when the call is too small to split or
    /// the workers are taken. A state span shorter than the parameters is one the rule does not keep, and is not split.
    /// </summary>
    public static bool TryUpdate(
        in TRule rule, ReadOnlySpan<float> gradients, Span<float> parameters, Span<float> state0, Span<float> state1, Span<float> state2,
        SimdWidth width, out SimdCoverage coverage)
    {
        coverage = default;
        int length = parameters.Length;
        if (!UpdateSplit.Pays(length) || !CoreSplit.TryEnter())
        {
            return false;
        }

        try
        {
            fixed (float* g = gradients, theta = parameters, s0 = state0, s1 = state1, s2 = state2)
            {
                _job = new Job(rule, (nint)g, (nint)theta, Kept(s0, state0, length), Kept(s1, state1, length), Kept(s2, state2, length), length, width);
                int shares = Math.Min(CoreSplit.Threads, (length + UpdateSplit.RangeAlignment - 1) / UpdateSplit.RangeAlignment);
                CoreSplit.Run(&Share, shares, callerScratch: null!);
                for (int i = 0; i < shares; i++)
                {
                    coverage += Coverages[i];
                }
            }

            UpdateSplit.Counted();
            return true;
        }
        finally
        {
            CoreSplit.Exit();
        }
    }

    /// <summary>A state buffer's address when it holds one value per parameter, else 0 (kept by no rule: passed empty).</summary>
    private static nint Kept(float* start, Span<float> state, int length) => state.Length >= length ? (nint)start : 0;

    /// <summary>Share <paramref name="index"/>'s range, as the one-thread loop would run it. Optimizer shares use no packing buffers.</summary>
    private static void Share(int index, int shares, GemmScratch scratch)
    {
        Job job = _job;
        int first = job.Boundary(index, shares), count = job.Boundary(index + 1, shares) - first;
        Coverages[index] = job.Rule.Update(
            Job.Slice(job.Gradients, first, count),
            Job.Slice(job.Parameters, first, count),
            Job.Slice(job.State0, first, count),
            Job.Slice(job.State1, first, count),
            Job.Slice(job.State2, first, count),
            job.Width);
    }

    /// <summary>
    /// A split call: the rule, and g, θ and the state buffers (0 where the rule keeps none) as addresses pinned by the
    /// caller until every share is done, with their common length.
    /// </summary>
    private readonly record struct Job(TRule Rule, nint Gradients, nint Parameters, nint State0, nint State1, nint State2, int Length, SimdWidth Width)
    {
        /// <summary>Where range <paramref name="index"/> of <paramref name="shares"/> starts: an even split rounded down to the alignment; the last ends at the length.</summary>
        public int Boundary(int index, int shares) =>
            index >= shares ? Length : (int)((long)Length * index / shares) / UpdateSplit.RangeAlignment * UpdateSplit.RangeAlignment;

        /// <summary>The <paramref name="count"/> floats from <paramref name="first"/> of the pinned buffer at <paramref name="start"/>, or empty for 0.</summary>
        public static Span<float> Slice(nint start, int first, int count) => start == 0 ? default : new((float*)start + first, count);
    }
}
