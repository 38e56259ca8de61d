namespace NetGen.Testing;

/// <summary>
/// Measures the managed bytes one call allocates on every thread of the process (GC.GetTotalAllocatedBytes with
/// precise counts), so work a call hands to other threads, such as the GEMM core split's workers, is counted too.
/// A process-wide count also sees allocation that is not the call's: other tests (so every test measuring runs in the
/// non-parallel <see cref="Collection"/>), the runner's reporting, the JIT installing a tiered method. So the call is
/// warmed up first (past tiered compilation's 30-call promotion, whose background recompiles allocate) and the
/// measurement repeated, keeping the minimum: a real per-call allocation shows in every attempt, a background one-off in
/// only some. The loop stops at the first clean attempt, so a passing measurement costs one attempt.
/// </summary>
internal static class Allocations
{
    /// <summary>The collection of tests that measure allocation: xunit runs it alone, after the parallel ones.</summary>
    public const string Collection = "Allocation measurement";

    public static long PerCall(Action call, int calls = 10, int attempts = 20)
    {
        for (int i = 0; i < 40; i++)
        {
            call();
        }

        long best = long.MaxValue;
        for (int attempt = 0; attempt < attempts && best > 0; attempt++)
        {
            long before = GC.GetTotalAllocatedBytes(precise: true);
            for (int i = 0; i < calls; i++)
            {
                call();
            }

            best = Math.Min(best, (GC.GetTotalAllocatedBytes(precise: true) - before) / calls);
        }

        return best;
    }
}

/// <summary>Declares <see cref="Allocations.Collection"/> non-parallel, so no other test allocates while one measures.</summary>
[CollectionDefinition(Allocations.Collection, DisableParallelization = true)]
public sealed class AllocationMeasurementCollection;
