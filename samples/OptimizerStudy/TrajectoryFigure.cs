using NetGen.Samples.Shared;

namespace NetGen.Samples.OptimizerStudy;

/// <summary>A panel per problem: log f as a grey-scale field, the minimum, and one trajectory per optimizer.</summary>
internal static class TrajectoryFigure
{
    private const double Panel = 420, Margin = 50;

    public static Svg Draw(IReadOnlyList<(Problem2D Problem, IReadOnlyList<(string Name, List<(double X, double Y)> Points)> Runs)> panels)
    {
        int legendRows = (panels.Max(p => p.Runs.Count) + 1) / 2;
        var svg = new Svg(panels.Count * (Panel + Margin) + Margin, Panel + 2 * Margin + 14 * legendRows);
        for (int p = 0; p < panels.Count; p++)
        {
            (Problem2D problem, var runs) = panels[p];
            double left = Margin + p * (Panel + Margin), top = Margin;
            double X(double x) => left + (x - problem.XMin) / (problem.XMax - problem.XMin) * Panel;
            double Y(double y) => top + Panel - (y - problem.YMin) / (problem.YMax - problem.YMin) * Panel;
            DrawField(svg, problem, left, top);
            svg.Text(left + Panel / 2, top - 10, problem.Name, 12, "middle");
            svg.Circle(X(problem.Minimum.X), Y(problem.Minimum.Y), 4, "#000");
            for (int r = 0; r < runs.Count; r++)
            {
                var inside = runs[r].Points.Where(q => q.X >= problem.XMin && q.X <= problem.XMax && q.Y >= problem.YMin && q.Y <= problem.YMax);
                svg.Polyline(inside.Select(q => (X(q.X), Y(q.Y))), Svg.Palette[r % Svg.Palette.Length], 1.6);
                double ly = top + Panel + 18 + 14 * (r / 2);
                double lx = left + (r % 2) * Panel / 2;
                svg.Line(lx, ly, lx + 20, ly, Svg.Palette[r % Svg.Palette.Length], 2.5);
                svg.Text(lx + 24, ly + 4, runs[r].Name, 10);
            }

            svg.Rect(left, top, Panel, Panel, "none", "#555");
        }

        return svg;
    }

    private static void DrawField(Svg svg, Problem2D problem, double left, double top)
    {
        const int cells = 50;
        double cell = Panel / cells;
        var values = new double[cells, cells];
        double low = double.MaxValue, high = double.MinValue;
        for (int i = 0; i < cells; i++)
        {
            for (int j = 0; j < cells; j++)
            {
                double x = problem.XMin + (i + 0.5) / cells * (problem.XMax - problem.XMin);
                double y = problem.YMax - (j + 0.5) / cells * (problem.YMax - problem.YMin);
                values[i, j] = Math.Log10(problem.Value(x, y) + 1e-3);
                low = Math.Min(low, values[i, j]);
                high = Math.Max(high, values[i, j]);
            }
        }

        for (int i = 0; i < cells; i++)
        {
            for (int j = 0; j < cells; j++)
            {
                int shade = (int)(255 - 120 * (values[i, j] - low) / (high - low));
                svg.Rect(left + i * cell, top + j * cell, cell + 0.5, cell + 0.5, $"rgb({shade},{shade},{shade})");
            }
        }
    }
}
