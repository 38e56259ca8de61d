using System.Diagnostics;

namespace NetGen.Benchmarks;

/// <summary>The crossovers' Stopwatch timing: each side warmed up, then rounds of calls whose best round is kept.</summary>
internal static class CrossoverTiming
{
    /// <summary>
    /// A quarter of a second of calls: past the tiered JIT's delay, so a path first taken at a new batch (feature-major
    /// where FeatureMajor.Pays admits it) is measured at its final tier, not its first.
    /// </summary>
    public static void Warm(Action call)
    {
        var watch = Stopwatch.StartNew();
        while (watch.ElapsedMilliseconds < 250)
        {
            call();
        }
    }

    /// <summary>Microseconds a call over one round of <paramref name="calls"/>.</summary>
    public static double Round(Action call, int calls)
    {
        var watch = Stopwatch.StartNew();
        for (int i = 0; i < calls; i++)
        {
            call();
        }

        return watch.Elapsed.TotalMicroseconds / calls;
    }
}
