namespace NetGen.Training; // folder Parallel; not a namespace NetGen.Parallel, which would hide System.Threading.Tasks.Parallel from all code in namespace NetGen.*

/// <summary>
/// How a batch of n samples is cut over W workers: contiguous shards, worker w taking samples [⌊w·n/W⌋, ⌊(w+1)·n/W⌋),
/// so the sizes differ by at most one and a batch of fewer than W samples leaves the last workers empty. A shard larger
/// than the network's BatchSize is trained in chunks of up to BatchSize samples, in order.
/// </summary>
internal static class Shards
{
    /// <summary>The first sample and the sample count of worker <paramref name="worker"/>'s shard.</summary>
    public static (int Start, int Count) Range(int samples, int workers, int worker)
    {
        int start = (int)((long)samples * worker / workers);
        int end = (int)((long)samples * (worker + 1) / workers);
        return (start, end - start);
    }
}
