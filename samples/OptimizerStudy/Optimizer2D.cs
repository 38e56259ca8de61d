using NetGen.Runtime;

namespace NetGen.Samples.OptimizerStudy;

/// <summary>
/// One optimizer driving a 2-element parameter vector through the same runtime kernels the generated networks call,
/// with its state buffers, so the trajectories show exactly the update rules the networks train with.
/// </summary>
internal sealed class Optimizer2D
{
    private readonly Action<float[], float[], long> _step;

    private Optimizer2D(string name, Action<float[], float[], long> step)
    {
        Name = name;
        _step = step;
    }

    public string Name { get; }

    /// <summary>θ ← one step from gradient g at step t (1-based).</summary>
    public void Step(float[] theta, float[] gradient, long t) => _step(theta, gradient, t);

    public static Optimizer2D Sgd(float lr, float momentum = 0f, bool nesterov = false)
    {
        var velocity = new float[2];
        var settings = new SgdSettings(lr, momentum, 0f, nesterov);
        string name = momentum == 0 ? $"SGD γ={lr}" : nesterov ? $"Nesterov γ={lr} μ={momentum}" : $"momentum γ={lr} μ={momentum}";
        return new(name, (theta, g, t) => Runtime.Sgd.Update(g, GradientTransform.None, settings, t == 1, theta, momentum == 0 ? default : velocity));
    }

    public static Optimizer2D AdaGrad(float lr)
    {
        var sum = new float[2];
        return new($"AdaGrad γ={lr}", (theta, g, t) => Runtime.AdaGrad.Update(g, GradientTransform.None, Runtime.AdaGrad.DecayedRate(lr, 0f, t), 1e-10f, theta, sum));
    }

    public static Optimizer2D RmsProp(float lr)
    {
        var square = new float[2];
        var settings = new RmsPropSettings(lr, 0.99f, 1e-8f, 0f, false);
        return new($"RMSProp γ={lr}", (theta, g, _) => Runtime.RmsProp.Update(g, GradientTransform.None, settings, theta, square, default, default));
    }

    public static Optimizer2D Adam(float lr)
    {
        var m = new float[2];
        var v = new float[2];
        return new($"Adam γ={lr}", (theta, g, t) => Runtime.Adam.Update(g, GradientTransform.None, AdamStep.At(t, lr, 0.9f, 0.999f, 1e-8f, 0f, false), theta, m, v, default));
    }

    /// <summary>Runs <paramref name="steps"/> steps from the problem's start and returns every point visited.</summary>
    public List<(double X, double Y)> Trajectory(Problem2D problem, int steps)
    {
        var theta = new[] { (float)problem.Start.X, (float)problem.Start.Y };
        var gradient = new float[2];
        var points = new List<(double, double)> { problem.Start };
        for (long t = 1; t <= steps; t++)
        {
            (double gx, double gy) = problem.Gradient(theta[0], theta[1]);
            gradient[0] = (float)gx;
            gradient[1] = (float)gy;
            Step(theta, gradient, t);
            if (!float.IsFinite(theta[0]) || !float.IsFinite(theta[1]))
            {
                break;
            }

            points.Add((theta[0], theta[1]));
        }

        return points;
    }
}
