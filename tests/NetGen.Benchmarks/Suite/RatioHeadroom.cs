using System.Globalization;
using System.Text;

namespace NetGen.Benchmarks;

/// <summary>
/// What the FMA peak leaves for a ratio target. The other side (the interpreter, which runs the same kernels, or
/// PyTorch) already runs its step at a share of the peak: a goal of g× asks the generated step to run at g times that
/// share. Past the all-core peak no code can meet the goal on this machine, and the target's status says so; past the
/// one-core peak only a split over the cores could, which products as small as MLP 64-32-10's do not pay for. The FLOPs counted are the products'
/// (Predict the forward pass, a training step three times it), so the bound is generous: the ops around the products
/// only lower it.
/// </summary>
internal sealed class RatioHeadroom(double peakOneCore, double peakAllCores)
{
    private readonly StringBuilder _rows = new();

    /// <summary>
    /// Adds the row of one target: the other side's (<paramref name="other"/>) <paramref name="samplesPerSecond"/> at
    /// <paramref name="flopsPerSample"/>, against a goal of <paramref name="goal"/>×. Returns the note the target's
    /// status carries when the goal is beyond a peak, or null when the peak allows it.
    /// </summary>
    public string? Add(string what, double samplesPerSecond, double flopsPerSample, double goal, string other)
    {
        double theirs = samplesPerSecond * flopsPerSample / 1e9;
        double neededOne = goal * theirs / peakOneCore, neededAll = goal * theirs / peakAllCores;
        // Only the all-core peak rules a goal out: a step whose products split over the cores may pass one core's.
        string? note = neededAll > 1 ? $"needs {100 * neededAll:F0}% of the all-core peak" : null;
        string verdict = note is not null ? $"**beyond the peak**: {note}"
            : neededOne > 1 ? "beyond one core's peak: only a split over the cores could reach it"
            : "within the peak";
        _rows.AppendLine(CultureInfo.InvariantCulture,
            $"| {what} | {other} {theirs:F1} | {100 * theirs / peakOneCore:F0}% / {100 * theirs / peakAllCores:F0}% | {goal:F2}× | {100 * neededOne:F0}% / {100 * neededAll:F0}% | {verdict} |");
        return note;
    }

    /// <summary>The rows as a Markdown table.</summary>
    public string Table() =>
        "| target | other side's GFLOP/s | its share of the 1-core / all-core peak | goal | generated would need, 1-core / all-core | verdict |\n"
        + "|---|---:|---:|---:|---:|---|\n" + _rows;
}
