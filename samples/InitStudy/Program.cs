using NetGen.Samples.InitStudy;

// The course's weight-initialization experiment (lecture notes, "Weight initialization"): ten layers of 500 units,
// tanh and ReLU, 1000 unit-Gaussian inputs, under σ = 0.01, σ = 1.0, Xavier, He and LSUV. Prints every layer's mean
// and std, writes the per-layer histograms as a PNG (ReLU rows leave out the exact zeros), and checks that the course's
// effects show.
string output = args.Length == 2 && args[0] == "--out" ? args[1] : Path.Combine("artifacts", "init-study.png");
if (args.Length != 0 && !(args.Length == 2 && args[0] == "--out"))
{
    Console.Error.WriteLine("usage: InitStudy [--out FILE.png]");
    return 2;
}

var cache = new Dictionary<(string, Scheme), IReadOnlyList<LayerStatistics>>();
IReadOnlyList<LayerStatistics> Results(string activation, Scheme scheme)
{
    if (!cache.TryGetValue((activation, scheme), out var statistics))
    {
        statistics = Study.Run(activation, scheme, seed: 0);
        cache[(activation, scheme)] = statistics;
    }

    return statistics;
}

var rows = new List<(string, IReadOnlyList<LayerStatistics>)>();
foreach (string activation in new[] { "tanh", "relu" })
{
    foreach (Scheme scheme in Enum.GetValues<Scheme>())
    {
        IReadOnlyList<LayerStatistics> layers = Results(activation, scheme);
        string name = scheme switch
        {
            Scheme.SmallGaussian => "σ=0.01",
            Scheme.UnitGaussian => "σ=1",
            Scheme.Lsuv => "LSUV",
            _ => scheme.ToString(),
        };
        rows.Add(($"{activation} {name}", layers)); // short: the label titles every panel of its row
        Console.WriteLine($"{activation,-5} {scheme,-13} " + string.Join("  ", layers.Select(s => $"L{s.Layer}: {s.Mean,9:0.00e0} ± {s.StandardDeviation:0.00e0}")));
    }
}

HistogramFigure.Write(output, rows);
Console.WriteLine($"histograms written to {output}");

bool allShown = true;
foreach ((string effect, bool shown) in CourseEffects.Check(Results))
{
    Console.WriteLine($"{(shown ? "shown" : "NOT SHOWN")}: {effect}");
    allShown &= shown;
}

return allShown ? 0 : 1;
