using NetGen.Figures;

namespace NetGen.Samples.InitStudy;

/// <summary>The figure: one row per (activation, scheme), one small histogram per layer, with mean and std under each.</summary>
internal static class HistogramFigure
{
    /// <summary>Writes the rows as a PNG grid, one column per layer, creating the folder if needed.</summary>
    public static void Write(string path, IReadOnlyList<(string Label, IReadOnlyList<LayerStatistics> Layers)> rows)
    {
        var panels = new List<HistogramPanel>();
        foreach ((string label, IReadOnlyList<LayerStatistics> layers) in rows)
        {
            foreach (LayerStatistics s in layers)
            {
                double step = (s.High - s.Low) / LayerStatistics.Bins;
                double[] edges = Enumerable.Range(0, LayerStatistics.Bins + 1).Select(b => s.Low + b * step).ToArray();
                panels.Add(new HistogramPanel($"{label}, layer {s.Layer}", edges, s.Histogram.Select(c => (double)c).ToArray(), $"μ {s.Mean:0.00e0}  σ {s.StandardDeviation:0.00e0}"));
            }
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        Panels.Histograms(path, panels, columns: rows[0].Layers.Count);
    }
}
