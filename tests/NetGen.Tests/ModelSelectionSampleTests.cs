using System.Globalization;
using System.Text.RegularExpressions;

namespace NetGen.Tests;

/// <summary>
/// The model-selection sample run as a user runs it, on small synthetic data in Fashion-MNIST's format (classes that a
/// linear model separates): it exits 0, writes its figures and one table row per trial, ranks the trials best first, and
/// the retrained best configuration scores far above chance on the test set.
/// </summary>
public class ModelSelectionSampleTests
{
    private static readonly string Sample = Path.Combine(AppContext.BaseDirectory, "ModelSelection.dll");

    [Fact]
    public void The_sample_searches_coarse_to_fine_and_retrains_the_best_configuration()
    {
        string artifacts = SampleProcess.Folder();
        string output = SampleProcess.Run(Sample, 0, "--data", SampleProcess.SyntheticData(), "--samples", "600", "--trials", "4", "--trial-epochs", "3", "--epochs", "4", "--artifacts", artifacts);

        byte[] signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];
        foreach (string figure in new[] { "lr-range-test.png", "search-learning-rate.png", "retrained-curves.png" })
        {
            string path = Path.Combine(artifacts, figure);
            Assert.True(File.Exists(path), $"{figure} missing:\n{output}");
            Assert.Equal(signature, File.ReadAllBytes(path).Take(8).ToArray());
        }

        foreach (string stage in new[] { "coarse", "fine" })
        {
            string[] rows = File.ReadAllLines(Path.Combine(artifacts, $"search-{stage}.tsv"));
            Assert.Equal(["trial", "score", "learning_rate", "weight_decay", "momentum", "dropout", "schedule", "network"], rows[0].Split('\t'));
            double[] scores = rows.Skip(1).Select(r => double.Parse(r.Split('\t')[1], CultureInfo.InvariantCulture)).ToArray();
            Assert.Equal(4, scores.Length);
            Assert.Equal(scores.OrderByDescending(s => s), scores);
        }

        Match suggested = Regex.Match(output, @"suggested rate ([0-9.eE+-]+)");
        Assert.True(suggested.Success && double.Parse(suggested.Groups[1].Value, CultureInfo.InvariantCulture) is > 1e-5 and < 10, output);
        Match test = Regex.Match(output, @"test accuracy ([0-9.]+)%");
        Assert.True(test.Success, output);
        Assert.True(double.Parse(test.Groups[1].Value, CultureInfo.InvariantCulture) > 50, output);
    }
}
