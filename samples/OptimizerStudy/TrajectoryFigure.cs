using NetGen.Figures;

namespace NetGen.Samples.OptimizerStudy;

/// <summary>A panel per problem: contour lines of log f, the minimum, and one path per optimizer.</summary>
internal static class TrajectoryFigure
{
    /// <summary>Writes the panels side by side as a PNG, creating the folder if needed.</summary>
    public static void Write(string path, IReadOnlyList<(Problem2D Problem, IReadOnlyList<(string Name, List<(double X, double Y)> Points)> Runs)> panels)
    {
        var figure = panels.Select(p => new TrajectoryPanel(
            p.Problem.Name, p.Problem.Value, p.Problem.XMin, p.Problem.XMax, p.Problem.YMin, p.Problem.YMax,
            p.Runs.Select(r => new Series(r.Name, r.Points.Select(q => q.X).ToArray(), r.Points.Select(q => q.Y).ToArray())).ToList(),
            p.Problem.Minimum)).ToList();
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        Panels.Trajectories(path, figure);
    }
}
