using NetGen.Data;
using NetGen.Randomness;
using NetGen.Training;

namespace NetGen.Tests.Training;

/// <summary>
/// Fit's data-parallel loop (Trainer.FitAsRank, what NetGen.Distributed runs under MPI) with ranks on threads
/// (<see cref="ThreadRanks"/>): shards, the all-reduce, rank-0-only reporting and the broadcast decisions.
/// </summary>
public sealed class DataParallelFitTests
{
    /// <summary>Labels 0–2 from the sign pattern of a random 5-vector's first two coordinates.</summary>
    private static DataSet Data(int count, long seed)
    {
        var random = new SeededRandom(seed);
        var features = new float[count * 5];
        var labels = new int[count];
        for (int i = 0; i < count; i++)
        {
            for (int f = 0; f < 5; f++)
            {
                features[i * 5 + f] = (float)random.NextNormal();
            }

            labels[i] = features[i * 5] > 0 ? 0 : features[i * 5 + 1] > 0 ? 1 : 2;
        }

        return new DataSet(features, labels, 5);
    }

    [Fact]
    public void Three_uneven_ranks_agree_bit_for_bit_and_equal_one_process_on_the_whole_batch_even_with_an_empty_shard()
    {
        // 50 samples in batches of 8: shards of 2, 3 and 3; the last batch of 2 leaves rank 0 nothing (0, 1, 1).
        DataSet train = Data(50, seed: 1);
        var options = new FitOptions { Epochs = 3, BatchSize = 8, Seed = 4, Progress = ProgressMode.None };
        var single = new ReluClassifier8(seed: 2);
        FitResult alone = Trainer.Fit(single, train, options);

        (float[] Parameters, FitResult Result)[] ranks = ThreadRanks.Run(3, group =>
        {
            var network = new ReluClassifier(seed: 2);
            FitResult result = Trainer.FitAsRank(network, train, options, group);
            return (network.Parameters.ToArray(), result);
        });

        Assert.Equal(ranks[0].Parameters, ranks[1].Parameters);
        Assert.Equal(ranks[0].Parameters, ranks[2].Parameters);
        float maxDiff = ranks[0].Parameters.Zip(single.Parameters.ToArray(), (a, b) => MathF.Abs(a - b)).Max();
        Assert.True(maxDiff <= 1e-5f, $"max |3 ranks − one process| = {maxDiff}");
        Assert.NotEqual(new ReluClassifier(seed: 2).Parameters.ToArray(), ranks[0].Parameters);
        for (int epoch = 0; epoch < 3; epoch++)
        {
            Assert.Equal(alone.History[epoch].TrainLoss, ranks[0].Result.History[epoch].TrainLoss, 1e-5);
            Assert.Equal(ranks[0].Result.History[epoch].TrainLoss, ranks[2].Result.History[epoch].TrainLoss);
        }
    }

    [Fact]
    public void Only_rank_0_reports_and_its_scores_and_stop_decide_for_every_rank()
    {
        DataSet train = Data(80, seed: 3);
        (int Steps, int Epochs, FitResult Result, float[] Parameters, long Step)[] ranks = ThreadRanks.Run(2, group =>
        {
            int steps = 0, epochs = 0;
            var network = new ReluClassifier(seed: 5);
            var options = new FitOptions
            {
                Epochs = 8,
                BatchSize = 8,
                Seed = 6,
                ValidationFraction = 0.25,
                EarlyStopping = new EarlyStopping { Patience = 2 },
                MeasureTrainAccuracy = true,
                Progress = ProgressMode.None,
                OnStep = (_, _) => steps++,
                OnEpoch = _ => epochs++,
                Callbacks = [new StopAtStep(12)],
            };
            FitResult result = Trainer.FitAsRank(network, train, options, group);
            return (steps, epochs, result, network.Parameters.ToArray(), network.Step);
        });

        Assert.Equal(0, ranks[1].Steps);
        Assert.Equal(0, ranks[1].Epochs);
        Assert.True(ranks[0].Steps >= 12);
        Assert.True(ranks[0].Result.StoppedByCallback);
        Assert.Equal(ranks[0].Result.StoppedByCallback, ranks[1].Result.StoppedByCallback);
        Assert.Equal(ranks[0].Result.BestEpoch, ranks[1].Result.BestEpoch);
        Assert.Equal(ranks[0].Result.RestoredBest, ranks[1].Result.RestoredBest);
        Assert.Equal(ranks[0].Step, ranks[1].Step);
        Assert.Equal(ranks[0].Parameters, ranks[1].Parameters);
        for (int epoch = 0; epoch < ranks[0].Result.History.Count; epoch++)
        {
            EpochRecord root = ranks[0].Result.History[epoch], other = ranks[1].Result.History[epoch];
            Assert.False(double.IsNaN(root.ValidationLoss));
            Assert.False(double.IsNaN(root.TrainAccuracy));
            Assert.Equal((root.TrainLoss, root.TrainAccuracy, root.ValidationLoss, root.ValidationAccuracy), (other.TrainLoss, other.TrainAccuracy, other.ValidationLoss, other.ValidationAccuracy));
        }
    }

    [Fact]
    public void Batch_norm_running_statistics_are_rank_0s_on_every_rank()
    {
        var random = new SeededRandom(8);
        var features = new float[96 * 20];
        var labels = new int[96];
        for (int i = 0; i < features.Length; i++)
        {
            features[i] = (float)random.NextNormal() + (i % 20);
        }

        for (int i = 0; i < labels.Length; i++)
        {
            labels[i] = random.NextInt(5);
        }

        var train = new DataSet(features, labels, 20);
        (float[] Mean, float[] Variance, long Batches, float[] Parameters)[] ranks = ThreadRanks.Run(2, group =>
        {
            var network = new BatchNormMlp(seed: 1);
            Trainer.FitAsRank(network, train, new FitOptions { Epochs = 2, BatchSize = 32, Seed = 2, Progress = ProgressMode.None }, group);
            Layer hidden = network.Layers[0];
            return (hidden.RunningMean.ToArray(), hidden.RunningVariance.ToArray(), network.Position.BatchNormBatches, network.Parameters.ToArray());
        });

        Assert.Equal(ranks[0].Mean, ranks[1].Mean);
        Assert.Equal(ranks[0].Variance, ranks[1].Variance);
        Assert.Equal(ranks[0].Parameters, ranks[1].Parameters);
        Assert.Equal(6, ranks[0].Batches); // 3 steps an epoch, one shard pass each
        Assert.NotEqual(new BatchNormMlp(seed: 1).Layers[0].RunningMean.ToArray(), ranks[0].Mean);
    }

    private sealed class StopAtStep(long step) : IFitCallback
    {
        public bool OnStep(long current, float loss) => current < step;
    }
}
