using NetGen.Data;
using NetGen.Data.Augmentation;
using NetGen.Schedules;
using NetGen.Tests.Data.Augmentation;
using NetGen.Training;

namespace NetGen.Tests.Training;

/// <summary>
/// Trainer.Fit with FitOptions.Augmentation: prefetching changes nothing, an empty pipeline is no augmentation, validation
/// is scored on the data as given, a resumed run matches, and every way out of Fit ends the prefetching thread (the
/// non-parallel collection, as the leak check counts the process's prefetching threads).
/// </summary>
[Collection(NetGen.Testing.Allocations.Collection)]
public sealed class FitAugmentationTests
{
    private static readonly SampleShape CnnShape = new(2, 6, 6);

    private static DataSet Images(int count, long seed) =>
        new(AugmentationImages.Random(CnnShape, count, seed), TestBatches.Labels(count, 3, seed: (int)seed + 1), CnnShape.Size);

    private static AugmentationPipeline Pipeline(bool prefetch) => new(CnnShape,
        new RandomHorizontalFlip(), new RandomCrop(1), new BrightnessJitter(0.2), new ContrastJitter(0.2), new GaussianNoise(0.05))
    { Prefetch = prefetch };

    private static FitOptions Quiet(int epochs) => new() { Epochs = epochs, Progress = ProgressMode.None, Seed = 7 };

    private static byte[] State(INetwork network)
    {
        using var stream = new MemoryStream();
        network.Save(stream);
        return stream.ToArray();
    }

    private static byte[] Train(INetwork network, DataSet data, FitOptions options)
    {
        Trainer.Fit(network, data, options);
        return State(network);
    }

    [Fact]
    public void Prefetching_on_or_off_trains_the_same_weights_bit_for_bit()
    {
        DataSet images = Images(30, seed: 50);
        // A schedule keeps its state: one per run.
        FitOptions Options(bool prefetch) => Quiet(3) with
        {
            ValidationFraction = 0.2, Schedule = new CosineAnnealing(0.05, periods: 3), Augmentation = Pipeline(prefetch),
        };
        Assert.Equal(Train(new SmallCnn(seed: 1), images, Options(prefetch: false)), Train(new SmallCnn(seed: 1), images, Options(prefetch: true)));

        var targets = new DataSet(TestBatches.Inputs(40, 3, seed: 51), TestBatches.Targets(40, 2, seed: 52), 3, 2);
        var flat = new SampleShape(1, 1, 3);
        AugmentationPipeline Noisy(bool prefetch) => new(flat, new RandomHorizontalFlip(), new GaussianNoise(0.1)) { Prefetch = prefetch };
        Assert.Equal(Train(new Regressor(seed: 1), targets, Quiet(3) with { Augmentation = Noisy(false), BatchSize = 24 }),
            Train(new Regressor(seed: 1), targets, Quiet(3) with { Augmentation = Noisy(true), BatchSize = 24 }));
    }

    [Fact]
    public void An_empty_pipeline_trains_as_no_augmentation_and_a_real_one_differs()
    {
        DataSet images = Images(20, seed: 53);
        byte[] plain = Train(new SmallCnn(seed: 2), images, Quiet(2));
        Assert.Equal(plain, Train(new SmallCnn(seed: 2), images, Quiet(2) with { Augmentation = new AugmentationPipeline(CnnShape) }));
        Assert.NotEqual(plain, Train(new SmallCnn(seed: 2), images, Quiet(2) with { Augmentation = Pipeline(prefetch: true) }));
    }

    [Fact]
    public void Validation_is_scored_on_the_validation_data_as_given()
    {
        DataSet validation = Images(12, seed: 54);
        var network = new SmallCnn(seed: 3);
        FitResult result = Trainer.Fit(network, Images(20, seed: 55), Quiet(2) with { Validation = validation, Augmentation = Pipeline(prefetch: true) });
        Assert.Equal(Metrics.Loss(network, validation), result.History[^1].ValidationLoss);
    }

    [Fact]
    public void A_resumed_augmented_run_equals_the_uninterrupted_one()
    {
        DataSet images = Images(20, seed: 56);
        FitOptions options = Quiet(3) with { Augmentation = Pipeline(prefetch: true) };
        byte[] whole = Train(new SmallCnn(seed: 4), images, options);
        var first = new SmallCnn(seed: 4);
        Trainer.Fit(first, images, options with { Epochs = 1 });
        var resumed = new SmallCnn(seed: 9);
        using (var checkpoint = new MemoryStream(State(first)))
        {
            resumed.Load(checkpoint);
        }

        Assert.Equal(whole, Train(resumed, images, options with { InitialEpoch = 1 }));
    }

    [Fact]
    public void A_stop_mid_epoch_or_an_exception_ends_the_prefetching_thread()
    {
        int before = AugmentedMinibatches.LiveWorkers;
        DataSet images = Images(40, seed: 57);
        var stop = new StopAfter(3);
        FitResult stopped = Trainer.Fit(new SmallCnn(seed: 5), images, Quiet(5) with { Augmentation = Pipeline(prefetch: true), Callbacks = [stop] });
        Assert.True(stopped.StoppedByCallback);
        Assert.Equal(before, AugmentedMinibatches.LiveWorkers);

        var e = Assert.Throws<InvalidOperationException>(() => Trainer.Fit(new SmallCnn(seed: 5), images,
            Quiet(5) with { Augmentation = Pipeline(prefetch: true), OnStep = (step, _) => { if (step == 4) { throw new InvalidOperationException("stop here"); } } }));
        Assert.Equal("stop here", e.Message);
        Assert.Equal(before, AugmentedMinibatches.LiveWorkers);

        var failing = new AugmentationPipeline(CnnShape, new FailingStep(failAt: 9));
        Assert.Equal("sample 9 fails", Assert.Throws<InvalidOperationException>(() => Trainer.Fit(new SmallCnn(seed: 5), images, Quiet(1) with { Augmentation = failing })).Message);
        Assert.Equal(before, AugmentedMinibatches.LiveWorkers);
    }

    [Fact]
    public void A_pipeline_whose_shape_is_not_the_network_s_input_is_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => Trainer.Fit(new SmallCnn(seed: 1), Images(8, seed: 58),
            Quiet(1) with { Augmentation = new AugmentationPipeline(new SampleShape(1, 12, 6)) }));
        Assert.Equal("Augmentation", e.ParamName);
        Assert.Contains("[1, 12, 6] = 72 floats but the network takes [2, 6, 6] = 72", e.Message);
    }

    private sealed class StopAfter(int steps) : IFitCallback
    {
        public bool OnStep(long step, float loss) => step < steps;
    }
}
