namespace NetGen.Samples.Shared;

/// <summary>One named series of (x, y) points.</summary>
internal sealed record Series(string Name, IReadOnlyList<(double X, double Y)> Points);

/// <summary>A line chart panel with axes, ticks, a legend and optional log-scaled y, drawn into an <see cref="Svg"/>.</summary>
internal static class LineChart
{
    public static void Draw(Svg svg, double left, double top, double width, double height, string title, string xLabel, string yLabel, IReadOnlyList<Series> series, bool logY)
    {
        var points = series.SelectMany(s => s.Points).Where(p => double.IsFinite(p.Y) && (!logY || p.Y > 0)).ToList();
        double xMin = points.Min(p => p.X), xMax = points.Max(p => p.X);
        double Transform(double y) => logY ? Math.Log10(y) : y;
        double yMin = points.Min(p => Transform(p.Y)), yMax = points.Max(p => Transform(p.Y));
        if (yMax - yMin < 1e-12)
        {
            yMax = yMin + 1;
        }

        double X(double x) => left + (x - xMin) / Math.Max(xMax - xMin, 1e-12) * width;
        double Y(double y) => top + height - (Transform(y) - yMin) / (yMax - yMin) * height;

        svg.Rect(left, top, width, height, "none", "#999");
        svg.Text(left + width / 2, top - 8, title, 13, "middle");
        svg.Text(left + width / 2, top + height + 30, xLabel, 11, "middle");
        svg.Text(left - 8, top - 8, yLabel, 11, "end");
        for (int tick = 0; tick <= 4; tick++)
        {
            double fraction = tick / 4.0;
            double yValue = yMin + fraction * (yMax - yMin);
            double yPixel = top + height - fraction * height;
            svg.Line(left - 4, yPixel, left, yPixel, "#666");
            svg.Text(left - 6, yPixel + 4, Format(logY ? Math.Pow(10, yValue) : yValue), 9, "end");
            double xValue = xMin + fraction * (xMax - xMin);
            svg.Line(X(xValue), top + height, X(xValue), top + height + 4, "#666");
            svg.Text(X(xValue), top + height + 15, Format(xValue), 9, "middle");
        }

        for (int i = 0; i < series.Count; i++)
        {
            string colour = Svg.Palette[i % Svg.Palette.Length];
            svg.Polyline(series[i].Points.Where(p => double.IsFinite(p.Y) && (!logY || p.Y > 0)).Select(p => (X(p.X), Y(p.Y))), colour);
            svg.Line(left + width - 120, top + 14 + 14 * i, left + width - 100, top + 14 + 14 * i, colour, 2);
            svg.Text(left + width - 96, top + 18 + 14 * i, series[i].Name, 10);
        }
    }

    private static string Format(double value) =>
        Math.Abs(value) >= 1e4 || (Math.Abs(value) < 1e-2 && value != 0)
            ? value.ToString("0.#e0", System.Globalization.CultureInfo.InvariantCulture)
            : value.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);
}
