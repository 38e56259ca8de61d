using NetGen.Data;
using NetGen.Training;

namespace NetGen.Tests.Practice;

public class AveragingAndEnsembleTests
{
    [Fact]
    public void Exponential_average_follows_the_lerp_and_the_first_update_copies()
    {
        INetwork network = new BlobClassifier(seed: 1);
        DataSet data = PracticeData.Blobs(64, seed: 1);
        var average = ParameterAverage.Exponential(network, decay: 0.9f);
        double[] expected = new double[network.ParameterCount];
        var batches = new Minibatches(data, 32, seed: 2);
        for (int step = 0; step < 5; step++)
        {
            if (!batches.TryNext(out ReadOnlySpan<float> x, out ReadOnlySpan<int> y))
            {
                batches.Shuffle();
                batches.TryNext(out x, out y);
            }

            network.TrainStep(x, y);
            average.Update();
            for (int i = 0; i < expected.Length; i++)
            {
                expected[i] = step == 0 ? network.Parameters[i] : 0.9 * expected[i] + 0.1 * network.Parameters[i];
            }
        }

        Assert.Equal(5, average.Count);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], average.Values[i], 4);
        }
    }

    [Fact]
    public void Polyak_average_is_the_mean_and_swapping_is_exact_and_allocation_free()
    {
        INetwork network = new ReluClassifier(seed: 3);
        var average = ParameterAverage.Polyak(network);
        var snapshots = new List<float[]>();
        for (int k = 0; k < 4; k++)
        {
            for (int i = 0; i < network.ParameterCount; i++) network.Parameters[i] = k * 0.5f + i * 0.01f;
            snapshots.Add(network.Parameters.ToArray());
            average.Update();
        }

        for (int i = 0; i < network.ParameterCount; i++)
        {
            Assert.Equal(snapshots.Average(s => (double)s[i]), average.Values[i], 5);
        }

        float[] own = network.Parameters.ToArray();
        float[] averaged = average.Values.ToArray();
        using (average.Use())
        {
            Assert.True(average.IsSwappedIn);
            Assert.Equal(averaged, network.Parameters.ToArray());
            Assert.Throws<InvalidOperationException>(average.Update);
        }

        Assert.Equal(own, network.Parameters.ToArray());
        average.SwapIn(); average.SwapOut(); average.Update(); // warm
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10; i++) { average.Update(); average.SwapIn(); average.SwapOut(); }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void UpdateBatchNorm_moves_running_statistics_only_and_swap_out_restores_them()
    {
        INetwork network = new BatchNormMlp(seed: 4);
        float[] inputs = TestBatches.Inputs(64, BatchNormMlp.InputSize, seed: 4);
        int[] labels = TestBatches.Labels(64, BatchNormMlp.OutputSize, seed: 4);
        var data = new DataSet(inputs, labels, BatchNormMlp.InputSize);
        PracticeData.Train(network, data, epochs: 1, seed: 1);
        var average = ParameterAverage.Exponential(network, 0.5f);
        average.Update();
        for (int i = 0; i < network.ParameterCount; i++) network.Parameters[i] *= 0.9f; // make the average differ
        average.Update();
        byte[] state = PracticeData.State(network);
        float[] mean = network.Layers[0].RunningMean.ToArray();
        using (average.Use())
        {
            float[] parameters = network.Parameters.ToArray();
            TrainingPosition position = network.Position;
            ParameterAverage.UpdateBatchNorm(network, data);
            Assert.NotEqual(mean, network.Layers[0].RunningMean.ToArray());
            Assert.Equal(parameters, network.Parameters.ToArray());
            Assert.Equal(position, network.Position);
        }

        Assert.Equal(state, PracticeData.State(network));
    }

    [Fact]
    public void UpdateBatchNorm_runs_on_a_data_set_of_float_targets()
    {
        INetwork network = new BatchNormRegressor(seed: 2);
        var data = new DataSet(TestBatches.Inputs(40, BatchNormRegressor.InputSize, seed: 2), TestBatches.Targets(40, BatchNormRegressor.OutputSize, seed: 2), BatchNormRegressor.InputSize, BatchNormRegressor.OutputSize);
        float[] mean = network.Layers[0].RunningMean.ToArray();
        float[] parameters = network.Parameters.ToArray();
        TrainingPosition position = network.Position;
        ParameterAverage.UpdateBatchNorm(network, data);
        Assert.NotEqual(mean, network.Layers[0].RunningMean.ToArray());
        Assert.Equal(parameters, network.Parameters.ToArray());
        Assert.Equal(position, network.Position);
    }

    [Fact]
    public void Ensemble_predict_is_the_mean_of_members_and_reports_member_accuracies()
    {
        DataSet train = PracticeData.Blobs(256, seed: 5), test = PracticeData.Blobs(200, seed: 6);
        Ensemble ensemble = Ensemble.Seeded(3, seed => new BlobClassifier(seed), firstSeed: 10);
        foreach (INetwork m in ensemble.Members) PracticeData.Train(m, train, epochs: 3, seed: 1);
        float[] x = test.Features.AsSpan(0, 10 * 2).ToArray();
        var output = new float[10 * 3];
        ensemble.Predict(x, output);
        var expected = new double[30];
        foreach (INetwork m in ensemble.Members)
        {
            var o = new float[30];
            m.Predict(x, o);
            for (int i = 0; i < 30; i++) expected[i] += o[i] / 3.0;
        }

        for (int i = 0; i < 30; i++) Assert.Equal(expected[i], output[i], 5);
        EnsembleAccuracy accuracy = ensemble.Accuracy(test);
        Assert.Equal(3, accuracy.Members.Count);
        Assert.True(accuracy.Ensemble > 0.9, accuracy.ToString());
        Assert.Equal(Evaluation.Accuracy(ensemble.Members[1], test), accuracy.Members[1]);
        Assert.Throws<ArgumentException>(() => new Ensemble([new BlobClassifier(1), new ReluClassifier(1)]));
    }

    [Fact]
    public void Bagging_resamples_with_replacement_deterministically_and_checkpoint_members_load()
    {
        DataSet data = PracticeData.Blobs(100, seed: 7);
        DataSet a = Bootstrap.Resample(data, seed: 3), b = Bootstrap.Resample(data, seed: 3), c = Bootstrap.Resample(data, seed: 4);
        Assert.Equal(a.Features, b.Features);
        Assert.Equal(a.Labels, b.Labels);
        Assert.NotEqual(a.Labels, c.Labels);
        Assert.NotSame(data.Features, a.Features);
        int distinct = Enumerable.Range(0, a.Count).Select(i => (a.Features[2 * i], a.Features[2 * i + 1])).Distinct().Count();
        Assert.InRange(distinct, 50, 80); // about 63 of 100

        Ensemble bagged = Ensemble.Bagged(2, s => new BlobClassifier(s), data, (n, d) => PracticeData.Train(n, d, 2, 1), seed: 9);
        Assert.Equal(2, bagged.Members.Count);

        string folder = Path.Combine(Path.GetTempPath(), "netgen-ensemble-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            string[] paths = bagged.Members.Select((m, i) => { string p = Path.Combine(folder, $"m{i}.safetensors"); m.Save(p); return p; }).ToArray();
            Ensemble loaded = Ensemble.FromCheckpoints(paths, () => new BlobClassifier(seed: 99));
            Assert.Equal(bagged.Members[1].Parameters.ToArray(), loaded.Members[1].Parameters.ToArray());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
