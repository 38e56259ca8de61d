namespace NetGen.Figures;

/// <summary>
/// One small histogram of a grid, already binned (e.g. by <see cref="Chart.Bin"/>, or by a study that leaves values
/// out): Edges has one more entry than Counts, equally spaced. The caption goes under the panel (mean, std).
/// </summary>
public sealed record HistogramPanel(string Title, IReadOnlyList<double> Edges, IReadOnlyList<double> Counts, string Caption = "");
