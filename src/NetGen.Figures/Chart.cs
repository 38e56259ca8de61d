using ScottPlot;

namespace NetGen.Figures;

/// <summary>
/// Line charts and histograms as PNG files (ScottPlot): learning curves with train and validation, the learning-rate
/// range test on a log axis, update-to-weight ratios, activation histograms. Every method writes one file and
/// checks its arguments first.
/// </summary>
public static class Chart
{
    /// <summary>Lines through each series' points; a log axis plots log10 of the values with decade ticks.</summary>
    public static void Lines(string path, string title, string xLabel, string yLabel, IReadOnlyList<Series> series, bool logX = false, bool logY = false, int width = 800, int height = 500)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(series);
        if (series.Count == 0)
        {
            throw new ArgumentException("a chart needs at least one series.", nameof(series));
        }

        var plot = new Plot();
        foreach (Series s in series)
        {
            if (s.X.Count != s.Y.Count || s.X.Count == 0)
            {
                throw new ArgumentException($"series '{s.Label}' has {s.X.Count} x and {s.Y.Count} y values; they must be equal and not zero.", nameof(series));
            }

            double[] x = Axis(s.X, logX, s.Label, "x"), y = Axis(s.Y, logY, s.Label, "y");
            var line = plot.Add.Scatter(x, y);
            line.LegendText = s.Label;
            line.MarkerSize = s.X.Count <= 60 ? 4 : 0;
        }

        if (logX)
        {
            plot.Axes.Bottom.TickGenerator = LogTicks();
        }

        if (logY)
        {
            plot.Axes.Left.TickGenerator = LogTicks();
        }

        Save(plot, path, title, xLabel, yLabel, width, height, legend: series.Count > 1);
    }

    /// <summary>A histogram of <paramref name="values"/> in <paramref name="bins"/> equal bins over their range.</summary>
    public static void Histogram(string path, string title, string xLabel, ReadOnlySpan<float> values, int bins = 50, int width = 800, int height = 500)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        if (values.IsEmpty)
        {
            throw new ArgumentException("a histogram needs at least one value.", nameof(values));
        }

        (double[] edges, double[] counts) = Bin(values, bins);
        var plot = new Plot();
        AddBars(plot, edges, counts);
        Save(plot, path, title, xLabel, "count", width, height, legend: false);
    }

    /// <summary>
    /// The counts of <paramref name="values"/> in <paramref name="bins"/> equal bins from the minimum to the maximum
    /// (the maximum falls in the last bin; finite values only): edges[bins + 1] and counts[bins].
    /// </summary>
    public static (double[] Edges, double[] Counts) Bin(ReadOnlySpan<float> values, int bins)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        foreach (float v in values)
        {
            if (!float.IsFinite(v))
            {
                throw new ArgumentException($"value {v} is not finite; a histogram takes finite values.", nameof(values));
            }

            (min, max) = (Math.Min(min, v), Math.Max(max, v));
        }

        if (max == min)
        {
            (min, max) = (min - 0.5, max + 0.5); // one value: a bin of width 1 around it
        }

        double step = (max - min) / bins;
        var edges = Enumerable.Range(0, bins + 1).Select(i => min + i * step).ToArray();
        var counts = new double[bins];
        foreach (float v in values)
        {
            counts[Math.Min(bins - 1, (int)((v - min) / step))]++;
        }

        return (edges, counts);
    }

    /// <summary>Bars filling each bin (edges one more than counts, equally spaced), standing on the x axis.</summary>
    internal static void AddBars(Plot plot, IReadOnlyList<double> edges, IReadOnlyList<double> counts)
    {
        double widthOfBin = edges[1] - edges[0];
        var bars = plot.Add.Bars(edges.Take(counts.Count).Select(e => e + widthOfBin / 2).ToArray(), counts.ToArray());
        foreach (Bar bar in bars.Bars)
        {
            bar.Size = widthOfBin;
            bar.LineWidth = 0;
        }

        plot.Axes.Margins(bottom: 0);
    }

    private static double[] Axis(IReadOnlyList<double> values, bool log, string label, string axis)
    {
        var result = new double[values.Count];
        for (int i = 0; i < result.Length; i++)
        {
            double v = values[i];
            if (!double.IsFinite(v) || (log && v <= 0))
            {
                throw new ArgumentException($"series '{label}' has {axis} = {v} at point {i}; {(log ? "a log axis takes finite values > 0" : "values must be finite")}.", "series");
            }

            result[i] = log ? Math.Log10(v) : v;
        }

        return result;
    }

    private static ScottPlot.TickGenerators.NumericAutomatic LogTicks() => new()
    {
        MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
        IntegerTicksOnly = true,
        LabelFormatter = v => $"1e{v:0}",
    };

    private static void Save(Plot plot, string path, string title, string xLabel, string yLabel, int width, int height, bool legend)
    {
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        if (legend)
        {
            plot.ShowLegend(Alignment.UpperRight);
        }

        plot.SavePng(path, width, height);
    }
}
