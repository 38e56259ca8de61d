using System.Globalization;
using NetGen;
using NetGen.Data;
using NetGen.Figures;
using NetGen.Samples.ModelSelection;
using NetGen.Samples.Shared;
using NetGen.Training;

// The course's model selection on Fashion-MNIST: (1) a learning-rate range test bounds the rate; (2) a coarse random
// search over the learning rate (log scale), weight decay (log scale), momentum, dropout, schedule and two network
// classes, a few epochs per trial on a subset; (3) a finer search around the best trials; (4) the best configuration
// retrained on the whole training set with early stopping, scored once on the test set. Figures and tables go to
// artifacts/model-selection/ (--artifacts DIR).
const string Usage = "usage: ModelSelection [--data DIR] [--samples N] [--trials N] [--trial-epochs N] [--epochs N] [--seed N] [--artifacts DIR]";
string dataDirectory = NetGen.Data.FashionMnist.DefaultDirectory, artifacts = Path.Combine("artifacts", "model-selection");
int samples = 12000, trials = 12, trialEpochs = 2, epochs = 15, seed = 0;
for (int i = 0; i < args.Length; i++)
{
    string? value = i + 1 < args.Length ? args[i + 1] : null;
    bool ok = value is not null;
    switch (args[i])
    {
        case "--data" when ok: dataDirectory = value!; break;
        case "--artifacts" when ok: artifacts = value!; break;
        case "--samples" when ok: ok = int.TryParse(value, CultureInfo.InvariantCulture, out samples) && samples > 0; break;
        case "--trials" when ok: ok = int.TryParse(value, CultureInfo.InvariantCulture, out trials) && trials > 1; break;
        case "--trial-epochs" when ok: ok = int.TryParse(value, CultureInfo.InvariantCulture, out trialEpochs) && trialEpochs > 0; break;
        case "--epochs" when ok: ok = int.TryParse(value, CultureInfo.InvariantCulture, out epochs) && epochs > 0; break;
        case "--seed" when ok: ok = int.TryParse(value, CultureInfo.InvariantCulture, out seed); break;
        default: ok = false; break;
    }

    if (!ok)
    {
        Console.Error.WriteLine($"bad argument '{args[i]}{(value is null ? "" : " " + value)}'\n{Usage}");
        return 2;
    }

    i++;
}

if (StandardizedFashionMnist.Load(dataDirectory, "or point --data at a directory holding the four IDX files") is not { } data)
{
    return 1;
}

Directory.CreateDirectory(artifacts);
DataSet subset = data.TrainSubset(samples, seed);

// The search never sees the test set: its trials train on 90% of the subset and are scored on the other 10%.
(DataSet searchTrain, DataSet searchValidation) = subset.Split(0.1, seed);
Console.WriteLine($"Fashion-MNIST: search on {searchTrain.Count} training and {searchValidation.Count} validation samples, {trialEpochs} epochs per trial");

// 1. The range test on the deeper candidate: an exponential sweep of the rate, the network restored afterwards.
LearningRateRange range = LearningRateFinder.Run(new DeepMlp(seed), searchTrain, new LearningRateFinderOptions { MinRate = 1e-5, MaxRate = 10, Steps = 200, Seed = seed });
Console.WriteLine($"range test: {range.Rates.Count} steps, suggested rate {range.Suggested:G3} (minimum / 10: {range.MinimumOverTen:G3})");
Reports.RangeTest(Path.Combine(artifacts, "lr-range-test.png"), range);

// 2. Coarse: the course's wide ranges, rates and decays on a log scale (the range test's suggestion is a cross-check,
// printed beside the rate the search finds, not a bound: on a small or odd data set its steepest point can mislead).
var space = new SearchSpace
{
    new LogUniform(RandomSearch.LearningRateName, 1e-4, 1),
    new LogUniform(RandomSearch.WeightDecayName, 1e-6, 1e-2),
    new Uniform(RandomSearch.MomentumName, 0.5, 0.99),
    new Uniform(RandomSearch.DropoutName, 0, 0.5),
    new Choice(RandomSearch.ScheduleName, ScheduleChoice.Constant, ScheduleChoice.Cosine),
    new Choice(RandomSearch.NetworkName, new NetworkChoice("784-100-10", s => new NarrowMlp(s)), new NetworkChoice("784-256-128-10", s => new DeepMlp(s))),
};
var objective = RandomSearch.TrainingObjective(searchTrain, searchValidation, trialEpochs);
IReadOnlyList<TrialResult> coarse = RandomSearch.Run(space, trials, objective, new RandomSearchOptions { Seed = seed });
Reports.Search("coarse", Path.Combine(artifacts, "search-coarse.tsv"), coarse);

// 3. Fine: every range narrowed around the top quarter, choices cut to what they chose; new seeds for new draws.
SearchSpace refined = RandomSearch.Refine(space, coarse, topK: Math.Max(2, trials / 4));
Console.WriteLine($"refined: {string.Join("; ", refined.Select(Reports.Describe))}");
IReadOnlyList<TrialResult> fine = RandomSearch.Run(refined, trials, objective, new RandomSearchOptions { Seed = seed + 1000 });
Reports.Search("fine", Path.Combine(artifacts, "search-fine.tsv"), fine);
Reports.SearchFigure(Path.Combine(artifacts, "search-learning-rate.png"), coarse, fine);

// 4. The best of both stages retrained on the whole training set (10% held out for early stopping), tested once.
TrialResult best = RandomSearch.Sort(coarse.Concat(fine))[0];
Console.WriteLine($"best trial: validation accuracy {Percent(best.Score)} with {best.Config} (range test suggested lr {range.Suggested:G3})");
(INetwork network, FitResult fit) = RandomSearch.Retrain(best.Config, data.Train, new FitOptions
{
    Epochs = epochs,
    Seed = seed,
    ValidationFraction = 0.1,
    EarlyStopping = new EarlyStopping { Patience = 3 },
});
double test = Evaluation.Accuracy(network, data.Test);
Console.WriteLine($"retrained {best.Config.Get<NetworkChoice>(RandomSearch.NetworkName)} for {fit.History.Count} epochs on {data.Train.Count} samples (best epoch {fit.BestEpoch}): test accuracy {Percent(test)}");
Reports.Curves(Path.Combine(artifacts, "retrained-curves.png"), fit);
Console.WriteLine($"figures and tables in {artifacts}");
return 0;

static string Percent(double accuracy) => (100 * accuracy).ToString("F2", CultureInfo.InvariantCulture) + "%";
