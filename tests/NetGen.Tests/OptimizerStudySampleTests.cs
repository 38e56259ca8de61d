using SkiaSharp;

namespace NetGen.Tests;

/// <summary>
/// The optimizer study run as a user runs it, on small synthetic data in Fashion-MNIST's format: it exits 0 and writes
/// the trajectories and the loss curves as PNGs with their data drawn.
/// </summary>
public class OptimizerStudySampleTests
{
    [Fact]
    public void The_sample_writes_the_trajectories_and_the_loss_curves_as_png()
    {
        // 600 synthetic images are 4 batches an epoch: 25 epochs give 100 steps, two points of 50-step means per curve.
        string artifacts = SampleProcess.Folder();
        string output = SampleProcess.Run(Path.Combine(AppContext.BaseDirectory, "OptimizerStudy.dll"), 0, "--data", SampleProcess.SyntheticData(), "--epochs", "25", "--out", artifacts);

        using SKBitmap trajectories = Png.Decode(Path.Combine(artifacts, "optimizer-trajectories.png"));
        Assert.Equal((1200, 600), (trajectories.Width, trajectories.Height)); // the two problems side by side
        foreach ((string problem, int left) in new[] { ("the quadratic", 0), ("Rosenbrock", 600) })
        {
            int drawn = Png.ColouredPixels(trajectories, left, 0, 600, 450); // above the legend, whose swatches are coloured too
            Assert.True(drawn > 1000, $"{drawn} coloured pixels: no paths on {problem}:\n{output}");
        }

        using SKBitmap losses = Png.Decode(Path.Combine(artifacts, "optimizer-losses.png"));
        Assert.Equal((900, 550), (losses.Width, losses.Height));
        int curves = Png.ColouredPixels(losses, 0, 0, 900, 550);
        Assert.True(curves > 1500, $"{curves} coloured pixels: no loss curves:\n{output}"); // six lines across the plot, beyond the legend's swatches
    }
}
