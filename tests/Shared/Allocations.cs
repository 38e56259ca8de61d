namespace NetGen.Testing;

/// <summary>
/// Measures the managed bytes one call allocates on every thread it runs on: the calling thread
/// (GC.GetAllocatedBytesForCurrentThread) and NetGen's compute workers, which count what they allocate while running a
/// split job's shares (ComputeThreads.WorkerAllocatedBytes), so work a call hands to the GEMM or convolution core split
/// is counted too. A process-wide count (GC.GetTotalAllocatedBytes) would also see what is not the call's, the test
/// runner's reporting and the JIT's background work, and failed now and then under a loaded full-solution run. The call
/// is warmed up first and the measurement repeated, keeping the minimum; a real per-call allocation shows in every
/// attempt. Tests that measure still run in the non-parallel <see cref="Collection"/>, so no other test shares the
/// workers meanwhile.
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
            long before = Allocated();
            for (int i = 0; i < calls; i++)
            {
                call();
            }

            best = Math.Min(best, (Allocated() - before) / calls);
        }

        return best;
    }

    private static long Allocated() => GC.GetAllocatedBytesForCurrentThread() + NetGen.Runtime.ComputeThreads.WorkerAllocatedBytes;
}

/// <summary>Declares <see cref="Allocations.Collection"/> non-parallel, so no other test allocates while one measures.</summary>
[CollectionDefinition(Allocations.Collection, DisableParallelization = true)]
public sealed class AllocationMeasurementCollection;
