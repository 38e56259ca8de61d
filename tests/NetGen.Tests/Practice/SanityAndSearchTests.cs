using NetGen.Data;
using NetGen.Training;

namespace NetGen.Tests.Practice;

public class SanityAndSearchTests
{
    [Fact]
    public void Initial_loss_is_near_ln_C_and_a_scaled_up_init_is_flagged()
    {
        var data = new DataSet(TestBatches.Inputs(300, 6, seed: 1), TestBatches.Labels(300, 4, seed: 1), 6);
        INetwork network = new ActivationZoo(seed: 2);
        InitialLossCheck check = SanityChecks.InitialLoss(network, data);
        Assert.True(check.Passed, check.Message);
        Assert.Equal(Math.Log(4), check.Expected, 10);
        for (int i = 0; i < network.ParameterCount; i++) network.Parameters[i] *= 30;
        InitialLossCheck bad = SanityChecks.InitialLoss(network, data);
        Assert.False(bad.Passed, bad.Message);
        Assert.True(bad.Measured > bad.Expected);
    }

    [Fact]
    public void A_fresh_network_overfits_a_tiny_subset()
    {
        var data = new DataSet(TestBatches.Inputs(40, 5, seed: 3), TestBatches.Labels(40, 3, seed: 3), 5);
        OverfitCheck check = SanityChecks.OverfitTinySubset(() => new ReluClassifier(seed: 4) { LearningRate = 0.2f }, data, samples: 8, steps: 600);
        Assert.True(check.Passed, check.Message);
        Assert.Equal(8, check.Samples);
    }

    [Fact]
    public void Gradient_check_passes_a_correct_network_and_leaves_it_unchanged()
    {
        INetwork network = new NormedClassifier(seed: 5);
        float[] inputs = TestBatches.Inputs(8, network.InputSize, seed: 5);
        int[] labels = TestBatches.Labels(8, network.OutputSize, seed: 5);
        byte[] before = PracticeData.State(network);
        GradientCheckResult result = GradientCheck.Run(network, inputs, labels, new GradientCheckOptions { Dimensions = 20, Seed = 1 });
        Assert.True(result.Passed, result.ToString());
        Assert.Equal(20, result.Dimensions.Count);
        Assert.Equal(before, PracticeData.State(network));
        Assert.True(GradientCheck.Run(new ReluClassifier(seed: 1), TestBatches.Inputs(4, 5, 1), TestBatches.Labels(4, 3, 1)).Passed);
    }

    [Fact]
    public void Gradient_check_refuses_a_step_that_float_cannot_add_to_the_parameter()
    {
        INetwork network = new ReluClassifier(seed: 1);
        network.Parameters[3] = 1e5f; // float's spacing there is 2^-7 ≈ 0.0078, so θ ± 1e-3 rounds back to θ
        byte[] before = PracticeData.State(network);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => GradientCheck.Run(network, TestBatches.Inputs(4, 5, 1), TestBatches.Labels(4, 3, 1), new GradientCheckOptions { Indices = [3] }));
        Assert.Contains("parameter 3", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, PracticeData.State(network));
        Assert.True(GradientCheck.Run(network, TestBatches.Inputs(4, 5, 1), TestBatches.Labels(4, 3, 1), new GradientCheckOptions { Indices = [4] }).Dimensions.Count == 1);
    }

    [Fact]
    public void Gradient_check_flags_a_deliberately_wrong_gradient_at_its_dimension()
    {
        INetwork inner = new ActivationZoo(seed: 2);
        float[] inputs = TestBatches.Inputs(3, inner.InputSize, seed: 2);
        int[] labels = TestBatches.Labels(3, inner.OutputSize, seed: 2);
        var gradients = new float[inner.ParameterCount];
        inner.ComputeGradients(inputs, labels, gradients);
        int wrong = Array.IndexOf(gradients, gradients.MaxBy(Math.Abs));
        var network = new WrongGradient(inner, wrong);
        GradientCheckResult result = GradientCheck.Run(network, inputs, labels, new GradientCheckOptions { Indices = [3, wrong, 40] });
        Assert.False(result.Passed, result.ToString());
        DimensionCheck flagged = Assert.Single(result.Failures);
        Assert.Equal(wrong, flagged.Index);
        Assert.Equal(1.5, flagged.Analytic / flagged.Numeric, 1);
        Assert.True(GradientCheck.Run(inner, inputs, labels, new GradientCheckOptions { Indices = [3, wrong, 40] }).Passed);
    }

    [Fact]
    public void Learning_rate_range_test_suggests_a_good_rate_and_restores_the_network_exactly()
    {
        DataSet data = PracticeData.Blobs(512, seed: 8, spread: 1.2);
        for (int i = 0; i < data.Features.Length; i++) data.Features[i] *= 0.4f; // about unit scale, so the loss starts near ln 3
        INetwork network = new BlobClassifier(seed: 3);
        PracticeData.Train(network, data, epochs: 0, seed: 0);
        byte[] before = PracticeData.State(network);
        LearningRateRange range = LearningRateFinder.Run(network, data, new LearningRateFinderOptions { MinRate = 1e-5, MaxRate = 100, Steps = 100 });
        Assert.Equal(before, PracticeData.State(network));
        Assert.True(range.Rates.Count < 100, "the sweep should stop once the loss diverges");
        Assert.InRange(range.Suggested, 1e-3, 1);
        Assert.InRange(range.MinimumOverTen, 1e-3, 1);
        Assert.Equal(range.Rates.Count, range.Losses.Count);
    }

    [Fact]
    public void Random_search_finds_a_known_optimum_refines_around_it_and_is_deterministic()
    {
        var space = new SearchSpace { new LogUniform("lr", 1e-6, 1), new Uniform("momentum", 0, 1), new Choice("width", 16, 32, 64) };
        double Objective(TrialConfig c, TrialContext _) => -Math.Pow(Math.Log10(c.Double("lr")) + 2, 2) - Math.Pow(c.Double("momentum") - 0.9, 2) - (c.Get<int>("width") == 32 ? 0 : 0.01);
        IReadOnlyList<TrialResult> results = RandomSearch.Run(space, 60, Objective, new RandomSearchOptions { Seed = 42 });
        Assert.InRange(Math.Log10(results[0].Config.Double("lr")), -2.5, -1.5);
        Assert.True(results.Zip(results.Skip(1)).All(p => p.First.Score >= p.Second.Score));

        SearchSpace refined = RandomSearch.Refine(space, results, topK: 5);
        var lr = (LogUniform)refined["lr"];
        Assert.InRange(1e-2, lr.Min, lr.Max);
        Assert.True(Math.Log(lr.Max / lr.Min) < 0.5 * Math.Log(1 / 1e-6), $"[{lr.Min}, {lr.Max}]");
        IReadOnlyList<TrialResult> fine = RandomSearch.Run(refined, 30, Objective, new RandomSearchOptions { Seed = 7 });
        Assert.True(fine[0].Score >= results[0].Score - 0.05);

        IReadOnlyList<TrialResult> again = RandomSearch.Run(space, 60, Objective, new RandomSearchOptions { Seed = 42, MaxDegreeOfParallelism = 1 });
        Assert.Equal(RandomSearch.Format(results), RandomSearch.Format(again));
    }

    [Fact]
    public void Built_in_objective_trains_network_choices_and_scores_validation_accuracy()
    {
        DataSet train = PracticeData.Blobs(256, seed: 11), validation = PracticeData.Blobs(128, seed: 12);
        Func<int, INetwork> blob = seed => new BlobClassifier(seed);
        var space = new SearchSpace { new LogUniform(RandomSearch.LearningRateName, 1e-3, 0.3), new Choice(RandomSearch.NetworkName, blob) };
        var objective = RandomSearch.TrainingObjective(train, validation, epochs: 2);
        IReadOnlyList<TrialResult> a = RandomSearch.Run(space, 4, objective, new RandomSearchOptions { Seed = 1 });
        IReadOnlyList<TrialResult> b = RandomSearch.Run(space, 4, objective, new RandomSearchOptions { Seed = 1 });
        Assert.Equal(a.Select(r => (r.Trial, r.Score)), b.Select(r => (r.Trial, r.Score)));
        Assert.True(a[0].Score > 0.9, RandomSearch.Format(a));
    }

    [Fact]
    public void Apply_sets_every_named_run_time_hyperparameter_and_refuses_what_the_network_lacks()
    {
        var space = new SearchSpace
        {
            new LogUniform(RandomSearch.LearningRateName, 0.01, 0.02), new Uniform(RandomSearch.WeightDecayName, 1e-4, 2e-4),
            new Uniform(RandomSearch.MomentumName, 0.5, 0.6), new Uniform(RandomSearch.DropoutName, 0.1, 0.2),
        };
        IReadOnlyList<TrialResult> drawn = RandomSearch.Run(space, 1, (_, _) => 0, new RandomSearchOptions { Seed = 5 });
        TrialConfig config = drawn[0].Config;
        var network = new DropoutClassifier(seed: 1);
        RandomSearch.Apply(network, config);
        Assert.Equal(config.Float(RandomSearch.LearningRateName), network.LearningRate);
        Assert.Equal(config.Float(RandomSearch.WeightDecayName), network.WeightDecay);
        Assert.Equal(config.Float(RandomSearch.MomentumName), network.Momentum);
        Assert.All(network.Layers.Where(l => l.HasDropout), l => Assert.Equal(config.Float(RandomSearch.DropoutName), l.DropoutRate));
        Assert.Equal(2, network.Layers.Count(l => l.HasDropout));

        var withoutDropout = new BlobClassifier(seed: 1);
        var error = Assert.Throws<InvalidOperationException>(() => RandomSearch.Apply(withoutDropout, config));
        Assert.Contains("no layer with Dropout", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Retraining_the_best_configuration_with_the_search_settings_reproduces_its_score()
    {
        DataSet train = PracticeData.Blobs(256, seed: 11), validation = PracticeData.Blobs(128, seed: 12);
        var space = new SearchSpace
        {
            new LogUniform(RandomSearch.LearningRateName, 1e-3, 0.3),
            new Choice(RandomSearch.ScheduleName, ScheduleChoice.Constant, ScheduleChoice.Cosine),
            new Choice(RandomSearch.NetworkName, new NetworkChoice("blob-16", seed => new BlobClassifier(seed))),
        };
        IReadOnlyList<TrialResult> results = RandomSearch.Run(space, 6, RandomSearch.TrainingObjective(train, validation, epochs: 3), new RandomSearchOptions { Seed = 3 });
        string table = RandomSearch.Format(results);
        Assert.Contains("blob-16", table, StringComparison.Ordinal);
        Assert.True(table.Contains("cosine", StringComparison.Ordinal) || table.Contains("constant", StringComparison.Ordinal), table);

        TrialResult best = results[0];
        (INetwork network, FitResult fit) = RandomSearch.Retrain(best.Config, train, new FitOptions { Epochs = 3, Seed = best.Config.Seed, Progress = ProgressMode.None });
        Assert.Equal(3, fit.History.Count);
        Assert.Equal(best.Score, Evaluation.Accuracy(network, validation));
        if (best.Config.Get<ScheduleChoice>(RandomSearch.ScheduleName) == ScheduleChoice.Cosine)
        {
            Assert.True(network.LearningRate < best.Config.Float(RandomSearch.LearningRateName) * 0.3f, "cosine annealing should have lowered the rate");
        }
    }
}
