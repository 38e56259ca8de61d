using NetGen.Data;
using NetGen.Data.Augmentation;
using NetGen.Randomness;
using NetGen.Tests.Data.Augmentation;
using NetGen.Training;

namespace NetGen.Tests.Training;

/// <summary>A step that fails on its n-th sample: an exception on the prefetching thread.</summary>
internal sealed class FailingStep(int failAt) : AugmentationStep
{
    private int _samples;

    internal override void Apply(Span<float> sample, SampleShape shape, SeededRandom random, Span<float> scratch)
    {
        if (++_samples == failAt)
        {
            throw new InvalidOperationException($"sample {failAt} fails");
        }
    }
}

/// <summary>
/// AugmentedMinibatches: the batches of Minibatches augmented by the epoch's stream, the same with prefetching on and
/// off, worker exceptions on the caller, and a clean end of the thread. In the non-parallel collection, because the
/// thread-leak checks count the process's prefetching threads.
/// </summary>
[Collection(NetGen.Testing.Allocations.Collection)]
public sealed class AugmentedMinibatchesTests
{
    private static readonly SampleShape Shape = new(2, 4, 4);

    private static DataSet Data(int count) => new(AugmentationImages.Random(Shape, count, seed: 40), TestBatches.Labels(count, 3, seed: 41), Shape.Size);

    private static AugmentationPipeline Pipeline() => new(Shape, new RandomHorizontalFlip(), new RandomCrop(1), new GaussianNoise(0.1));

    /// <summary>
    /// Every batch of <paramref name="epochs"/> epochs, inputs and labels, the second epoch left after two batches;
    /// <paramref name="waitForWorker"/> gives the worker each next batch to prepare (else the caller takes over what the
    /// worker has not started).
    /// </summary>
    private static List<(float[] Inputs, int[] Labels)> Read(AugmentedMinibatches batches, int epochs, bool waitForWorker = false)
    {
        var read = new List<(float[], int[])>();
        for (int epoch = 0; epoch < epochs; epoch++)
        {
            batches.Shuffle();
            int taken = 0;
            while ((epoch != 1 || taken < 2) && batches.TryNext(out ReadOnlySpan<float> inputs, out ReadOnlySpan<int> labels))
            {
                read.Add((inputs.ToArray(), labels.ToArray()));
                taken++;
                Assert.True(!waitForWorker || SpinWait.SpinUntil(() => batches.NextReady, 10_000));
            }
        }

        return read;
    }

    [Fact]
    public void Batches_are_the_shuffled_batches_augmented_by_the_epoch_s_stream_with_prefetching_on_or_off()
    {
        DataSet data = Data(23);
        using var on = new AugmentedMinibatches(data, 5, seed: 42, Pipeline(), prefetch: true);
        using var worker = new AugmentedMinibatches(data, 5, seed: 42, Pipeline(), prefetch: true);
        using var off = new AugmentedMinibatches(data, 5, seed: 42, Pipeline(), prefetch: false);
        List<(float[] Inputs, int[] Labels)> inline = Read(off, 3);
        foreach (List<(float[] Inputs, int[] Labels)> prefetched in new[] { Read(on, 3), Read(worker, 3, waitForWorker: true) })
        {
            Assert.Equal(inline.Count, prefetched.Count);
            for (int i = 0; i < inline.Count; i++)
            {
                Assert.Equal(inline[i].Inputs, prefetched[i].Inputs);
                Assert.Equal(inline[i].Labels, prefetched[i].Labels);
            }
        }

        // Batches 2–5 and the empty end of epochs 1 and 3, batches 2 and 3 (dropped) of epoch 2; each first is requested
        // and awaited at once, so either thread may prepare it.
        Assert.InRange(worker.WorkerBatches, 12, 15);

        // The reference: Minibatches of the same seed, each epoch's batches through an augmenter reseeded for it.
        var plain = new Minibatches(data, 5, seed: 42);
        Augmenter augmenter = Pipeline().CreateAugmenter(0);
        int k = 0;
        for (int epoch = 0; epoch < 3; epoch++)
        {
            plain.Shuffle();
            augmenter.Reseed(AugmentedMinibatches.EpochSeed(42, epoch));
            int taken = 0;
            while ((epoch != 1 || taken < 2) && plain.TryNext(out ReadOnlySpan<float> inputs, out ReadOnlySpan<int> labels))
            {
                var expected = new float[inputs.Length];
                augmenter.Apply(inputs, expected);
                Assert.Equal(expected, inline[k].Inputs);
                Assert.Equal(labels.ToArray(), inline[k++].Labels);
                taken++;
            }
        }

        Assert.Equal(5 + 2 + 5, inline.Count);
    }

    [Fact]
    public void A_set_with_targets_is_served_through_the_targets_overload()
    {
        var data = new DataSet(AugmentationImages.Random(Shape, 7, seed: 43), TestBatches.Targets(7, 2, seed: 44), Shape.Size, 2);
        using var batches = new AugmentedMinibatches(data, 3, seed: 1, Pipeline(), prefetch: true);
        batches.Shuffle();
        Assert.Throws<InvalidOperationException>(() => batches.TryNext(out ReadOnlySpan<float> _, out ReadOnlySpan<int> _));
        int samples = 0;
        while (batches.TryNext(out ReadOnlySpan<float> inputs, out ReadOnlySpan<float> targets))
        {
            Assert.Equal(inputs.Length / Shape.Size * 2, targets.Length);
            samples += targets.Length / 2;
        }

        Assert.Equal(7, samples);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void An_exception_while_preparing_a_batch_surfaces_on_the_caller_s_thread(bool prefetch)
    {
        var pipeline = new AugmentationPipeline(Shape, new FailingStep(failAt: 12)) { Prefetch = prefetch };
        var batches = new AugmentedMinibatches(Data(20), 5, seed: 1, pipeline, prefetch);
        batches.Shuffle();
        Assert.True(batches.TryNext(out ReadOnlySpan<float> _, out ReadOnlySpan<int> _));
        Assert.True(batches.TryNext(out ReadOnlySpan<float> _, out ReadOnlySpan<int> _));
        var e = Assert.Throws<InvalidOperationException>(() => batches.TryNext(out ReadOnlySpan<float> _, out ReadOnlySpan<int> _)); // samples 11–15
        Assert.Equal("sample 12 fails", e.Message);
        batches.Dispose();
        Assert.False(batches.WorkerAlive);
    }

    [Fact]
    public void Dispose_mid_epoch_ends_the_thread_and_later_calls_are_refused()
    {
        int before = AugmentedMinibatches.LiveWorkers;
        var batches = new AugmentedMinibatches(Data(20), 5, seed: 1, Pipeline(), prefetch: true);
        Assert.Equal(before + 1, AugmentedMinibatches.LiveWorkers);
        batches.Shuffle();
        Assert.True(batches.TryNext(out ReadOnlySpan<float> _, out ReadOnlySpan<int> _)); // batch 2 is now in flight
        batches.Dispose();
        batches.Dispose();
        Assert.False(batches.WorkerAlive);
        Assert.Equal(before, AugmentedMinibatches.LiveWorkers);
        Assert.Throws<ObjectDisposedException>(() => batches.TryNext(out ReadOnlySpan<float> _, out ReadOnlySpan<int> _));
    }

    [Fact]
    public void A_pipeline_of_another_sample_size_is_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => new AugmentedMinibatches(Data(4), 2, 0, new AugmentationPipeline(new SampleShape(1, 4, 4)), prefetch: false));
        Assert.Equal("pipeline", e.ParamName);
        Assert.Contains("[1, 4, 4] = 16 floats but the data set's hold 32", e.Message);
    }
}
