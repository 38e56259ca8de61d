namespace NetGen.Figures;

/// <summary>
/// A 2-D loss surface over a window with paths across it (an optimizer's iterates) and a marked point (the minimum).
/// The surface is drawn as contour lines of log10(Loss + 1e-3), so the levels stay apart near the minimum too.
/// </summary>
public sealed record TrajectoryPanel(string Title, Func<double, double, double> Loss, double XMin, double XMax, double YMin, double YMax, IReadOnlyList<Series> Paths, (double X, double Y) Minimum);
