using System.Runtime.CompilerServices;

namespace NetGen.Runtime;

/// <summary>
/// An optimizer's update spread over the cores by parameter ranges (<see cref="CoreSplit"/>): each element is updated
/// on its own, so the result is the same bits as one thread. A large layer's update was the largest pass of a training
/// step left on one core while the other core's worker spun (perf on MLP 784-256-128-10's generated step, 2-core Zen
/// 5: the worker waited ~30% of it). Split (<c>--update-split</c>, alternating rounds in one process), that step ran
/// 1.06–1.17× faster generated and 1.05–1.13× interpreted, MLP 784-1024-1024-10's 1.04–1.11×, the range following the
/// machine's slow and fast phases. Ranges start on 64-float boundaries (cache lines, whole vectors of every width), so
/// no two cores write one line and only the last range has a scalar tail: the coverage is the one-thread loop's. The
/// caller checks every span first, so a share never throws.
/// </summary>
internal static class UpdateSplit
{
    /// <summary>
    /// Parameters per call from which a split pays (tests/NetGen.Benchmarks <c>--update-split</c>, 2-core Zen 5). Adam
    /// alone gains from 32,768 (1.17–1.19×; 1.4–1.6× at 65,536), but inside a step a split layer leaves half its θ in
    /// the worker's cache, and a product the next step runs on one core reads it back: LeNet-5, whose 48,120-parameter
    /// fc1 split at a 32,768 threshold, lost 2–3% of its step (788 → 804–812 µs). At 65,536 it is left alone and the
    /// large layers (MLP 784-256-128-10's 200,960, MLP 784-1024-1024-10's 0.8 and 1 M) still split.
    /// </summary>
    public const int MinimumParameters = 64 * 1024;

    /// <summary>Ranges start on multiples of this many floats.</summary>
    public const int RangeAlignment = 64;

    [ThreadStatic]
    private static int t_splits;

    /// <summary>Updates the current thread has run split (for tests: whether a call took the split or the one-thread loop).</summary>
    internal static int SplitsOnThisThread => t_splits;

    /// <summary>
    /// Whether updates may split at all (on unless a benchmark turns it off to measure the split against one thread in
    /// one process: tests/NetGen.Benchmarks <c>--update-split</c>).
    /// </summary>
    internal static bool Enabled { get; set; } = true;

    /// <summary>Whether a split pays: splitting is on, there is a second core, and the call is large enough.</summary>
    public static bool Pays(int length) => Enabled && Gemm.Parallel && CoreSplit.Threads > 1 && length >= MinimumParameters;

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
    /// Runs <paramref name="rule"/> over the whole call: in ranges on every core when that pays and the workers are free,
    /// else on the calling thread. Returns which loop covered how many elements (the same either way). Inlined so the
    /// small one-thread call (most layers) costs what the optimizer calling the rule itself did.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdCoverage Run(
        in TRule rule, ReadOnlySpan<float> gradients, Span<float> parameters, Span<float> state0, Span<float> state1, Span<float> state2, SimdWidth width) =>
        TryUpdate(rule, gradients, parameters, state0, state1, state2, width, out SimdCoverage split)
            ? split
            : rule.Update(gradients, parameters, state0, state1, state2, width);

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
