namespace NetGen.Tests;

/// <summary>
/// Measures managed bytes allocated per call on this thread. The call is warmed up first and the measurement is
/// repeated a few times keeping the minimum: a real per-call allocation shows in every attempt, while a one-off by the
/// runtime (tiered JIT installing a rejitted method under load) does not turn into a false failure.
/// </summary>
internal static class Allocations
{
    public static long PerCall(Action call, int calls = 10, int attempts = 3)
    {
        for (int i = 0; i < 5; i++)
        {
            call();
        }

        long best = long.MaxValue;
        for (int attempt = 0; attempt < attempts && best > 0; attempt++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < calls; i++)
            {
                call();
            }

            best = Math.Min(best, (GC.GetAllocatedBytesForCurrentThread() - before) / calls);
        }

        return best;
    }
}
