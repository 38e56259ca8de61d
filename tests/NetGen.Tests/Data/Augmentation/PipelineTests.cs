using NetGen.Data.Augmentation;
using static NetGen.Tests.Data.Augmentation.AugmentationImages;

namespace NetGen.Tests.Data.Augmentation;

/// <summary>The pipeline and its runner: order of steps, seeded reproducibility on any thread, and refused arguments.</summary>
public sealed class PipelineTests
{
    private static readonly SampleShape Shape = new(3, 8, 8);

    private static AugmentationPipeline Everything() => new(Shape,
        new RandomHorizontalFlip(), new RandomCrop(2), new BrightnessJitter(0.2), new ContrastJitter(0.2),
        new PcaColorAugmentation([0.3, 0.1, 0.05], new double[,] { { 1, 0, 0 }, { 0, 1, 0 }, { 0, 0, 1 } }), new GaussianNoise(0.05));

    [Fact]
    public void The_same_seed_and_batches_give_the_same_augmented_batches_on_any_thread()
    {
        float[][] batches = [.. Enumerable.Range(0, 3).Select(i => Random(Shape, samples: 5, seed: 30 + i))];
        float[][] Run(long seed)
        {
            Augmenter augmenter = Everything().CreateAugmenter(seed);
            return [.. batches.Select(b => { var copy = new float[b.Length]; augmenter.Apply(b, copy); return copy; })];
        }

        float[][] here = Run(31);
        float[][] there = [];
        var thread = new Thread(() => there = Run(31));
        thread.Start();
        thread.Join();
        Assert.Equal(here, there);
        Assert.NotEqual(here[0], Run(32)[0]);
        Assert.Equal(batches[0], Random(Shape, samples: 5, seed: 30)); // src → dst leaves the source alone
    }

    [Fact]
    public void Reseed_restarts_the_stream()
    {
        float[] batch = Random(Shape, samples: 2, seed: 33);
        Augmenter augmenter = Everything().CreateAugmenter(34);
        float[] first = [.. batch], second = [.. batch];
        augmenter.Apply(first);
        augmenter.Reseed(34);
        augmenter.Apply(second);
        Assert.Equal(first, second);
    }

    [Fact]
    public void Steps_run_in_order_sample_by_sample_on_one_stream()
    {
        // Flip (one draw) then noise (C·H·W normals) per sample: sample 1's flip draw comes after sample 0's noise.
        var shape = new SampleShape(1, 2, 3);
        float[] batch = Random(shape, samples: 2, seed: 35);
        float[] both = Augment(batch, shape, seed: 36, new RandomHorizontalFlip(), new GaussianNoise(0.1));
        var random = new NetGen.Randomness.SeededRandom(36);
        var expected = new List<float>();
        for (int n = 0; n < 2; n++)
        {
            float[] sample = batch[(n * 6)..((n + 1) * 6)];
            if (random.NextDouble() < 0.5)
            {
                sample = FlipReference(sample, shape);
            }

            expected.AddRange(sample.Select(x => x + 0.1f * (float)random.NextNormal()));
        }

        Assert.Equal(expected, both);
    }

    [Fact]
    public void Span_lengths_that_are_not_whole_samples_are_refused_naming_the_sizes()
    {
        Augmenter augmenter = Everything().CreateAugmenter(0);
        var e = Assert.Throws<ArgumentException>(() => augmenter.Apply(new float[Shape.Size + 1]));
        Assert.Equal("batch", e.ParamName);
        Assert.Contains("193 floats, not a whole number of samples of [3, 8, 8] = 192 floats", e.Message);
        var d = Assert.Throws<ArgumentException>(() => augmenter.Apply(new float[192], new float[384]));
        Assert.Equal("destination", d.ParamName);
        Assert.Contains("holds 384 floats but source 192", d.Message);
    }

    [Fact]
    public void Bad_shapes_and_null_steps_are_refused()
    {
        Assert.Equal("height", Assert.Throws<ArgumentOutOfRangeException>(() => new SampleShape(1, 0, 3)).ParamName);
        Assert.Equal("shape", Assert.Throws<ArgumentException>(() => new AugmentationPipeline(default, new RandomHorizontalFlip())).ParamName);
        var e = Assert.Throws<ArgumentNullException>(() => new AugmentationPipeline(Shape, new RandomHorizontalFlip(), null!));
        Assert.Contains("steps[1] is null", e.Message);
    }

    [Fact]
    public void An_empty_pipeline_is_the_identity()
    {
        float[] batch = Random(Shape, samples: 2, seed: 37);
        Assert.Equal(batch, Augment(batch, Shape, seed: 1));
    }
}
