using NetGen.Samples.OptimizerStudy;

namespace NetGen.Tests;

/// <summary>The OptimizerStudy's 2-D runs show the comparisons the course draws.</summary>
public class OptimizerStudyTests
{
    [Fact]
    public void Every_optimizer_descends_the_ill_conditioned_quadratic()
    {
        Problem2D problem = Problem2D.IllConditionedQuadratic;
        double start = problem.Value(problem.Start.X, problem.Start.Y);
        foreach (Optimizer2D optimizer in new[] { Optimizer2D.Sgd(0.09f), Optimizer2D.Sgd(0.01f, 0.9f), Optimizer2D.Sgd(0.01f, 0.9f, nesterov: true), Optimizer2D.AdaGrad(1f), Optimizer2D.RmsProp(0.1f), Optimizer2D.Adam(0.2f) })
        {
            (double x, double y) = optimizer.Trajectory(problem, 100)[^1];
            Assert.True(problem.Value(x, y) < 1e-3 * start, $"{optimizer.Name} ends at f = {problem.Value(x, y)}");
        }
    }

    [Fact]
    public void Plain_SGD_zig_zags_across_the_steep_direction_while_momentum_damps_it()
    {
        Problem2D problem = Problem2D.IllConditionedQuadratic;
        static int SignChangesOfY(List<(double X, double Y)> points) =>
            points.Zip(points.Skip(1)).Count(p => Math.Sign(p.First.Y) != Math.Sign(p.Second.Y) && p.Second.Y != 0);
        int sgd = SignChangesOfY(Optimizer2D.Sgd(0.09f).Trajectory(problem, 30));
        int nesterov = SignChangesOfY(Optimizer2D.Sgd(0.01f, 0.9f, nesterov: true).Trajectory(problem, 30));
        Assert.True(sgd >= 20, $"SGD crossed y = 0 {sgd} times in 30 steps");
        Assert.True(nesterov < sgd / 4, $"Nesterov crossed {nesterov} times");
    }

    [Fact]
    public void Adam_reaches_the_Rosenbrock_minimum_where_plain_SGD_is_still_in_the_valley()
    {
        Problem2D problem = Problem2D.Rosenbrock;
        (double ax, double ay) = Optimizer2D.Adam(0.05f).Trajectory(problem, 2000)[^1];
        (double sx, double sy) = Optimizer2D.Sgd(1e-3f).Trajectory(problem, 2000)[^1];
        Assert.True(problem.Value(ax, ay) < 1e-6, $"Adam ends at f = {problem.Value(ax, ay)}");
        Assert.True(problem.Value(sx, sy) > 1e-2, $"SGD ends at f = {problem.Value(sx, sy)}");
    }
}
