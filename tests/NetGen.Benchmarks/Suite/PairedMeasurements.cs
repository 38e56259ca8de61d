using System.Diagnostics;
using NetGen.Runtime;

namespace NetGen.Benchmarks;

/// <summary>
/// Ratios measured in pairs, in this process, after the BenchmarkDotNet session: the two sides of a ratio run
/// alternately (A, B, B, A, …) and the ratio reported is the median of the per-pair ratios. On a shared machine whose
/// speed drifts by ±15% from one minute to the next, two medians taken minutes apart (BenchmarkDotNet runs one case
/// after another) can disagree by more than the effect measured; a pair taken within a millisecond sees the same
/// machine. GEMM's share of the peak pairs each product with FMA chains of the same FLOP count.
/// </summary>
internal static class PairedMeasurements
{
    /// <summary>Wall time each measure may take (at least <see cref="MinimumPairs"/> pairs run whatever the budget).</summary>
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(1.5);

    private const int MinimumPairs = 15;

    /// <summary>How long each side runs before it is timed.</summary>
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(0.4);

    /// <summary>One sample lasts at least this long, so a timer tick is well under 1% of it.</summary>
    private static readonly double SampleSeconds = 0.5e-3;

    /// <summary>Generated over interpreted, as speed (interpreted time / generated time), for train and Predict.</summary>
    public static (double Train, double Predict) GeneratedOverInterpreted(SuiteCase suite)
    {
        INetwork generated = suite.Create(Engine.Generated), interpreted = suite.Create(Engine.Interpreted);
        (float[] inputs, int[] labels) = suite.Batch(generated);
        var outputs = new float[generated.BatchSize * generated.OutputSize];
        double train = MedianRatio(() => interpreted.TrainStep(inputs, labels), () => generated.TrainStep(inputs, labels));
        double predict = MedianRatio(() => interpreted.Predict(inputs, outputs), () => generated.Predict(inputs, outputs));
        return (train, predict);
    }

    /// <summary>
    /// y = x·Wᵀ at m×n×k on one thread, as a share of the one-core FMA rate measured beside it; and two threads
    /// against one, beside the FMA chains' own two-core against one-core ratio (the most a split can reach here).
    /// </summary>
    public static (double ShareOfPeak, double Split, double FmaSplit) GemmRates(int m, int n, int k)
    {
        float[] a = Enumerable.Range(0, m * k).Select(i => (i % 17) * 0.1f).ToArray();
        float[] b = Enumerable.Range(0, n * k).Select(i => (i % 13) * 0.1f).ToArray();
        var c = new float[m * n];
        var scratch = new GemmScratch();
        double flops = 2.0 * m * n * k;
        int chainSteps = Math.Max(1000, (int)(flops / FmaPeak.FlopsPerCall * FmaPeak.Iterations));
        bool parallel = Runtime.Gemm.Parallel;
        try
        {
            Runtime.Gemm.Parallel = false;
            // FMA time / GEMM time for the same FLOPs is the GEMM's share of the one-core peak.
            double share = MedianRatio(() => FmaPeak.Chains(chainSteps), () => Runtime.Gemm.MultiplyTransposedB(a, b, m, n, k, c, scratch));
            double split = MedianRatio(
                () => { Runtime.Gemm.Parallel = false; Runtime.Gemm.MultiplyTransposedB(a, b, m, n, k, c, scratch); },
                () => { Runtime.Gemm.Parallel = true; Runtime.Gemm.MultiplyTransposedB(a, b, m, n, k, c, scratch); });
            int cores = Environment.ProcessorCount;
            double fmaSplit = cores * MedianRatio(
                () => FmaPeak.Chains(chainSteps),
                () => Parallel.For(0, cores, new ParallelOptions { MaxDegreeOfParallelism = cores }, _ => FmaPeak.Chains(chainSteps)));
            return (share, split, fmaSplit);
        }
        finally
        {
            Runtime.Gemm.Parallel = parallel;
        }
    }

    /// <summary>
    /// MLP 64-32-10 at <paramref name="samples"/> per step (<see cref="DataParallelScaling"/>): two data-parallel workers
    /// against the network's own TrainStep, and against it on one core; beside them the FMA chains' two-core against
    /// one-core ratio, the most two threads can gain on this machine.
    /// </summary>
    public static (double OverOneWorker, double OverOneCore, double FmaSplit) DataParallel(int samples)
    {
        (Mlp64Large network, NetGen.Training.DataParallel two, float[] inputs, int[] labels) = DataParallelScaling.Create(samples);
        using (two)
        {
            double overOne = MedianRatio(() => network.TrainStep(inputs, labels), () => two.TrainStep(inputs, labels));
            double overCore = MedianRatio(() => DataParallelScaling.OneCore(network, inputs, labels), () => two.TrainStep(inputs, labels));
            int chainSteps = 200_000;
            double fmaSplit = 2 * MedianRatio(
                () => FmaPeak.Chains(chainSteps),
                () => Parallel.For(0, 2, new ParallelOptions { MaxDegreeOfParallelism = 2 }, _ => FmaPeak.Chains(chainSteps)));
            return (overOne, overCore, fmaSplit);
        }
    }

    /// <summary>Median over pairs of time(baseline) / time(measured): above 1, the measured side is faster.</summary>
    private static double MedianRatio(Action baseline, Action measured)
    {
        int repeats = Math.Max(Repeats(baseline), Repeats(measured));
        var ratios = new List<double>();
        var total = Stopwatch.StartNew();
        while (total.Elapsed < Budget || ratios.Count < MinimumPairs)
        {
            // Alternate which side goes first, so neither always inherits the other's caches.
            bool measuredFirst = ratios.Count % 2 == 1;
            double first = Seconds(measuredFirst ? measured : baseline, repeats);
            double second = Seconds(measuredFirst ? baseline : measured, repeats);
            ratios.Add(measuredFirst ? second / first : first / second);
        }

        ratios.Sort();
        return ratios[ratios.Count / 2];
    }

    /// <summary>
    /// Calls per sample so that one sample lasts <see cref="SampleSeconds"/>, after a warm-up of <see cref="WarmUp"/> (a
    /// count of calls was not enough: tiered compilation promotes a hot method to its optimized code some 100–300 ms
    /// after its first calls, so pairs taken before then timed instrumented code on one side or both).
    /// </summary>
    private static int Repeats(Action action)
    {
        var warming = Stopwatch.StartNew();
        while (warming.Elapsed < WarmUp)
        {
            action();
        }

        double once = Seconds(action, 1);
        int repeats = Math.Max(1, (int)Math.Ceiling(SampleSeconds / Math.Max(once, 1e-9)));
        Seconds(action, repeats);
        return repeats;
    }

    private static double Seconds(Action action, int repeats)
    {
        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < repeats; i++)
        {
            action();
        }

        return Stopwatch.GetElapsedTime(start).TotalSeconds;
    }
}
