using NetGen.Data;
using NetGen.Samples.OptimizerStudy;
using NetGen.Samples.Shared;

// The course's optimizer comparison: SGD, momentum, Nesterov, AdaGrad, RMSProp and Adam on an ill-conditioned
// quadratic and on Rosenbrock's function (trajectories), then every optimizer's network on Fashion-MNIST (loss curves).
string data = FashionMnist.DefaultDirectory, output = "artifacts";
int epochs = 3;
bool withData = true;
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--data" when i + 1 < args.Length:
            data = args[++i];
            break;
        case "--out" when i + 1 < args.Length:
            output = args[++i];
            break;
        case "--epochs" when i + 1 < args.Length && int.TryParse(args[i + 1], out epochs) && epochs > 0:
            i++;
            break;
        case "--no-data":
            withData = false;
            break;
        default:
            Console.Error.WriteLine("usage: OptimizerStudy [--data DIR] [--epochs N] [--out DIR] [--no-data]");
            return 2;
    }
}

var panels = new List<(Problem2D, IReadOnlyList<(string, List<(double X, double Y)>)>)>();
foreach ((Problem2D problem, int steps, Optimizer2D[] optimizers) in new[]
{
    (Problem2D.IllConditionedQuadratic, 100, new[] { Optimizer2D.Sgd(0.09f), Optimizer2D.Sgd(0.01f, 0.9f), Optimizer2D.Sgd(0.01f, 0.9f, nesterov: true), Optimizer2D.AdaGrad(1f), Optimizer2D.RmsProp(0.1f), Optimizer2D.Adam(0.2f) }),
    (Problem2D.Rosenbrock, 2000, new[] { Optimizer2D.Sgd(1e-3f), Optimizer2D.Sgd(2e-4f, 0.9f), Optimizer2D.Sgd(2e-4f, 0.9f, nesterov: true), Optimizer2D.AdaGrad(0.5f), Optimizer2D.RmsProp(0.01f), Optimizer2D.Adam(0.05f) }),
})
{
    Console.WriteLine($"{problem.Name}, {steps} steps from ({problem.Start.X}, {problem.Start.Y}):");
    var runs = new List<(string, List<(double X, double Y)>)>();
    foreach (Optimizer2D optimizer in optimizers)
    {
        List<(double X, double Y)> points = optimizer.Trajectory(problem, steps);
        (double x, double y) = points[^1];
        int reached = points.FindIndex(p => problem.Value(p.X, p.Y) < 1e-3);
        Console.WriteLine($"  {optimizer.Name,-26} ends at ({x,8:F4}, {y,8:F4}), f = {problem.Value(x, y):E2}, f < 1e-3 {(reached < 0 ? "never" : $"after {reached} steps")}");
        runs.Add((optimizer.Name, points));
    }

    panels.Add((problem, runs));
}

string trajectories = Path.Combine(output, "optimizer-trajectories.png");
TrajectoryFigure.Write(trajectories, panels);
Console.WriteLine($"trajectories written to {trajectories}");
if (!withData)
{
    return 0;
}

if (StandardizedFashionMnist.Load(data, "point --data at the IDX files, or run with --no-data") is not { } fashion)
{
    return 1;
}

Console.WriteLine($"Fashion-MNIST, MLP 784-128-10, {epochs} epochs, the same initial weights and batches for every optimizer:");
(var curves, _) = FashionComparison.Run(fashion.Train, fashion.Test, epochs, seed: 0);
string losses = Path.Combine(output, "optimizer-losses.png");
FashionComparison.Write(losses, curves, epochs);
Console.WriteLine($"loss curves written to {losses}");
return 0;
