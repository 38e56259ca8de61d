using System.Globalization;
using System.Text;

namespace NetGen.Samples.Shared;

/// <summary>
/// A minimal SVG writer for the study samples' figures: rectangles, polylines, text, in invariant culture.
/// Enough for histograms, line charts and trajectories without a plotting dependency.
/// </summary>
internal sealed class Svg(double width, double height)
{
    private readonly StringBuilder _body = new();

    /// <summary>A categorical palette (colour-blind friendly, Okabe–Ito).</summary>
    public static readonly string[] Palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"];

    public void Rect(double x, double y, double w, double h, string fill, string? stroke = null) =>
        _body.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x:0.##}\" y=\"{y:0.##}\" width=\"{Math.Max(w, 0):0.##}\" height=\"{Math.Max(h, 0):0.##}\" fill=\"{fill}\"{(stroke is null ? "" : $" stroke=\"{stroke}\"")}/>\n");

    public void Line(double x1, double y1, double x2, double y2, string stroke, double strokeWidth = 1) =>
        _body.Append(CultureInfo.InvariantCulture, $"<line x1=\"{x1:0.##}\" y1=\"{y1:0.##}\" x2=\"{x2:0.##}\" y2=\"{y2:0.##}\" stroke=\"{stroke}\" stroke-width=\"{strokeWidth:0.##}\"/>\n");

    public void Polyline(IEnumerable<(double X, double Y)> points, string stroke, double strokeWidth = 1.5)
    {
        string coordinates = string.Join(" ", points.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.X:0.##},{p.Y:0.##}")));
        _body.Append(CultureInfo.InvariantCulture, $"<polyline fill=\"none\" stroke=\"{stroke}\" stroke-width=\"{strokeWidth:0.##}\" points=\"{coordinates}\"/>\n");
    }

    public void Circle(double x, double y, double r, string fill) =>
        _body.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{x:0.##}\" cy=\"{y:0.##}\" r=\"{r:0.##}\" fill=\"{fill}\"/>\n");

    public void Text(double x, double y, string text, double size = 11, string anchor = "start", string fill = "#222") =>
        _body.Append(CultureInfo.InvariantCulture, $"<text x=\"{x:0.##}\" y=\"{y:0.##}\" font-family=\"sans-serif\" font-size=\"{size:0.##}\" text-anchor=\"{anchor}\" fill=\"{fill}\">{Escape(text)}</text>\n");

    /// <summary>Writes the document, creating the folder if needed.</summary>
    public void Save(string path)
    {
        string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null)
        {
            Directory.CreateDirectory(folder);
        }

        File.WriteAllText(path, ToString());
    }

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width:0}\" height=\"{height:0}\" viewBox=\"0 0 {width:0} {height:0}\">\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n{_body}</svg>\n");

    private static string Escape(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
}
