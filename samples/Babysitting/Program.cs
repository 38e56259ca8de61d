using System.Globalization;
using NetGen;
using NetGen.Data;
using NetGen.Figures;
using NetGen.Samples.Babysitting;
using NetGen.Samples.Shared;
using NetGen.Training;

// The course's babysitting of the learning process on Fashion-MNIST: (1) one MLP at a good, a too-high and a too-low
// learning rate, with per-step loss, per-epoch train/validation accuracy and the first layer's update-to-weight ratio;
// (2) dead ReLU units after a bad initialization against the default; (3) the first layer's weights as images.
// Figures go to artifacts/babysitting/ (--artifacts DIR), one summary line per experiment to stdout.
const string Usage = "usage: Babysitting [--data DIR] [--epochs N] [--samples N] [--seed N] [--artifacts DIR]";
string dataDirectory = NetGen.Data.FashionMnist.DefaultDirectory, artifacts = Path.Combine("artifacts", "babysitting");
int epochs = 3, samples = 20000, seed = 0;
for (int i = 0; i < args.Length; i++)
{
    string? value = i + 1 < args.Length ? args[i + 1] : null;
    bool ok = true;
    switch (args[i])
    {
        case "--data" when value is not null: dataDirectory = value; break;
        case "--artifacts" when value is not null: artifacts = value; break;
        case "--epochs" when value is not null: ok = int.TryParse(value, CultureInfo.InvariantCulture, out epochs) && epochs > 0; break;
        case "--samples" when value is not null: ok = int.TryParse(value, CultureInfo.InvariantCulture, out samples) && samples > 0; break;
        case "--seed" when value is not null: ok = int.TryParse(value, CultureInfo.InvariantCulture, out seed); break;
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
DataSet all = data.TrainSubset(samples, seed);

(DataSet train, DataSet validation) = all.Split(0.1, seed);
Console.WriteLine($"Fashion-MNIST: {train.Count} training, {validation.Count} validation samples (of {data.Train.Count}), {epochs} epochs, batch 128, plain SGD");

// 1. Learning rates side by side.
var rates = new (string Name, float Rate)[] { ("good", 0.05f), ("too high", 5f), ("too low", 1e-5f) };
var runs = new List<Run>();
foreach ((string name, float rate) in rates)
{
    var network = new BabyMlp(seed) { LearningRate = rate };
    Run run = Experiments.Train(network, name, rate, train, validation, epochs, seed);
    runs.Add(run);
    Console.WriteLine(run.Summary());
}

string lossPath = Path.Combine(artifacts, "loss-by-learning-rate.png");
Chart.Lines(lossPath, "Training loss per step (log y): good, too high, too low learning rate", "step", "cross-entropy (batch)",
    runs.Select(r => Experiments.Positive($"lr {r.Rate:G3} ({r.Name}{(r.DivergedAt is { } k ? $", diverged at step {k}" : "")})", r.Losses)).ToList(), logY: true);
string ratioPath = Path.Combine(artifacts, "update-ratio-by-learning-rate.png");
int steps = runs.Max(r => r.Ratios.Count);
var ratioSeries = runs.Select(r => Experiments.Positive($"lr {r.Rate:G3} ({r.Name}{(r.ZeroRatios > 0 ? $", {r.ZeroRatios} steps with no update not drawn" : "")})", r.Ratios)).ToList();
ratioSeries.Add(new Series("rule of thumb 1e-3", [1, Math.Max(2, steps)], [1e-3, 1e-3]));
Chart.Lines(ratioPath, "First layer's update/weight ratio ||dW||/||W|| per step (log y; rule of thumb ~1e-3)", "step", "update / weight", ratioSeries, logY: true);
Run good = runs[0];
string accuracyPath = Path.Combine(artifacts, "accuracy-good-rate.png");
Chart.Lines(accuracyPath, $"Train vs validation accuracy, lr {good.Rate:G3}", "epoch", "accuracy",
    [Series.Of("train", good.TrainAccuracy), Series.Of("validation", good.ValidationAccuracy)]);

// 3. The good run's first-layer weights, one 28 × 28 tile per hidden unit.
string weightsPath = Path.Combine(artifacts, "first-layer-weights.png");
ImageGrid.Write(weightsPath, good.Network.Layers[0], 28, 28);

// 2. Dead units: the default initialization against a hidden bias of −3, measured on one batch of validation samples
// at initialization and after training at the good rate.
int batch = Math.Min(128, validation.Count);
float[] probe = validation.Features.AsSpan(0, batch * validation.FeatureSize).ToArray();
var cases = new (string Name, string File, INetwork Network)[]
{
    ("default init", "activations-default-init.png", new BabyMlp(seed)),
    ("bad init (bias -3)", "activations-bad-init.png", new BadInitMlp(seed)),
};
var written = new List<string> { lossPath, ratioPath, accuracyPath, weightsPath };
foreach ((string name, string file, INetwork network) in cases)
{
    LayerActivationStatistics before = ActivationStatistics.Of(network, probe)[0];
    float[] hidden = Experiments.HiddenActivations(network, probe);
    string path = Path.Combine(artifacts, file);
    Chart.Histogram(path, $"Hidden ReLU activations, {name}: dead fraction {before.DeadFraction:P1}, mean {before.Mean:G3}", "activation", hidden);
    written.Add(path);
    network.LearningRate = good.Rate;
    Run run = Experiments.Train(network, name, good.Rate, train, validation, epochs, seed, measureRatios: false);
    LayerActivationStatistics after = ActivationStatistics.Of(network, probe)[0];
    Console.WriteLine($"dead units, {name}: dead fraction {before.DeadFraction:F3} at init (mean {before.Mean:F3}, std {before.StandardDeviation:F3}), {after.DeadFraction:F3} after {epochs} epochs at lr {good.Rate:G3}; final loss {run.FinalLoss:F4}, validation accuracy {run.ValidationAccuracy[^1]:P2}");
}

Console.WriteLine($"wrote {string.Join(", ", written)}");
return 0;
