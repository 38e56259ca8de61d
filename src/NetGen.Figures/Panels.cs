using ScottPlot;

namespace NetGen.Figures;

/// <summary>
/// Several small plots in one PNG (ScottPlot's Multiplot on a grid of equal cells), for figures the course shows as a
/// table of panels: per-layer activation histograms under each initialization, optimizer paths on each problem.
/// </summary>
public static class Panels
{
    /// <summary>Pre-binned histograms in rows of <paramref name="columns"/>, each cell panelWidth × panelHeight pixels.</summary>
    public static void Histograms(string path, IReadOnlyList<HistogramPanel> panels, int columns, int panelWidth = 180, int panelHeight = 140)
    {
        ArgumentNullException.ThrowIfNull(panels);
        var plots = new List<Plot>();
        foreach (HistogramPanel panel in panels)
        {
            if (panel.Counts.Count == 0 || panel.Edges.Count != panel.Counts.Count + 1)
            {
                throw new ArgumentException($"panel '{panel.Title}' has {panel.Edges.Count} edges for {panel.Counts.Count} counts; a histogram needs one edge more than counts, and at least one count.", nameof(panels));
            }

            var plot = new Plot();
            Chart.AddBars(plot, panel.Edges, panel.Counts);
            plot.Title(panel.Title, size: 11);
            plot.XLabel(panel.Caption, size: 10);
            plot.Axes.Left.TickLabelStyle.FontSize = 8; // small cells: the ticks must not crowd the bars out
            plot.Axes.Bottom.TickLabelStyle.FontSize = 8;
            plots.Add(plot);
        }

        Save(path, plots, columns, panelWidth, panelHeight);
    }

    /// <summary>One panel per loss surface, side by side: contour lines, each path as a line (legend below), the minimum as a diamond.</summary>
    public static void Trajectories(string path, IReadOnlyList<TrajectoryPanel> panels, int panelWidth = 600, int panelHeight = 600)
    {
        ArgumentNullException.ThrowIfNull(panels);
        var plots = new List<Plot>();
        foreach (TrajectoryPanel panel in panels)
        {
            if (!(panel.XMax > panel.XMin && panel.YMax > panel.YMin))
            {
                throw new ArgumentException($"panel '{panel.Title}' has an empty window [{panel.XMin}, {panel.XMax}] × [{panel.YMin}, {panel.YMax}].", nameof(panels));
            }

            var plot = new Plot();
            var contours = plot.Add.ContourLines(Surface(panel), 20);
            contours.Colormap = null; // gray levels under coloured paths
            contours.LineColor = Colors.Gray.WithAlpha(0.6);
            contours.LabelStyle.IsVisible = false; // log levels packed near the minimum: their labels would cover the paths
            for (int i = 0; i < panel.Paths.Count; i++)
            {
                Series s = panel.Paths[i];
                if (s.X.Count != s.Y.Count || s.X.Count == 0)
                {
                    throw new ArgumentException($"path '{s.Label}' has {s.X.Count} x and {s.Y.Count} y values; they must be equal and not zero.", nameof(panels));
                }

                var line = plot.Add.ScatterLine(s.X.ToArray(), s.Y.ToArray());
                line.LegendText = s.Label;
                line.LineWidth = 1.5f + 3f * (panel.Paths.Count - 1 - i) / Math.Max(1, panel.Paths.Count - 1); // paths that share a valley stay visible under the later, thinner ones
            }

            plot.Add.Marker(panel.Minimum.X, panel.Minimum.Y, MarkerShape.FilledDiamond, 12, Colors.Black).LegendText = "minimum";
            plot.Axes.SetLimits(panel.XMin, panel.XMax, panel.YMin, panel.YMax); // paths that leave the window are clipped, not rescaling it
            plot.Title(panel.Title);
            plot.XLabel("x");
            plot.YLabel("y");
            plot.ShowLegend(Edge.Bottom); // outside the data area: inside, it would cover paths on one problem or another
            plots.Add(plot);
        }

        Save(path, plots, panels.Count, panelWidth, panelHeight);
    }

    private static Coordinates3d[,] Surface(TrajectoryPanel panel)
    {
        const int cells = 120;
        var grid = new Coordinates3d[cells, cells];
        for (int i = 0; i < cells; i++)
        {
            for (int j = 0; j < cells; j++)
            {
                double x = panel.XMin + j * (panel.XMax - panel.XMin) / (cells - 1), y = panel.YMin + i * (panel.YMax - panel.YMin) / (cells - 1);
                grid[i, j] = new Coordinates3d(x, y, Math.Log10(panel.Loss(x, y) + 1e-3));
            }
        }

        return grid;
    }

    private static void Save(string path, List<Plot> plots, int columns, int panelWidth, int panelHeight)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(panelWidth, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(panelHeight, 1);
        if (plots.Count == 0)
        {
            throw new ArgumentException("a figure needs at least one panel.", "panels");
        }

        int rows = (plots.Count + columns - 1) / columns;
        var multiplot = new Multiplot(plots[0]);
        foreach (Plot plot in plots.Skip(1))
        {
            multiplot.AddPlot(plot);
        }

        multiplot.Layout = new ScottPlot.MultiplotLayouts.Grid(rows, columns);
        multiplot.SavePng(path, columns * panelWidth, rows * panelHeight);
    }
}
