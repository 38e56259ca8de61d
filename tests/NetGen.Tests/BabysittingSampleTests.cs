using System.Globalization;
using System.Text.RegularExpressions;

namespace NetGen.Tests;

/// <summary>
/// The babysitting sample run as a user runs it, on small synthetic data in Fashion-MNIST's format: it exits 0, writes
/// every figure as a PNG, and reports a higher dead fraction for the bad initialization than for the default.
/// </summary>
public class BabysittingSampleTests
{
    private static readonly string Sample = Path.Combine(AppContext.BaseDirectory, "Babysitting.dll");

    private static readonly string[] Figures =
    [
        "loss-by-learning-rate.png", "update-ratio-by-learning-rate.png", "accuracy-good-rate.png",
        "first-layer-weights.png", "activations-default-init.png", "activations-bad-init.png",
    ];

    [Fact]
    public void The_sample_writes_every_figure_and_the_bad_init_has_more_dead_units()
    {
        string artifacts = SampleProcess.Folder();
        string output = SampleProcess.Run(Sample, 0, "--data", SampleProcess.SyntheticData(), "--epochs", "1", "--samples", "300", "--artifacts", artifacts);

        byte[] signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];
        foreach (string figure in Figures)
        {
            string path = Path.Combine(artifacts, figure);
            Assert.True(File.Exists(path), $"{figure} missing:\n{output}");
            Assert.Equal(signature, File.ReadAllBytes(path).Take(8).ToArray());
        }

        Assert.Contains("lr 0.05 (good):", output);
        Assert.Contains("lr 5 (too high):", output);
        Assert.Contains("(too low):", output);
        Assert.True(DeadFraction(output, "default init") < DeadFraction(output, "bad init"), output);
    }

    private static double DeadFraction(string output, string name)
    {
        Match match = Regex.Match(output, $@"dead units, {Regex.Escape(name)}[^:]*: dead fraction ([0-9.]+) at init");
        Assert.True(match.Success, $"no dead fraction for {name}:\n{output}");
        return double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }
}
