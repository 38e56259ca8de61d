using NetGen.Data;
using NetGen.Graph;
using NetGen.Training;

namespace NetGen.Tests.Training; // folder Parallel: a namespace NetGen.Tests.Parallel would hide System.Threading.Tasks.Parallel from the other tests

/// <summary>
/// Data parallelism over threads (<see cref="DataParallel"/>, FitOptions.Workers): the same bits for a worker count run
/// after run, one worker as the network's own step, two workers as one step on the whole batch (within 1e-5) or, when
/// the shards are Fit's accumulation chunks, bit for bit; BatchNorm's shard statistics and worker 0's running
/// statistics; dropout streams that resume from a checkpoint; refused options and failing shards.
/// </summary>
public sealed class DataParallelTests
{
    /// <summary>The state after training: parameters, every running statistic, the losses returned.</summary>
    private sealed record Trained(float[] Parameters, float[] Running, float[] Losses);

    private static float[] Running(INetwork network) =>
        [.. network.Layers.SelectMany(l => l.RunningMean.ToArray().Concat(l.RunningVariance.ToArray()))];

    /// <summary>Batches of <paramref name="samples"/> for step s, seeded by s: labels or targets by the network's kind.</summary>
    private static (float[] Inputs, int[] Labels, float[] Targets) Batch(INetwork network, int samples, int step) => (
        TestBatches.Inputs(samples, network.InputSize, seed: 100 + step),
        TestBatches.Labels(samples, network.OutputSize, seed: 200 + step),
        TestBatches.Targets(samples, network.OutputSize, seed: 300 + step));

    private static Trained Train(INetwork network, int workers, int samples, int steps, bool targets = false, Func<INetwork>? factory = null)
    {
        using var parallel = new DataParallel(network, workers, factory);
        var losses = new float[steps];
        for (int s = 0; s < steps; s++)
        {
            (float[] x, int[] labels, float[] t) = Batch(network, samples, s);
            losses[s] = targets ? parallel.TrainStep(x, t) : parallel.TrainStep(x, labels);
        }

        return new Trained(network.Parameters.ToArray(), Running(network), losses);
    }

    private static void Identical(Trained expected, Trained actual)
    {
        Assert.Equal(expected.Parameters, actual.Parameters);
        Assert.Equal(expected.Running, actual.Running);
        Assert.Equal(expected.Losses, actual.Losses);
    }

    public static TheoryData<string, int> Networks() => new()
    {
        { nameof(PlainMlp), 2 }, { nameof(PlainMlp), 3 },
        { nameof(NormedClassifier), 2 }, { nameof(NormedClassifier), 3 },   // BatchNorm, LayerNorm and dropout
        { nameof(DropoutClassifier), 2 }, { nameof(DropoutClassifier), 4 },
        { nameof(BatchNormRegressor), 2 },                                  // targets
    };

    private static INetwork Create(string name) => name switch
    {
        nameof(PlainMlp) => new PlainMlp(seed: 3),
        nameof(NormedClassifier) => new NormedClassifier(seed: 3),
        nameof(DropoutClassifier) => new DropoutClassifier(seed: 3),
        nameof(BatchNormRegressor) => new BatchNormRegressor(seed: 3),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Theory]
    [MemberData(nameof(Networks))]
    public void A_worker_count_gives_the_same_bits_run_after_run(string name, int workers)
    {
        bool targets = name == nameof(BatchNormRegressor);
        INetwork first = Create(name);
        // Two and a half network batches per step: the shards above BatchSize train in chunks too.
        int samples = first.BatchSize * 5 / 2;
        Trained a = Train(first, workers, samples, steps: 20, targets);
        Trained b = Train(Create(name), workers, samples, steps: 20, targets);
        Identical(a, b);
        Assert.All(a.Losses, loss => Assert.True(float.IsFinite(loss)));
    }

    [Fact]
    public void Dropout_masks_depend_on_the_worker_count()
    {
        // Replica w draws from its own stream: with two workers, shard 1 sees other masks than one worker gives it.
        Trained one = Train(new DropoutClassifier(seed: 3), 1, samples: 8, steps: 5);
        Trained two = Train(new DropoutClassifier(seed: 3), 2, samples: 8, steps: 5);
        Assert.NotEqual(one.Parameters, two.Parameters);
    }

    [Fact]
    public void One_worker_is_the_networks_own_step_bit_for_bit()
    {
        // Batch at most BatchSize: TrainStep itself, with BatchNorm, LayerNorm and dropout.
        INetwork reference = new NormedClassifier(seed: 5);
        var losses = new float[20];
        for (int s = 0; s < 20; s++)
        {
            (float[] x, int[] labels, _) = Batch(reference, 8, s);
            losses[s] = reference.TrainStep(x, labels);
        }

        Identical(new Trained(reference.Parameters.ToArray(), Running(reference), losses), Train(new NormedClassifier(seed: 5), 1, 8, 20));
    }

    [Fact]
    public void One_worker_above_BatchSize_is_gradient_accumulation_bit_for_bit()
    {
        // 19 samples on a batch-8 network: chunks of 8, 8 and 3, g = Σ (n_c/n)·g_c in chunk order, one ApplyGradients.
        INetwork reference = new NormedClassifier(seed: 5);
        var chunk = new float[reference.ParameterCount];
        var sum = new float[reference.ParameterCount];
        var losses = new float[20];
        for (int s = 0; s < 20; s++)
        {
            (float[] x, int[] labels, _) = Batch(reference, 19, s);
            double loss = 0;
            for (int start = 0; start < 19; start += 8)
            {
                int count = Math.Min(8, 19 - start);
                float chunkLoss = reference.ComputeGradients(x.AsSpan(start * 6, count * 6), labels.AsSpan(start, count), chunk);
                float weight = count / 19f;
                for (int i = 0; i < sum.Length; i++)
                {
                    sum[i] = start == 0 ? weight * chunk[i] : sum[i] + weight * chunk[i];
                }

                loss += (double)weight * chunkLoss;
            }

            reference.ApplyGradients(sum);
            losses[s] = (float)loss;
        }

        Identical(new Trained(reference.Parameters.ToArray(), Running(reference), losses), Train(new NormedClassifier(seed: 5), 1, 19, 20));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void Workers_match_one_step_on_the_whole_batch_within_1e_5_after_20_steps(int workers)
    {
        // Labels (SGD) and targets (Adam, binary cross-entropy): shards of 16 and 16 (11, 11, 10) against one batch of 32 / 8.
        INetwork reference = new PlainMlp(seed: 7);
        INetwork binary = new BinaryClassifier(seed: 7);
        for (int s = 0; s < 20; s++)
        {
            (float[] x, int[] labels, _) = Batch(reference, 32, s);
            reference.TrainStep(x, labels);
            (float[] bx, _, float[] bt) = Batch(binary, 8, s);
            binary.TrainStep(bx, Array.ConvertAll(bt, t => t > 0 ? 1f : 0f));
        }

        Trained parallel = Train(new PlainMlp(seed: 7), workers, 32, 20);
        INetwork parallelBinary = new BinaryClassifier(seed: 7);
        using (var trainer = new DataParallel(parallelBinary, workers))
        {
            for (int s = 0; s < 20; s++)
            {
                (float[] bx, _, float[] bt) = Batch(parallelBinary, 8, s);
                trainer.TrainStep(bx, Array.ConvertAll(bt, t => t > 0 ? 1f : 0f));
            }
        }

        Assert.All(parallel.Parameters.Zip(reference.Parameters.ToArray()), p => Assert.True(Math.Abs(p.First - p.Second) <= 1e-5f, $"{p.First} vs {p.Second}"));
        Assert.All(parallelBinary.Parameters.ToArray().Zip(binary.Parameters.ToArray()), p => Assert.True(Math.Abs(p.First - p.Second) <= 1e-5f, $"{p.First} vs {p.Second}"));
        Assert.NotEqual(new PlainMlp(seed: 7).Parameters.ToArray(), parallel.Parameters); // it trained
    }

    [Fact]
    public void BatchNorm_normalizes_each_shard_and_keeps_worker_zeros_running_statistics()
    {
        // One gradient of 32 samples on two workers = ½·g(first 16) + ½·g(last 16), each shard by its own statistics,
        // bit for bit; the running statistics are those the first shard's pass leaves.
        INetwork network = new BatchNormMlp(seed: 9);
        (float[] x, int[] labels, _) = Batch(network, 32, 0);
        var gradients = new float[network.ParameterCount];
        using (var parallel = new DataParallel(network, 2))
        {
            parallel.ComputeGradients(x, labels, gradients);
        }

        INetwork twin = new BatchNormMlp(seed: 9);
        var g0 = new float[twin.ParameterCount];
        var g1 = new float[twin.ParameterCount];
        twin.ComputeGradients(x.AsSpan(0, 16 * 20), labels.AsSpan(0, 16), g0);
        float[] running = Running(twin);
        new BatchNormMlp(seed: 9).ComputeGradients(x.AsSpan(16 * 20), labels.AsSpan(16), g1);
        float[] expected = [.. g0.Zip(g1, (a, b) => 0.5f * a + 0.5f * b)];
        Assert.Equal(expected, gradients);
        Assert.Equal(running, Running(network));

        var whole = new float[network.ParameterCount];
        new BatchNormMlp(seed: 9).ComputeGradients(x, labels, whole);
        Assert.NotEqual(whole, gradients); // per-shard statistics are not the batch's
    }

    [Fact]
    public void Dropout_streams_resume_from_a_checkpoint_bit_for_bit()
    {
        INetwork network = new DropoutClassifier(seed: 11);
        using var saved = new MemoryStream();
        using (var parallel = new DataParallel(network, 3))
        {
            for (int s = 0; s < 10; s++)
            {
                (float[] x, int[] labels, _) = Batch(network, 20, s);
                parallel.TrainStep(x, labels);
            }

            network.Save(saved);
            for (int s = 10; s < 20; s++)
            {
                (float[] x, int[] labels, _) = Batch(network, 20, s);
                parallel.TrainStep(x, labels);
            }
        }

        INetwork resumed = new DropoutClassifier(seed: 0);
        saved.Position = 0;
        resumed.Load(saved);
        using (var parallel = new DataParallel(resumed, 3))
        {
            for (int s = 10; s < 20; s++)
            {
                (float[] x, int[] labels, _) = Batch(resumed, 20, s);
                parallel.TrainStep(x, labels);
            }
        }

        Assert.Equal(network.Parameters.ToArray(), resumed.Parameters.ToArray());
    }

    [Fact]
    public void An_interpreted_network_trains_with_a_factory_as_the_generated_one()
    {
        GraphDescription description = GraphAttributes.Read(typeof(NormedClassifier));
        Trained generated = Train(new NormedClassifier(seed: 3), 2, 20, 20);
        Trained interpreted = Train(GraphNetwork.Create(description, seed: 3), 2, 20, 20, factory: () => GraphNetwork.Create(description));
        Assert.All(generated.Parameters.Zip(interpreted.Parameters), p => Assert.True(Math.Abs(p.First - p.Second) <= 1e-5f, $"{p.First} vs {p.Second}"));
    }

    [Fact]
    public void Fit_on_two_workers_equals_gradient_accumulation_when_the_shards_are_its_chunks()
    {
        // A logical batch of 64 on a batch-32 network: one worker accumulates chunks of 32, two workers train a shard of
        // 32 each; the same products, scaled and summed in the same order, so the same bits (BatchNorm's running
        // statistics aside: two workers keep worker 0's only). 256 samples: every batch is full.
        var data = new DataSet(TestBatches.Inputs(256, 20, seed: 1), TestBatches.Labels(256, 5, seed: 2), 20);
        foreach (Func<INetwork> create in new Func<INetwork>[] { () => new PlainMlp(seed: 2), () => new BatchNormMlp(seed: 2) })
        {
            INetwork one = create(), two = create();
            FitResult a = Trainer.Fit(one, data, new FitOptions { Epochs = 3, BatchSize = 64, Progress = ProgressMode.None, Seed = 4 });
            FitResult b = Trainer.Fit(two, data, new FitOptions { Epochs = 3, BatchSize = 64, Workers = 2, Progress = ProgressMode.None, Seed = 4 });
            Assert.Equal(one.Parameters.ToArray(), two.Parameters.ToArray());
            Assert.Equal(a.History.Select(e => e.TrainLoss), b.History.Select(e => e.TrainLoss));
        }

        var targets = new DataSet(TestBatches.Inputs(60, 3, seed: 5), TestBatches.Targets(60, 2, seed: 6), 3, 2);
        INetwork r1 = new Regressor(seed: 2), r2 = new Regressor(seed: 2);
        Trainer.Fit(r1, targets, new FitOptions { Epochs = 2, BatchSize = 6, Progress = ProgressMode.None });
        Trainer.Fit(r2, targets, new FitOptions { Epochs = 2, BatchSize = 6, Workers = 2, Progress = ProgressMode.None });
        Assert.Equal(r1.Parameters.ToArray(), r2.Parameters.ToArray());
    }

    [Fact]
    public void Fit_refuses_bad_worker_options()
    {
        var data = new DataSet(TestBatches.Inputs(40, 20, seed: 1), TestBatches.Labels(40, 5, seed: 2), 20);
        var options = new FitOptions { Epochs = 1, Progress = ProgressMode.None };
        INetwork network = new PlainMlp(seed: 1);
        Assert.Equal("Workers", Assert.Throws<ArgumentOutOfRangeException>(() => Trainer.Fit(network, data, options with { Workers = 0 })).ParamName);
        Assert.Equal("Workers", Assert.Throws<ArgumentOutOfRangeException>(() => Trainer.Fit(network, data, options with { Workers = DataParallel.MaxWorkers + 1 })).ParamName);
        // 33 workers on the default logical batch of 32 (the network's): one would have no sample.
        Assert.Equal("Workers", Assert.Throws<ArgumentException>(() => Trainer.Fit(network, data, options with { Workers = 33 })).ParamName);
        Assert.Equal("Workers", Assert.Throws<ArgumentException>(() => Trainer.Fit(network, data, options with { Workers = 5, BatchSize = 4 })).ParamName);
        Assert.Equal("WorkerFactory", Assert.Throws<ArgumentException>(() => Trainer.Fit(network, data, options with { Workers = 2, WorkerFactory = () => network })).ParamName);
        Assert.Equal("WorkerFactory", Assert.Throws<ArgumentException>(() => Trainer.Fit(network, data, options with { Workers = 2, WorkerFactory = () => null! })).ParamName);
        Assert.Equal("WorkerFactory", Assert.Throws<ArgumentException>(() => Trainer.Fit(network, data, options with { Workers = 2, WorkerFactory = () => new BatchNormMlp() })).ParamName);
        var same = new PlainMlp();
        Assert.Equal("WorkerFactory", Assert.Throws<ArgumentException>(() => Trainer.Fit(network, data, options with { Workers = 3, WorkerFactory = () => same })).ParamName);
        GraphNetwork interpreted = GraphNetwork.Create(GraphAttributes.Read(typeof(PlainMlp)));
        ArgumentException noFactory = Assert.Throws<ArgumentException>(() => Trainer.Fit(interpreted, data, options with { Workers = 2 }));
        Assert.Equal("WorkerFactory", noFactory.ParamName);
        Assert.Contains("worker factory", noFactory.Message);
        Assert.Equal(new PlainMlp(seed: 1).Parameters.ToArray(), network.Parameters.ToArray()); // nothing trained
    }

    [Fact]
    public void DataParallel_refuses_bad_arguments()
    {
        INetwork network = new PlainMlp(seed: 1);
        Assert.Equal("workers", Assert.Throws<ArgumentOutOfRangeException>(() => new DataParallel(network, 0)).ParamName);
        Assert.Equal("replicaFactory", Assert.Throws<ArgumentException>(() => new DataParallel(network, 2, () => new DropoutClassifier())).ParamName);
        using var parallel = new DataParallel(network, 2);
        Assert.Equal("inputs", Assert.Throws<ArgumentException>(() => parallel.TrainStep(new float[19], new int[1])).ParamName);
        Assert.Equal("labels", Assert.Throws<ArgumentException>(() => parallel.TrainStep([], Array.Empty<int>())).ParamName);
        Assert.Equal("targets", Assert.Throws<ArgumentException>(() => parallel.TrainStep(new float[20], new float[3])).ParamName);
        Assert.Equal("gradients", Assert.Throws<ArgumentException>(() => parallel.ComputeGradients(new float[20], new int[1], new float[3])).ParamName);
        parallel.Dispose();
        Assert.Throws<ObjectDisposedException>(() => parallel.TrainStep(new float[20], new int[1]));
    }

    [Fact]
    public void A_failing_shard_throws_after_every_shard_ends_and_updates_nothing()
    {
        INetwork network = new PlainMlp(seed: 1);
        using var parallel = new DataParallel(network, 2);
        (float[] x, int[] labels, _) = Batch(network, 32, 0);
        int[] bad = [.. labels];
        bad[30] = 99; // in worker 1's shard
        float[] before = network.Parameters.ToArray();
        ArgumentOutOfRangeException error = Assert.Throws<ArgumentOutOfRangeException>(() => parallel.TrainStep(x, bad));
        Assert.Equal("labels", error.ParamName);
        Assert.Equal(before, network.Parameters.ToArray());
        Assert.Equal(0, network.Step);

        // The workers are ready for the next step, which trains as on a fresh trainer.
        parallel.TrainStep(x, labels);
        Trained fresh = Train(new PlainMlp(seed: 1), 2, 32, 1);
        Assert.Equal(fresh.Parameters, network.Parameters.ToArray());
    }
}
