using NetGen.Data;
using NetGen.Data.Augmentation;
using NetGen.Testing;
using NetGen.Training;

namespace NetGen.Tests.Data.Augmentation;

/// <summary>
/// Augmentation allocates nothing per batch: the augmenter's call, AugmentedMinibatches' TryNext on the caller's thread
/// and on the prefetching worker (its own count after each batch), and a step of Fit with augmentation.
/// </summary>
[Collection(Allocations.Collection)]
public sealed class AugmentationAllocationTests
{
    private static readonly SampleShape Shape = new(3, 8, 8);

    private static AugmentationPipeline Everything(bool prefetch = true) => new(Shape,
        new RandomHorizontalFlip(), new RandomCrop(2), new BrightnessJitter(0.2) { Black = [0f, 0.1f, 0.2f] }, new ContrastJitter(0.2),
        new PcaColorAugmentation([0.3, 0.1, 0.05], new double[,] { { 1, 0, 0 }, { 0, 1, 0 }, { 0, 0, 1 } }), new GaussianNoise(0.05))
    { Prefetch = prefetch };

    [Fact]
    public void An_augmenter_call_allocates_nothing()
    {
        Augmenter augmenter = Everything().CreateAugmenter(1);
        float[] source = AugmentationImages.Random(Shape, 16, seed: 2), batch = new float[source.Length];
        Assert.Equal(0, Allocations.PerCall(() => augmenter.Apply(batch)));
        Assert.Equal(0, Allocations.PerCall(() => augmenter.Apply(source, batch)));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_batch_of_augmented_minibatches_allocates_nothing_on_either_thread(bool prefetch)
    {
        var data = new DataSet(AugmentationImages.Random(Shape, 64, seed: 3), TestBatches.Labels(64, 3, seed: 4), Shape.Size);
        using var batches = new AugmentedMinibatches(data, 8, seed: 5, Everything(prefetch), prefetch);
        var caller = new List<long>(64);
        var worker = new List<long>(64);
        Func<bool> ready = () => batches.NextReady;
        for (int epoch = 0; epoch < 8; epoch++)
        {
            batches.Shuffle();
            long before = GC.GetAllocatedBytesForCurrentThread();
            while (batches.TryNext(out ReadOnlySpan<float> _, out ReadOnlySpan<int> _))
            {
                long now = GC.GetAllocatedBytesForCurrentThread();
                caller.Add(now - before);
                if (prefetch)
                {
                    // Lets the worker prepare the next batch, which the caller would otherwise take over: not a timing check.
                    Assert.True(SpinWait.SpinUntil(ready, 10_000));
                }

                worker.Add(batches.WorkerAllocatedBytes);
                before = GC.GetAllocatedBytesForCurrentThread();
            }
        }

        // Batches 2–8 and the empty end of every epoch came from the worker (the first, requested and awaited at once, from either thread).
        Assert.InRange(batches.WorkerBatches, prefetch ? 8 * 8 : 0, prefetch ? 8 * 9 : 0);
        // The last epoch: the caller's bytes per batch and the worker's growth from batch to batch.
        Assert.All(caller[^7..], bytes => Assert.Equal(0, bytes));
        Assert.All(Enumerable.Range(worker.Count - 7, 7), i => Assert.Equal(worker[i - 1], worker[i]));
    }

    [Fact]
    public void A_step_of_fit_with_augmentation_allocates_nothing()
    {
        var data = new DataSet(AugmentationImages.Random(new SampleShape(2, 6, 6), 40, seed: 6), TestBatches.Labels(40, 3, seed: 7), 72);
        var pipeline = new AugmentationPipeline(new SampleShape(2, 6, 6), new RandomHorizontalFlip(), new RandomCrop(1), new GaussianNoise(0.1));
        var marks = new List<long>(40);
        Trainer.Fit(new SmallCnn(seed: 1), data, new FitOptions
        {
            Epochs = 3,
            Progress = ProgressMode.None,
            Augmentation = pipeline,
            OnStep = (_, _) => marks.Add(GC.GetAllocatedBytesForCurrentThread() + NetGen.Runtime.ComputeThreads.WorkerAllocatedBytes),
        });
        Assert.Equal(30, marks.Count);
        Assert.All(Enumerable.Range(21, 9), i => Assert.Equal(marks[i - 1], marks[i]));
    }
}
