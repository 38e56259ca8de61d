using NetGen.Runtime;
using NetGen.Testing;
using NetGen.Training;

namespace NetGen.Tests.Training; // folder Parallel: a namespace NetGen.Tests.Parallel would hide System.Threading.Tasks.Parallel from the other tests

/// <summary>A data-parallel step allocates nothing on the calling thread, the shard workers or the compute workers.</summary>
[Collection(Allocations.Collection)]
public sealed class DataParallelAllocationTests
{
    [Theory]
    [InlineData(2, 32)]   // one chunk per shard
    [InlineData(3, 90)]   // shards of 30 above BatchSize 8: chunks of 8, 8, 8 and 6
    public void A_step_allocates_nothing_on_any_thread(int workers, int samples)
    {
        INetwork network = new NormedClassifier(seed: 1);
        using var parallel = new DataParallel(network, workers);
        float[] x = TestBatches.Inputs(samples, network.InputSize, seed: 1);
        int[] labels = TestBatches.Labels(samples, network.OutputSize, seed: 2);
        var gradients = new float[network.ParameterCount];
        long Allocated() => GC.GetAllocatedBytesForCurrentThread() + parallel.WorkerAllocatedBytes + ComputeThreads.WorkerAllocatedBytes;
        for (int i = 0; i < 40; i++)
        {
            parallel.TrainStep(x, labels);
        }

        long best = long.MaxValue;
        for (int attempt = 0; attempt < 20 && best > 0; attempt++)
        {
            long before = Allocated();
            for (int i = 0; i < 10; i++)
            {
                parallel.TrainStep(x, labels);
                parallel.ComputeGradients(x, labels, gradients);
            }

            best = Math.Min(best, Allocated() - before);
        }

        Assert.Equal(0, best);
    }
}
