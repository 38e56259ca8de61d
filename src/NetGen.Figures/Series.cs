namespace NetGen.Figures;

/// <summary>One line of a chart: its legend label and its points (X and Y of equal length).</summary>
public sealed record Series(string Label, IReadOnlyList<double> X, IReadOnlyList<double> Y)
{
    /// <summary>A series over 1, 2, 3, … (epochs, steps).</summary>
    public static Series Of(string label, IReadOnlyList<double> y) => new(label, Enumerable.Range(1, y.Count).Select(i => (double)i).ToArray(), y);
}
