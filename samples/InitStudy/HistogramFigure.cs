using NetGen.Samples.Shared;

namespace NetGen.Samples.InitStudy;

/// <summary>The figure: one row per (activation, scheme), one small histogram per layer, with mean and std under each.</summary>
internal static class HistogramFigure
{
    private const double CellWidth = 96, CellHeight = 64, Left = 150, Top = 40;

    public static Svg Draw(IReadOnlyList<(string Label, IReadOnlyList<LayerStatistics> Layers)> rows)
    {
        int layers = rows[0].Layers.Count;
        var svg = new Svg(Left + layers * CellWidth + 20, Top + rows.Count * (CellHeight + 28) + 20);
        svg.Text(Left, 20, "Activation histograms per layer (1000 unit-Gaussian samples, 10 × 500 units; ReLU rows omit the exact zeros)", 14);
        for (int l = 0; l < layers; l++)
        {
            svg.Text(Left + l * CellWidth + CellWidth / 2, Top - 4, $"layer {l + 1}", 10, "middle");
        }

        for (int r = 0; r < rows.Count; r++)
        {
            double y0 = Top + r * (CellHeight + 28);
            svg.Text(Left - 8, y0 + CellHeight / 2, rows[r].Label, 11, "end");
            for (int l = 0; l < layers; l++)
            {
                LayerStatistics s = rows[r].Layers[l];
                double x0 = Left + l * CellWidth;
                svg.Rect(x0 + 2, y0, CellWidth - 6, CellHeight, "#f7f7f7", "#ccc");
                int max = Math.Max(1, s.Histogram.Max());
                double barWidth = (CellWidth - 8) / LayerStatistics.Bins;
                for (int b = 0; b < LayerStatistics.Bins; b++)
                {
                    double h = (double)s.Histogram[b] / max * (CellHeight - 4);
                    svg.Rect(x0 + 3 + b * barWidth, y0 + CellHeight - h, barWidth, h, Svg.Palette[rows[r].Label.StartsWith("tanh", StringComparison.Ordinal) ? 0 : 1]);
                }

                svg.Text(x0 + CellWidth / 2, y0 + CellHeight + 12, $"μ {s.Mean:0.00e0} σ {s.StandardDeviation:0.00e0}", 8, "middle");
            }
        }

        return svg;
    }
}
