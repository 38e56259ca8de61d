using NetGen.Data;
using NetGen.Data.Augmentation;
using NetGen.Randomness;

namespace NetGen.Tests.Data.Augmentation;

/// <summary>PcaColorAugmentation: the fitted decomposition, the offset's span and scale, its statistics, and refusals.</summary>
public sealed class PcaColorTests
{
    /// <summary>3-channel 4×4 images whose blue channel is 0.5·red + 0.5·green: the covariance has rank 2.</summary>
    private static DataSet RankTwoColours(int count)
    {
        var random = new SeededRandom(20);
        var features = new float[count * 48];
        for (int n = 0; n < count; n++)
        {
            for (int p = 0; p < 16; p++)
            {
                float r = (float)(0.5 + 0.2 * random.NextNormal()), g = (float)(0.3 + 0.1 * random.NextNormal());
                features[n * 48 + p] = r;
                features[n * 48 + 16 + p] = g;
                features[n * 48 + 32 + p] = 0.5f * r + 0.5f * g;
            }
        }

        return new DataSet(features, new int[count], 48);
    }

    private static readonly SampleShape Rgb = new(3, 4, 4);

    [Fact]
    public void Fit_decomposes_the_channel_covariance_largest_first_with_orthonormal_axes()
    {
        DataSet data = RankTwoColours(200);
        PcaColorAugmentation pca = PcaColorAugmentation.Fit(data, Rgb);
        double[,] covariance = Covariance(data);
        Assert.True(pca.Eigenvalues[0] >= pca.Eigenvalues[1] && pca.Eigenvalues[1] >= pca.Eigenvalues[2]);
        Assert.InRange(pca.Eigenvalues[2], 0, 1e-9);
        for (int a = 0; a < 3; a++)
        {
            for (int b = 0; b < 3; b++)
            {
                double rebuilt = Enumerable.Range(0, 3).Sum(i => pca.Eigenvalues[i] * pca.Eigenvector(i, a) * pca.Eigenvector(i, b));
                Assert.Equal(covariance[a, b], rebuilt, 1e-6);
                double dot = Enumerable.Range(0, 3).Sum(c => pca.Eigenvector(a, c) * pca.Eigenvector(b, c));
                Assert.Equal(a == b ? 1 : 0, dot, 1e-9);
            }
        }
    }

    [Fact]
    public void The_offset_lies_in_the_span_of_the_axes_with_variance_and_its_coordinates_have_sd_sigma_lambda()
    {
        PcaColorAugmentation pca = PcaColorAugmentation.Fit(RankTwoColours(200), Rgb, sigma: 0.1);
        var random = new SeededRandom(21);
        Span<float> offset = stackalloc float[3], alphas = stackalloc float[3];
        const int draws = 20000;
        var sumSquares = new double[3];
        for (int n = 0; n < draws; n++)
        {
            pca.Offset(random, offset, alphas);
            for (int i = 0; i < 3; i++)
            {
                double coordinate = offset[0] * pca.Eigenvector(i, 0) + offset[1] * pca.Eigenvector(i, 1) + offset[2] * pca.Eigenvector(i, 2);
                Assert.Equal(alphas[i] * pca.Eigenvalues[i], coordinate, 1e-6); // p_i · δ = α_i λ_i
                sumSquares[i] += coordinate * coordinate;
            }
        }

        for (int i = 0; i < 2; i++)
        {
            Assert.Equal(1.0, Math.Sqrt(sumSquares[i] / draws) / (0.1 * pca.Eigenvalues[i]), 0.02); // σ·λ_i within 2 %
        }

        Assert.InRange(Math.Sqrt(sumSquares[2] / draws), 0, 1e-9); // nothing along the zero-variance axis
    }

    [Fact]
    public void Apply_adds_the_offset_to_every_pixel_of_its_channel()
    {
        var pca = new PcaColorAugmentation([0.5, 0.2], new double[,] { { 0.6, -0.8 }, { 0.8, 0.6 } }, sigma: 0.3);
        var shape = new SampleShape(2, 3, 3);
        float[] image = AugmentationImages.Random(shape, 1, seed: 22);
        float[] shifted = AugmentationImages.Augment(image, shape, seed: 23, pca);
        Span<float> offset = stackalloc float[2], alphas = stackalloc float[2];
        pca.Offset(new SeededRandom(23), offset, alphas);
        for (int i = 0; i < image.Length; i++)
        {
            Assert.Equal(image[i] * 1f + offset[i / 9], shifted[i]);
        }
    }

    [Fact]
    public void Single_channel_data_is_refused()
    {
        var gray = new DataSet(new float[32], new int[2], 16);
        var e = Assert.Throws<ArgumentException>(() => PcaColorAugmentation.Fit(gray, new SampleShape(1, 4, 4)));
        Assert.Equal("shape", e.ParamName);
        Assert.Contains("data with 1 channel has no colour", e.Message);
        Assert.Throws<ArgumentException>(() => new PcaColorAugmentation([1.0], new double[1, 1]));
    }

    [Fact]
    public void Mismatched_shapes_and_decompositions_are_refused()
    {
        PcaColorAugmentation pca = PcaColorAugmentation.Fit(RankTwoColours(10), Rgb);
        var e = Assert.Throws<ArgumentException>(() => new AugmentationPipeline(new SampleShape(2, 4, 4), pca));
        Assert.Equal("steps", e.ParamName);
        Assert.Contains("fitted for 3 channels but the sample shape [2, 4, 4] has 2", e.Message);
        Assert.Equal("eigenvectors", Assert.Throws<ArgumentException>(() => new PcaColorAugmentation([1.0, 2.0], new double[2, 3])).ParamName);
        Assert.Equal("eigenvalues", Assert.Throws<ArgumentException>(() => new PcaColorAugmentation([1.0, -2.0], new double[2, 2])).ParamName);
        Assert.Equal("shape", Assert.Throws<ArgumentException>(() => PcaColorAugmentation.Fit(RankTwoColours(10), new SampleShape(3, 2, 2))).ParamName);
    }

    /// <summary>The population covariance of the channel values over every pixel, straightforwardly.</summary>
    private static double[,] Covariance(DataSet data)
    {
        var values = new List<double[]>();
        for (int n = 0; n < data.Count; n++)
        {
            for (int p = 0; p < 16; p++)
            {
                values.Add([data.Features[n * 48 + p], data.Features[n * 48 + 16 + p], data.Features[n * 48 + 32 + p]]);
            }
        }

        double[] mean = [.. Enumerable.Range(0, 3).Select(c => values.Average(v => v[c]))];
        var covariance = new double[3, 3];
        for (int a = 0; a < 3; a++)
        {
            for (int b = 0; b < 3; b++)
            {
                covariance[a, b] = values.Average(v => (v[a] - mean[a]) * (v[b] - mean[b]));
            }
        }

        return covariance;
    }
}
