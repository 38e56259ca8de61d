using System.Globalization;
using System.Text.Json;
using NetGen.Data;
using NetGen.Randomness;
using NetGen.Schedules;
using NetGen.Training;

namespace NetGen.Tests.Training;

/// <summary>
/// ReluClassifier with a batch of 8: the same parameters from the same seed, for the gradient accumulation test. The
/// layers are named apart because the fingerprint leaves out the batch (a checkpoint loads across batch sizes), and
/// StateContractTests wants every network class's fingerprint different.
/// </summary>
[Network(BatchSize = 8)]
[Input(5)]
[SoftmaxCrossEntropy]
[Sgd(0.1f)]
public partial class ReluClassifier8
{
    [Dense(6), ReLU]
    public partial Layer Hidden8 { get; }

    [Dense(3)]
    public partial Layer Output8 { get; }
}

/// <summary>Trainer.Fit end to end on the small generated networks.</summary>
public sealed class FitTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("netgen-fit-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>Three Gaussian blobs in the plane, class c around (2c − 2, c mod 2 · 2), σ = 0.5.</summary>
    private static DataSet Blobs(int count, long seed, bool flipLabels = false)
    {
        var random = new SeededRandom(seed);
        var features = new float[count * 2];
        var labels = new int[count];
        for (int i = 0; i < count; i++)
        {
            int c = i % 3;
            features[2 * i] = (float)(2 * c - 2 + 0.5 * random.NextNormal());
            features[2 * i + 1] = (float)(c % 2 * 2 + 0.5 * random.NextNormal());
            labels[i] = flipLabels ? (c + 1) % 3 : c;
        }

        return new DataSet(features, labels, 2);
    }

    private static FitOptions Quiet(int epochs) => new() { Epochs = epochs, Progress = ProgressMode.None, Seed = 5 };

    [Fact]
    public void A_run_resumed_with_InitialEpoch_equals_the_uninterrupted_run_bit_for_bit()
    {
        DataSet train = Blobs(300, seed: 2);
        FitOptions options = Quiet(4) with { ValidationFraction = 0.2, Schedule = new CosineAnnealing(0.1, periods: 4), SchedulePer = SchedulePeriod.Step };
        var whole = new BlobClassifier(seed: 1);
        Trainer.Fit(whole, train, options);

        var first = new BlobClassifier(seed: 1);
        Trainer.Fit(first, train, options with { Epochs = 4, OnEpoch = r => { if (r.Epoch == 2) { first.Save(Path.Combine(_directory, "e2.safetensors")); } } });
        var resumed = new BlobClassifier(seed: 9);
        resumed.Load(Path.Combine(_directory, "e2.safetensors"));
        FitResult rest = Trainer.Fit(resumed, train, options with { InitialEpoch = 2 });

        Assert.Equal([3, 4], rest.History.Select(r => r.Epoch));
        using var a = new MemoryStream();
        using var b = new MemoryStream();
        whole.Save(a);
        resumed.Save(b);
        Assert.Equal(a.ToArray(), b.ToArray());
    }

    [Fact]
    public void A_new_per_step_schedule_on_a_trained_network_starts_at_its_first_period()
    {
        var network = new BlobClassifier(seed: 1);
        DataSet train = Blobs(300, seed: 2);
        Trainer.Fit(network, train, Quiet(2));
        int steps = 0;
        Trainer.Fit(network, train, Quiet(1) with { Schedule = new CosineAnnealing(0.1, periods: 100), SchedulePer = SchedulePeriod.Step, OnStep = (_, _) => steps++ });

        var fresh = new CosineAnnealing(0.1, periods: 100);
        for (int i = 0; i < steps; i++)
        {
            fresh.Advance();
        }

        Assert.True(network.Step > steps);
        Assert.Equal((float)fresh.Rate, network.LearningRate);
    }

    [Fact]
    public void InitialEpoch_is_checked()
    {
        var network = new BlobClassifier(seed: 1);
        DataSet train = Blobs(30, seed: 2);
        Assert.Equal("InitialEpoch", Assert.Throws<ArgumentOutOfRangeException>(() => Trainer.Fit(network, train, Quiet(2) with { InitialEpoch = 2 })).ParamName);
        Assert.Equal("InitialEpoch", Assert.Throws<ArgumentOutOfRangeException>(() => Trainer.Fit(network, train, Quiet(2) with { InitialEpoch = -1 })).ParamName);
        Assert.Equal("InitialEpoch", Assert.Throws<ArgumentException>(() => Trainer.Fit(network, train, Quiet(3) with { InitialEpoch = 1, Validation = Blobs(9, seed: 4), Schedule = new ReduceOnPlateau(0.1) })).ParamName);
    }

    [Fact]
    public void Fit_trains_a_classifier_and_records_every_epoch()
    {
        var network = new BlobClassifier(seed: 1);
        DataSet train = Blobs(300, seed: 2), validation = Blobs(90, seed: 3);
        double before = Metrics.Loss(network, validation);
        FitResult result = Trainer.Fit(network, train, Quiet(5) with { Validation = validation, MeasureTrainAccuracy = true });

        Assert.Equal([1, 2, 3, 4, 5], result.History.Select(r => r.Epoch));
        Assert.True(result.History[^1].TrainLoss < result.History[0].TrainLoss);
        Assert.True(result.History[^1].ValidationLoss < before / 2, $"validation loss {before} → {result.History[^1].ValidationLoss}");
        Assert.True(result.History[^1].ValidationAccuracy > 0.9);
        Assert.True(result.History[^1].TrainAccuracy > 0.9);
        Assert.Equal(Metrics.Loss(network, validation), result.History[^1].ValidationLoss);
        Assert.Equal(5 * 10, network.Step);
        Assert.All(result.History, r => Assert.True(r.Seconds > 0 && r.SamplesPerSecond > 0 && r.LearningRate == 0.1f));
        Assert.False(result.StoppedEarly || result.StoppedByCallback || result.RestoredBest);
        Assert.InRange(result.BestEpoch, 1, 5);
    }

    [Fact]
    public void Fit_trains_on_targets_for_mse_and_bce()
    {
        var regressor = new Regressor(seed: 1);
        float[] inputs = TestBatches.Inputs(60, 3, seed: 4);
        float[] targets = [.. Enumerable.Range(0, 120).Select(i => (float)(0.3 * Math.Tanh(inputs[i / 2 * 3] + (i % 2 == 0 ? inputs[i / 2 * 3 + 1] : -inputs[i / 2 * 3 + 2]))))];
        var data = new DataSet(inputs, targets, 3, 2);
        double before = Metrics.MeanSquaredError(regressor, data);
        FitResult result = Trainer.Fit(regressor, data, Quiet(20) with { ValidationFraction = 0.25 });
        Assert.True(result.History[^1].ValidationLoss < before, $"{before} → {result.History[^1].ValidationLoss}");
        Assert.True(double.IsNaN(result.History[0].ValidationAccuracy));

        var binary = new BinaryClassifier(seed: 1);
        float[] x = TestBatches.Inputs(200, 4, seed: 5);
        int[] labels = [.. Enumerable.Range(0, 200).Select(i => x[4 * i] + x[4 * i + 1] > 0 ? 1 : 0)];
        foreach (DataSet set in new[] { new DataSet(x, labels, 4), new DataSet(x, [.. labels.Select(l => (float)l)], 4, 1) })
        {
            FitResult fit = Trainer.Fit(binary, set, Quiet(10) with { ValidationFraction = 0.2 });
            Assert.True(fit.History[^1].ValidationAccuracy > 0.8, $"{fit.History[^1].ValidationAccuracy}");
        }
    }

    [Fact]
    public void Gradient_accumulation_over_two_chunks_is_one_step_on_the_whole_batch()
    {
        float[] inputs = TestBatches.Inputs(8, 5, seed: 6);
        int[] labels = TestBatches.Labels(8, 3, seed: 7);
        var data = new DataSet(inputs, labels, 5);
        var accumulated = new ReluClassifier(seed: 3);
        var byHand = new ReluClassifier(seed: 3);
        var whole = new ReluClassifier8(seed: 3);
        Assert.Equal(byHand.Parameters.ToArray(), whole.Parameters.ToArray());

        FitResult result = Trainer.Fit(accumulated, data, Quiet(1) with { BatchSize = 8 });
        Assert.Equal(1, accumulated.Step);

        // The batch Fit saw: the first Minibatches batch of 8 from the same seed.
        var batches = new Minibatches(data, 8, seed: 5);
        batches.Shuffle();
        Assert.True(batches.TryNext(out ReadOnlySpan<float> batchInputs, out ReadOnlySpan<int> batchLabels));
        float[] x = batchInputs.ToArray();
        int[] y = batchLabels.ToArray();

        // By hand: ComputeGradients on each half, g = ½·g1 + ½·g2 element by element, one ApplyGradients. Fit does the
        // same float operations in the same order (no fused multiply-add), so the parameters agree bit for bit.
        var g1 = new float[ReluClassifier.ParameterCount];
        var g2 = new float[ReluClassifier.ParameterCount];
        float l1 = byHand.ComputeGradients(x.AsSpan(0, 20), y.AsSpan(0, 4), g1);
        float l2 = byHand.ComputeGradients(x.AsSpan(20), y.AsSpan(4), g2);
        var g = new float[g1.Length];
        for (int i = 0; i < g.Length; i++)
        {
            g[i] = 0.5f * g1[i];
            g[i] = g[i] + 0.5f * g2[i];
        }

        byHand.ApplyGradients(g);
        Assert.Equal(byHand.Parameters.ToArray(), accumulated.Parameters.ToArray());
        Assert.Equal((float)(0.5 * l1 + 0.5 * l2), (float)result.History[0].TrainLoss);

        // A network whose batch is 8 takes the whole batch in one TrainStep: the same step up to float rounding.
        float loss = whole.TrainStep(x, y);
        Assert.Equal(loss, (float)result.History[0].TrainLoss, 1e-6f);
        float[] expected = whole.Parameters.ToArray(), actual = accumulated.Parameters.ToArray();
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-6f, $"parameter {i}: {expected[i]} vs {actual[i]}");
        }
    }

    [Fact]
    public void A_last_logical_batch_smaller_than_the_network_batch_trains_in_one_chunk()
    {
        // 10 samples in logical batches of 8: one accumulated step of two chunks, then one plain step of 2.
        var network = new ReluClassifier(seed: 3);
        var data = new DataSet(TestBatches.Inputs(10, 5, seed: 6), TestBatches.Labels(10, 3, seed: 7), 5);
        FitResult result = Trainer.Fit(network, data, Quiet(2) with { BatchSize = 8 });
        Assert.Equal(4, network.Step);
        Assert.True(double.IsFinite(result.History[1].TrainLoss));
    }

    [Fact]
    public void Early_stopping_stops_after_patience_epochs_without_improvement()
    {
        // Learning rate 0: nothing changes, so the validation loss of epoch 1 is never beaten and the run stops after
        // epoch 1 + Patience.
        var network = new BlobClassifier(seed: 1) { LearningRate = 0 };
        FitResult result = Trainer.Fit(network, Blobs(96, seed: 2), Quiet(20) with { ValidationFraction = 0.25, EarlyStopping = new EarlyStopping { Patience = 3 } });
        Assert.Equal(4, result.History.Count);
        Assert.True(result.StoppedEarly);
        Assert.Equal(1, result.BestEpoch);
        // The state of epoch 1 (72 training samples, 3 steps) is loaded back.
        Assert.True(result.RestoredBest);
        Assert.Equal(3, network.Step);

        // Patience reached on the last epoch is no early stop.
        FitResult exact = Trainer.Fit(new BlobClassifier(seed: 1) { LearningRate = 0 }, Blobs(96, seed: 2), Quiet(4) with { ValidationFraction = 0.25, EarlyStopping = new EarlyStopping { Patience = 3 } });
        Assert.Equal(4, exact.History.Count);
        Assert.False(exact.StoppedEarly);
    }

    [Fact]
    public void Early_stopping_restores_the_state_of_the_best_epoch()
    {
        // Validation labels shifted by one class: the better the network learns the training blobs, the worse it does
        // on these, so the validation loss rises after the first epochs.
        var network = new BlobClassifier(seed: 1);
        var saved = new List<(float[] Parameters, long Step)>();
        FitResult result = Trainer.Fit(network, Blobs(300, seed: 2), Quiet(30) with
        {
            Validation = Blobs(90, seed: 3, flipLabels: true),
            EarlyStopping = new EarlyStopping { Patience = 2 },
            OnEpoch = _ => saved.Add((network.Parameters.ToArray(), network.Step)),
        });

        Assert.True(result.StoppedEarly);
        Assert.True(result.RestoredBest);
        Assert.Equal(result.BestEpoch + 2, result.History.Count);
        int best = result.BestEpoch - 1;
        Assert.Equal(result.History.Min(r => r.ValidationLoss), result.History[best].ValidationLoss);
        Assert.Equal(saved[best].Parameters, network.Parameters.ToArray());
        Assert.Equal(saved[best].Step, network.Step);
        Assert.NotEqual(saved[^1].Parameters, network.Parameters.ToArray());
    }

    [Fact]
    public void Early_stopping_can_monitor_validation_accuracy_with_a_min_delta()
    {
        var network = new BlobClassifier(seed: 1) { LearningRate = 0 };
        FitResult result = Trainer.Fit(network, Blobs(96, seed: 2), Quiet(10) with
        {
            ValidationFraction = 0.25,
            EarlyStopping = new EarlyStopping { Patience = 1, Monitor = MonitoredMetric.ValidationAccuracy, MinDelta = 0.01 },
        });
        Assert.Equal(2, result.History.Count);
        Assert.True(result.StoppedEarly);
    }

    [Fact]
    public void A_schedule_per_step_advances_after_every_step_and_per_epoch_after_every_epoch()
    {
        var data = new DataSet(TestBatches.Inputs(16, 5, seed: 6), TestBatches.Labels(16, 3, seed: 7), 5);
        static float Rate(int periods) => (float)(0.1 * Math.Pow(0.5, periods));

        var perStep = new ReluClassifier(seed: 1);
        var rates = new List<float>();
        FitResult steps = Trainer.Fit(perStep, data, Quiet(2) with
        {
            Schedule = new StepDecay(0.1, stepSize: 1, gamma: 0.5),
            SchedulePer = SchedulePeriod.Step,
            OnStep = (_, _) => rates.Add(perStep.LearningRate),
        });
        // Four steps an epoch; after step s the rate is α0·γ^s; an epoch records its last step's rate.
        Assert.Equal(Enumerable.Range(1, 8).Select(Rate), rates);
        Assert.Equal([Rate(3), Rate(7)], steps.History.Select(r => (float)r.LearningRate));

        var perEpoch = new ReluClassifier(seed: 1);
        FitResult epochs = Trainer.Fit(perEpoch, data, Quiet(3) with { Schedule = new StepDecay(0.1, stepSize: 1, gamma: 0.5) });
        Assert.Equal([Rate(0), Rate(1), Rate(2)], epochs.History.Select(r => (float)r.LearningRate));
        Assert.Equal(Rate(3), perEpoch.LearningRate);
    }

    [Fact]
    public void Reduce_on_plateau_per_epoch_watches_the_validation_loss()
    {
        // Validation labels shifted by one class, so the validation loss soon stops improving; with patience 0 the rate
        // halves after every epoch that does not beat the best (torch's relative threshold 1e-4).
        var network = new BlobClassifier(seed: 1);
        var plateau = new ReduceOnPlateau(0.1, factor: 0.5, patience: 0);
        FitResult result = Trainer.Fit(network, Blobs(300, seed: 2), Quiet(8) with { Validation = Blobs(90, seed: 3, flipLabels: true), Schedule = plateau });
        double best = double.PositiveInfinity, rate = 0.1;
        var expected = new List<float> { (float)rate };
        foreach (EpochRecord record in result.History)
        {
            if (record.ValidationLoss < best * (1 - 1e-4))
            {
                best = record.ValidationLoss;
            }
            else
            {
                rate *= 0.5;
            }

            expected.Add((float)rate);
        }

        Assert.Equal(expected.Take(8), result.History.Select(r => (float)r.LearningRate));
        Assert.Equal(expected[8], network.LearningRate);
        Assert.True(expected[8] < 0.1f, "the case should reduce the rate at least once");
    }

    private sealed class StopAtStep(long stop) : IFitCallback
    {
        public int Steps { get; private set; }

        public int Epochs { get; private set; }

        public bool OnStep(long step, float loss)
        {
            Steps++;
            return step < stop;
        }

        public bool OnEpoch(EpochRecord record)
        {
            Epochs++;
            return true;
        }
    }

    private sealed class StopAfterEpoch(int epoch) : IFitCallback
    {
        public bool OnEpoch(EpochRecord record) => record.Epoch < epoch;
    }

    [Fact]
    public void Callbacks_fire_and_can_stop_the_run()
    {
        var data = new DataSet(TestBatches.Inputs(16, 5, seed: 6), TestBatches.Labels(16, 3, seed: 7), 5);
        var network = new ReluClassifier(seed: 1);
        var stop = new StopAtStep(6);
        var losses = new List<(long, float)>();
        int epochs = 0;
        FitResult result = Trainer.Fit(network, data, Quiet(5) with { Callbacks = [stop], OnStep = (s, l) => losses.Add((s, l)), OnEpoch = _ => epochs++ });
        // Stopped in epoch 2 after its second step; the epoch is still recorded.
        Assert.Equal(6, network.Step);
        Assert.Equal((6, 2, 2), (stop.Steps, stop.Epochs, epochs));
        Assert.Equal(Enumerable.Range(1, 6).Select(i => (long)i), losses.Select(p => p.Item1));
        Assert.True(result.StoppedByCallback);
        Assert.Equal(2, result.History.Count);
        Assert.Equal((losses[4].Item2 + (double)losses[5].Item2) / 2, result.History[1].TrainLoss, 12);

        FitResult atEpoch = Trainer.Fit(new ReluClassifier(seed: 1), data, Quiet(5) with { Callbacks = [new StopAfterEpoch(3)] });
        Assert.Equal(3, atEpoch.History.Count);
        Assert.True(atEpoch.StoppedByCallback);
    }

    [Fact]
    public void Plain_progress_writes_one_line_per_epoch()
    {
        var writer = new StringWriter();
        Trainer.Fit(new BlobClassifier(seed: 1), Blobs(96, seed: 2), Quiet(3) with { Progress = ProgressMode.Plain, ProgressWriter = writer, ValidationFraction = 0.25 });
        string[] lines = writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(3, lines.Length);
        for (int i = 0; i < 3; i++)
        {
            Assert.StartsWith($"epoch {i + 1}/3  loss ", lines[i]);
            Assert.Contains("validation accuracy", lines[i]);
            Assert.Contains("samples/s", lines[i]);
        }

        // Auto with a writer given is Plain.
        var auto = new StringWriter();
        Trainer.Fit(new BlobClassifier(seed: 1), Blobs(96, seed: 2), new FitOptions { Epochs = 2, ProgressWriter = auto });
        Assert.Equal(2, auto.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public void Live_progress_draws_a_bar_per_epoch_through_spectre_console()
    {
        // The global console swapped for one writing into a buffer, as an interactive ANSI terminal.
        var output = new StringWriter();
        Spectre.Console.IAnsiConsole previous = Spectre.Console.AnsiConsole.Console;
        Spectre.Console.AnsiConsole.Console = Spectre.Console.AnsiConsole.Create(new Spectre.Console.AnsiConsoleSettings
        {
            Ansi = Spectre.Console.AnsiSupport.Yes,
            Interactive = Spectre.Console.InteractionSupport.Yes,
            Out = new Spectre.Console.AnsiConsoleOutput(output),
        });
        try
        {
            FitResult result = Trainer.Fit(new BlobClassifier(seed: 1), Blobs(96, seed: 2), Quiet(2) with { Progress = ProgressMode.Live });
            Assert.Equal(2, result.History.Count);
        }
        finally
        {
            Spectre.Console.AnsiConsole.Console = previous;
        }

        string text = output.ToString();
        Assert.Contains("epoch 1/2", text);
        Assert.Contains("epoch 2/2  loss", text);
    }

    [Fact]
    public void The_csv_log_holds_every_epoch_after_each_one()
    {
        string path = Path.Combine(_directory, "history.csv");
        var lineCounts = new List<int>();
        FitResult result = Trainer.Fit(new BlobClassifier(seed: 1), Blobs(96, seed: 2), Quiet(3) with
        {
            Log = path,
            ValidationFraction = 0.25,
            OnEpoch = _ => lineCounts.Add(File.ReadAllLines(path).Length),
        });
        Assert.Equal([2, 3, 4], lineCounts);
        string[] lines = File.ReadAllLines(path);
        Assert.Equal("epoch,train_loss,train_accuracy,validation_loss,validation_accuracy,learning_rate,seconds,samples_per_second", lines[0]);
        for (int i = 0; i < 3; i++)
        {
            string[] fields = lines[i + 1].Split(',');
            EpochRecord record = result.History[i];
            Assert.Equal(8, fields.Length);
            Assert.Equal(i + 1, int.Parse(fields[0], CultureInfo.InvariantCulture));
            Assert.Equal(record.TrainLoss, double.Parse(fields[1], CultureInfo.InvariantCulture));
            Assert.Equal("", fields[2]);
            Assert.Equal(record.ValidationLoss, double.Parse(fields[3], CultureInfo.InvariantCulture));
            Assert.Equal(record.ValidationAccuracy, double.Parse(fields[4], CultureInfo.InvariantCulture));
            Assert.Equal(record.LearningRate, double.Parse(fields[5], CultureInfo.InvariantCulture));
        }

        Assert.Empty(Directory.GetFiles(_directory, "*.tmp"));
    }

    [Fact]
    public void The_json_log_is_an_array_of_epoch_objects()
    {
        string path = Path.Combine(_directory, "history.json");
        FitResult result = Trainer.Fit(new BlobClassifier(seed: 1), Blobs(96, seed: 2), Quiet(2) with { Log = path });
        using JsonDocument document = JsonDocument.Parse(File.ReadAllText(path));
        JsonElement[] epochs = [.. document.RootElement.EnumerateArray()];
        Assert.Equal(2, epochs.Length);
        for (int i = 0; i < 2; i++)
        {
            Assert.Equal(i + 1, epochs[i].GetProperty("epoch").GetInt32());
            Assert.Equal(result.History[i].TrainLoss, epochs[i].GetProperty("train_loss").GetDouble());
            Assert.Equal(JsonValueKind.Null, epochs[i].GetProperty("validation_loss").ValueKind);
            Assert.True(epochs[i].GetProperty("samples_per_second").GetDouble() > 0);
        }
    }

    [Fact]
    public void Fit_refuses_bad_options_before_training()
    {
        var network = new BlobClassifier(seed: 1);
        DataSet data = Blobs(30, seed: 2);
        void Refused<T>(string name, FitOptions options, DataSet? train = null)
            where T : ArgumentException => Assert.Equal(name, Assert.Throws<T>(() => Trainer.Fit(network, train ?? data, options)).ParamName);

        Refused<ArgumentOutOfRangeException>("Epochs", Quiet(0));
        Refused<ArgumentOutOfRangeException>("BatchSize", Quiet(1) with { BatchSize = 0 });
        Refused<ArgumentException>("ValidationFraction", Quiet(1) with { Validation = data, ValidationFraction = 0.2 });
        Refused<ArgumentOutOfRangeException>("ValidationFraction", Quiet(1) with { ValidationFraction = 1 });
        Refused<ArgumentException>("EarlyStopping", Quiet(1) with { EarlyStopping = new EarlyStopping() });
        Refused<ArgumentOutOfRangeException>("Patience", Quiet(1) with { Validation = data, EarlyStopping = new EarlyStopping { Patience = 0 } });
        Refused<ArgumentOutOfRangeException>("MinDelta", Quiet(1) with { Validation = data, EarlyStopping = new EarlyStopping { MinDelta = -1 } });
        Refused<ArgumentException>("SchedulePer", Quiet(1) with { Schedule = new ReduceOnPlateau(0.1), SchedulePer = SchedulePeriod.Step });
        Refused<ArgumentException>("Log", Quiet(1) with { Log = Path.Combine(_directory, "history.txt") });
        Refused<ArgumentException>("Validation", Quiet(1) with { Validation = new DataSet([1f, 2f, 3f], [0], 3) });
        Refused<ArgumentException>("Validation", Quiet(1) with { Validation = new DataSet([1f, 2f], [0f, 1f, 0f], 2, 3) });
        Refused<ArgumentException>("train", Quiet(1), new DataSet([1f], [0], 1));
        Refused<ArgumentException>("train", Quiet(1), new DataSet([], Array.Empty<int>(), 2));
        Assert.Equal(0, network.Step);
    }
}
