using System.Globalization;
using System.Text;

namespace NetGen.Benchmarks;

/// <summary>
/// The kernel issue's targets, each with the value this run measured and whether it is met: the report's last section,
/// so a run on any machine says which targets hold there. A ratio target compares two medians of the same run.
/// </summary>
internal sealed class SuiteTargets
{
    private readonly StringBuilder _text = new();

    public int Met { get; private set; }

    public int Missed { get; private set; }

    /// <summary>One "value ≥ goal" target; <paramref name="bound"/>, when given, says why no code could meet it on this machine.</summary>
    public void AtLeast(string what, double value, double goal, string unit, string? bound = null)
    {
        bool met = value >= goal;
        Count(met);
        string status = met ? "met" : bound is null ? "**not met**" : $"**not met** ({bound})";
        _text.AppendLine(CultureInfo.InvariantCulture, $"| {what} | {value:F2}{unit} | ≥ {goal:F2}{unit} | {status} |");
    }

    /// <summary>A target that holds for every item listed, naming the items where it does not.</summary>
    public void Every(string what, IReadOnlyCollection<string> failing, int total)
    {
        bool met = failing.Count == 0;
        Count(met);
        string measured = met ? $"all {total}" : $"{total - failing.Count} of {total}; not: {string.Join(", ", failing)}";
        _text.AppendLine(CultureInfo.InvariantCulture, $"| {what} | {measured} | all | {(met ? "met" : "**not met**")} |");
    }

    /// <summary>A target that is an exact count.</summary>
    public void Exactly(string what, long value, long goal)
    {
        bool met = value == goal;
        Count(met);
        _text.AppendLine(CultureInfo.InvariantCulture, $"| {what} | {value} | {goal} | {(met ? "met" : "**not met**")} |");
    }

    /// <summary>The targets as a Markdown table, with the count met.</summary>
    public string Table() =>
        $"| target | this run | goal | status |\n|---|---:|---:|---|\n{_text}\n{Met} of {Met + Missed} targets met.\n";

    private void Count(bool met)
    {
        if (met)
        {
            Met++;
        }
        else
        {
            Missed++;
        }
    }
}
