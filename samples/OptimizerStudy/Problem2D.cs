namespace NetGen.Samples.OptimizerStudy;

/// <summary>A 2-D objective with its gradient, a start point and the window the figure shows.</summary>
internal sealed record Problem2D(string Name, Func<double, double, double> Value, Func<double, double, (double X, double Y)> Gradient, (double X, double Y) Start, (double X, double Y) Minimum, double XMin, double XMax, double YMin, double YMax)
{
    /// <summary>f = ½(x² + 20y²): curvature 20× larger along y, the course's "taco shell" where SGD zig-zags.</summary>
    public static Problem2D IllConditionedQuadratic { get; } = new(
        "ill-conditioned quadratic ½(x² + 20y²)",
        (x, y) => 0.5 * (x * x + 20 * y * y),
        (x, y) => (x, 20 * y),
        (-4.5, 1.2),
        (0, 0),
        -5, 2, -2.5, 2.5);

    /// <summary>Rosenbrock's banana valley f = (1 − x)² + 100(y − x²)², minimum at (1, 1).</summary>
    public static Problem2D Rosenbrock { get; } = new(
        "Rosenbrock (1 − x)² + 100(y − x²)²",
        (x, y) => (1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x),
        (x, y) => (-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)),
        (-1.5, 2.0),
        (1, 1),
        -2, 2, -1, 3);
}
