using System.Globalization;
using NetGen.Figures;
using NetGen.Training;

namespace NetGen.Samples.ModelSelection;

/// <summary>What the sample prints and draws: the range test, the search tables and figure, the retrained run's curves.</summary>
internal static class Reports
{
    /// <summary>The smoothed loss against the rate (log x), with the suggested rate as a vertical line.</summary>
    public static void RangeTest(string path, LearningRateRange range)
    {
        double low = range.Losses.Min(), high = range.Losses.Max();
        Chart.Lines(path, $"Learning-rate range test: smoothed loss per rate (suggested {range.Suggested:G3})", "learning rate", "smoothed cross-entropy",
            [new Series("smoothed loss", range.Rates, range.Losses), new Series("suggested", [range.Suggested, range.Suggested], [low, high])], logX: true);
    }

    /// <summary>A stage's table, best first, to stdout (the top five) and to a TSV file (every trial).</summary>
    public static void Search(string stage, string path, IReadOnlyList<TrialResult> results)
    {
        string table = RandomSearch.Format(results);
        File.WriteAllText(path, table);
        string[] rows = table.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Console.WriteLine($"{stage} search, {results.Count} trials (validation accuracy, best first; all in {Path.GetFileName(path)}):");
        foreach (string row in rows.Take(6))
        {
            Console.WriteLine("  " + row);
        }
    }

    /// <summary>Validation accuracy against the learning rate (log x), one line per stage through its trials in rate order.</summary>
    public static void SearchFigure(string path, IReadOnlyList<TrialResult> coarse, IReadOnlyList<TrialResult> fine)
    {
        static Series Stage(string label, IReadOnlyList<TrialResult> results)
        {
            TrialResult[] ordered = results.OrderBy(r => r.Config.Double(RandomSearch.LearningRateName)).ToArray();
            return new Series(label, ordered.Select(r => r.Config.Double(RandomSearch.LearningRateName)).ToArray(), ordered.Select(r => r.Score).ToArray());
        }

        Chart.Lines(path, "Random search: validation accuracy per trial against its learning rate", "learning rate", "validation accuracy",
            [Stage("coarse", coarse), Stage("fine", fine)], logX: true);
    }

    /// <summary>The retrained run's training and validation loss per epoch.</summary>
    public static void Curves(string path, FitResult fit)
    {
        double[] epochs = fit.History.Select(r => (double)r.Epoch).ToArray();
        Chart.Lines(path, "The best configuration retrained: loss per epoch", "epoch", "mean cross-entropy",
            [new Series("training", epochs, fit.History.Select(r => r.TrainLoss).ToArray()), new Series("validation", epochs, fit.History.Select(r => r.ValidationLoss).ToArray())]);
    }

    /// <summary>A refined hyperparameter's range or choices, for the log.</summary>
    public static string Describe(Hyperparameter parameter) => parameter switch
    {
        LogUniform l => $"{l.Name} [{l.Min.ToString("G3", CultureInfo.InvariantCulture)}, {l.Max.ToString("G3", CultureInfo.InvariantCulture)}] (log)",
        Uniform u => $"{u.Name} [{u.Min.ToString("G3", CultureInfo.InvariantCulture)}, {u.Max.ToString("G3", CultureInfo.InvariantCulture)}]",
        Choice c => $"{c.Name} {{{string.Join(", ", c.Values)}}}",
        _ => parameter.Name,
    };
}
