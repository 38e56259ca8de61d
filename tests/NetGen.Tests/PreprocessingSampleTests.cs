using System.Globalization;
using System.Text.RegularExpressions;

namespace NetGen.Tests;

/// <summary>
/// The preprocessing sample run as a user runs it, on small synthetic data in Fashion-MNIST's format: it exits 0, writes
/// every figure as a PNG, and prints explained variances that grow with k and stay at most 100 %.
/// </summary>
public class PreprocessingSampleTests
{
    private static readonly string Sample = Path.Combine(AppContext.BaseDirectory, "Preprocessing.dll");

    private static readonly string[] Figures = ["pca-components.png", "test-images.png", "pca-reconstruction-k50.png", "zca-whitened.png"];

    [Fact]
    public void The_sample_prints_explained_variances_and_writes_every_figure()
    {
        string artifacts = SampleProcess.Folder();
        string output = SampleProcess.Run(Sample, 0, "--data", SampleProcess.SyntheticData(), "--epsilon", "0.1", "--artifacts", artifacts);

        byte[] signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];
        foreach (string figure in Figures)
        {
            string path = Path.Combine(artifacts, figure);
            Assert.True(File.Exists(path), $"{figure} missing:\n{output}");
            Assert.Equal(signature, File.ReadAllBytes(path).Take(8).ToArray());
        }

        double previous = 0;
        foreach (int k in new[] { 10, 50, 100, 200 })
        {
            Match match = Regex.Match(output, $@"k = +{k}: explained variance ([0-9.]+) %");
            Assert.True(match.Success, $"no explained variance for k = {k}:\n{output}");
            double percent = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            Assert.True(percent > previous && percent <= 100, $"k = {k}: {percent} % after {previous} %:\n{output}");
            previous = percent;
        }

        Assert.Contains("600 training images (fitting), 200 test images (shown)", output);
        Assert.Contains("ZCA whitening (ε = 0.1)", output);
    }

    [Fact]
    public void A_bad_epsilon_is_a_usage_error()
    {
        string output = SampleProcess.Run(Sample, 2, "--epsilon", "0");
        Assert.Contains("usage: Preprocessing", output);
    }
}
