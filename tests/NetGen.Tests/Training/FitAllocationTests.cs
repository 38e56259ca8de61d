using NetGen.Data;
using NetGen.Testing;
using NetGen.Training;

namespace NetGen.Tests.Training;

/// <summary>
/// Fit's hot loop allocates nothing: the bytes allocated between one step's callback and the next (a gathered batch,
/// the step, the schedule, the bookkeeping) are 0 in the last epoch, for labels, targets and gradient accumulation.
/// As <see cref="Allocations.PerCall"/>, a run is repeated (on a fresh network) until one allocates nothing in any step,
/// up to five runs: a real allocation shows in every run, while a one-off of the runtime (a tier-up of a method the
/// step calls, once caught at 5,488 B with acceleration off on a loaded machine) does not repeat.
/// </summary>
[Collection(Allocations.Collection)]
public sealed class FitAllocationTests
{
    private static long[] StepAllocations(Func<INetwork> create, DataSet data, FitOptions options, IDataParallelGroup? group = null)
    {
        long[] least = Run(create(), data, options, group);
        for (int attempt = 1; attempt < 5 && least.Any(bytes => bytes != 0); attempt++)
        {
            long[] again = Run(create(), data, options, group);
            least = [.. least.Zip(again, Math.Min)];
        }

        return least;
    }

    private static long[] Run(INetwork network, DataSet data, FitOptions options, IDataParallelGroup? group)
    {
        int steps = (data.Count + (options.BatchSize ?? network.BatchSize) - 1) / (options.BatchSize ?? network.BatchSize);
        var marks = new long[steps * options.Epochs];
        int next = 0;
        Trainer.FitAsRank(network, data, options with
        {
            Progress = ProgressMode.None,
            // With worker threads every thread's bytes count (the collection runs alone, so they are the step's); else
            // the calling thread's and the compute workers'.
            OnStep = (_, _) => marks[next++] = options.Workers > 1
                ? GC.GetTotalAllocatedBytes(precise: true)
                : GC.GetAllocatedBytesForCurrentThread() + NetGen.Runtime.ComputeThreads.WorkerAllocatedBytes,
        }, group);
        // The last epoch's deltas between consecutive steps.
        return [.. Enumerable.Range(marks.Length - steps + 1, steps - 1).Select(i => marks[i] - marks[i - 1])];
    }

    [Fact]
    public void A_step_of_fit_allocates_nothing()
    {
        var labels = new DataSet(TestBatches.Inputs(40, 5, seed: 1), TestBatches.Labels(40, 3, seed: 2), 5);
        var targets = new DataSet(TestBatches.Inputs(30, 3, seed: 3), TestBatches.Targets(30, 2, seed: 4), 3, 2);
        var schedule = new NetGen.Schedules.ExponentialDecay(0.01, k: 0.01);
        Assert.All(StepAllocations(() => new ReluClassifier(seed: 1), labels, new FitOptions { Epochs = 3 }), bytes => Assert.Equal(0, bytes));
        Assert.All(StepAllocations(() => new ReluClassifier(seed: 1), labels, new FitOptions { Epochs = 3, BatchSize = 8, Schedule = schedule, SchedulePer = SchedulePeriod.Step }), bytes => Assert.Equal(0, bytes));
        Assert.All(StepAllocations(() => new Regressor(seed: 1), targets, new FitOptions { Epochs = 3 }), bytes => Assert.Equal(0, bytes));
        Assert.All(StepAllocations(() => new Regressor(seed: 1), targets, new FitOptions { Epochs = 3, BatchSize = 7 }), bytes => Assert.Equal(0, bytes));
    }

    [Fact]
    public void A_step_split_over_worker_threads_allocates_nothing()
    {
        // FitOptions.Workers = 2: the shards on the worker threads, the replicas' gradients summed, one apply.
        var labels = new DataSet(TestBatches.Inputs(40, 5, seed: 1), TestBatches.Labels(40, 3, seed: 2), 5);
        var targets = new DataSet(TestBatches.Inputs(30, 3, seed: 3), TestBatches.Targets(30, 2, seed: 4), 3, 2);
        Assert.All(StepAllocations(() => new ReluClassifier(seed: 1), labels, new FitOptions { Epochs = 3, Workers = 2 }), bytes => Assert.Equal(0, bytes));
        Assert.All(StepAllocations(() => new Regressor(seed: 1), targets, new FitOptions { Epochs = 3, Workers = 2 }), bytes => Assert.Equal(0, bytes));
    }

    [Fact]
    public void A_data_parallel_step_allocates_nothing()
    {
        // Rank 0 of a pretend 2-rank job (OnStep runs on rank 0): its shard, the all-reduce, the apply, BatchNorm's buffers.
        var labels = new DataSet(TestBatches.Inputs(40, 5, seed: 1), TestBatches.Labels(40, 3, seed: 2), 5);
        var wide = new DataSet(TestBatches.Inputs(96, 20, seed: 5), TestBatches.Labels(96, 5, seed: 6), 20);
        var targets = new DataSet(TestBatches.Inputs(30, 3, seed: 3), TestBatches.Targets(30, 2, seed: 4), 3, 2);
        Assert.All(StepAllocations(() => new ReluClassifier(seed: 1), labels, new FitOptions { Epochs = 3, BatchSize = 12 }, new MirrorGroup()), bytes => Assert.Equal(0, bytes));
        Assert.All(StepAllocations(() => new BatchNormMlp(seed: 1), wide, new FitOptions { Epochs = 3 }, new MirrorGroup()), bytes => Assert.Equal(0, bytes));
        Assert.All(StepAllocations(() => new Regressor(seed: 1), targets, new FitOptions { Epochs = 3 }, new MirrorGroup()), bytes => Assert.Equal(0, bytes));
    }

    /// <summary>Rank 0 of two whose other rank sends what it sends: the sum doubles, a broadcast from rank 0 keeps its values.</summary>
    private sealed class MirrorGroup : IDataParallelGroup
    {
        public int Rank => 0;

        public int Size => 2;

        public void AllreduceSum(Span<float> values)
        {
            foreach (ref float value in values)
            {
                value *= 2;
            }
        }

        public void Broadcast(Span<byte> values, int root)
        {
        }
    }
}
