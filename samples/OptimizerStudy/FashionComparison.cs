using System.Diagnostics;
using NetGen.Data;
using NetGen.Figures;
using NetGen.Training;

namespace NetGen.Samples.OptimizerStudy;

/// <summary>Each optimizer's MLP trained on Fashion-MNIST from the same seed and batches; loss curves and test accuracy.</summary>
internal static class FashionComparison
{
    /// <summary>How many steps each point of a loss curve averages.</summary>
    public const int Smoothing = 50;

    public static IReadOnlyList<INetwork> Networks(int seed) =>
        [new MlpSgd(seed), new MlpSgdMomentum(seed), new MlpAdaGrad(seed), new MlpRmsProp(seed), new MlpAdam(seed), new MlpAdamW(seed)];

    public static readonly string[] Names = ["SGD γ=0.05", "momentum γ=0.05 μ=0.9", "AdaGrad γ=0.01", "RMSProp γ=1e-3", "Adam γ=1e-3", "AdamW γ=1e-3 λ=0.01"];

    /// <summary>Trains every network for <paramref name="epochs"/> epochs; returns the loss curves and test accuracies.</summary>
    public static (List<Series> Curves, double[] Accuracies) Run(DataSet train, DataSet test, int epochs, int seed)
    {
        IReadOnlyList<INetwork> networks = Networks(seed);
        var curves = new List<Series>();
        var accuracies = new double[networks.Count];
        for (int n = 0; n < networks.Count; n++)
        {
            INetwork network = networks[n];
            var batches = new Minibatches(train, network.BatchSize, seed); // the same batches for every optimizer
            var steps = new List<double>();
            var losses = new List<double>();
            double window = 0;
            int step = 0;
            var clock = Stopwatch.StartNew();
            for (int epoch = 0; epoch < epochs; epoch++)
            {
                batches.Shuffle();
                while (batches.TryNext(out ReadOnlySpan<float> inputs, out ReadOnlySpan<int> labels))
                {
                    window += network.TrainStep(inputs, labels);
                    if (++step % Smoothing == 0)
                    {
                        steps.Add(step);
                        losses.Add(window / Smoothing);
                        window = 0;
                    }
                }
            }

            if (step % Smoothing != 0)
            {
                // The last, partial window: a run shorter than one window still has a point to draw and report.
                steps.Add(step);
                losses.Add(window / (step % Smoothing));
            }

            accuracies[n] = Evaluation.Accuracy(network, test);
            curves.Add(new Series(Names[n], steps, losses));
            Console.WriteLine($"  {Names[n],-24} final loss {losses[^1]:F4}  test accuracy {accuracies[n]:P2}  ({clock.Elapsed.TotalSeconds:F1} s)");
        }

        return (curves, accuracies);
    }

    /// <summary>Writes the loss curves as a PNG on a log y axis (the optimizers differ most late, at small losses).</summary>
    public static void Write(string path, List<Series> curves, int epochs)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        Chart.Lines(path, $"Fashion-MNIST, MLP 784-128-10, {epochs} epochs: training loss (mean of {Smoothing} steps)", "step", "loss (log)", curves, logY: true, width: 900, height: 550);
    }
}
