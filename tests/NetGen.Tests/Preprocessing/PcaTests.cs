using Xunit.Abstractions;
using NetGen.Data.Preprocessing;

namespace NetGen.Tests;

/// <summary>PCA and whitening against their definitions, on 30 correlated features × 4000 samples.</summary>
public class PcaTests(ITestOutputHelper output)
{
    private const int Size = 30, Count = 4000;
    private static readonly float[] Samples = PreprocessingData.Correlated(Count, Size, seed: 5);

    [Fact]
    public void Axis_aligned_points_give_their_variances_and_axes_as_components()
    {
        // (±2, 0), (0, ±1): mean 0, Σ = diag(8/4, 2/4) = diag(2, 0.5).
        var pca = (Pca)new PrincipalComponents(2).Fit([2, 0, -2, 0, 0, 1, 0, -1], [2]);
        Assert.Equal([2.0, 0.5], pca.ExplainedVariance.ToArray().Select(v => Math.Round(v, 6)));
        Assert.Equal([1.0, 0, 0, 1], pca.Components.ToArray().Select(v => Math.Round(v, 6)));
        Assert.Equal(2.5, pca.TotalVariance, 6);
        Assert.Equal(0.8, pca.ExplainedVarianceRatio(0), 6);
        var y = new float[2];
        pca.Apply([0, -1], y);
        Assert.Equal([0.0, -1.0], y.Select(v => Math.Round((double)v, 6)));
    }

    [Fact]
    public void Eigenvalues_are_sorted_descending_and_each_components_largest_entry_is_positive()
    {
        var pca = (Pca)new PrincipalComponents(Size).Fit(Samples, [Size]);
        for (int j = 1; j < Size; j++)
        {
            Assert.True(pca.ExplainedVariance[j] <= pca.ExplainedVariance[j - 1], $"λ{j} = {pca.ExplainedVariance[j]} > λ{j - 1} = {pca.ExplainedVariance[j - 1]}");
        }

        for (int j = 0; j < Size; j++)
        {
            ReadOnlySpan<float> u = pca.Components.Slice(j * Size, Size);
            float largest = u.ToArray().MaxBy(MathF.Abs);
            Assert.True(largest > 0, $"component {j}'s largest entry is {largest}");
            Assert.Equal(1.0, u.ToArray().Sum(v => (double)v * v), 5);
        }

        Assert.Equal(1.0, pca.CumulativeVarianceRatio(Size), 6);
    }

    [Fact]
    public void Zca_whitened_training_data_has_the_identity_covariance()
    {
        var zca = (Whitening)new Whiten(WhiteningKind.Zca, epsilon: 1e-6f).Fit(Samples, [Size]);
        var y = new float[Samples.Length];
        zca.Apply(Samples, y);
        double error = PreprocessingData.DistanceFromIdentity(PreprocessingData.Covariance(y, Size), Size);
        output.WriteLine($"ZCA (ε = 1e-6): max |cov − I| = {error:G3}");
        Assert.True(error < 1e-3, $"max |cov − I| = {error}");

        // ZCA's matrix is symmetric: the whitened sample stays in the input's axes.
        ReadOnlySpan<float> w = zca.Matrix;
        for (int i = 0; i < Size; i++)
        {
            for (int j = 0; j < i; j++)
            {
                Assert.Equal(w[i * Size + j], w[j * Size + i], 1e-5f);
            }
        }
    }

    [Fact]
    public void Pca_whitened_training_data_has_the_identity_covariance()
    {
        var white = (Whitening)new Whiten(WhiteningKind.Pca, epsilon: 1e-6f).Fit(Samples, [Size]);
        Assert.Equal([Size], white.OutputShape);
        var y = new float[Samples.Length];
        white.Apply(Samples, y);
        double error = PreprocessingData.DistanceFromIdentity(PreprocessingData.Covariance(y, Size), Size);
        output.WriteLine($"PCA whitening (ε = 1e-6): max |cov − I| = {error:G3}");
        Assert.True(error < 1e-3, $"max |cov − I| = {error}");
    }

    [Fact]
    public void With_epsilon_the_whitened_variances_are_lambda_over_lambda_plus_epsilon()
    {
        const float epsilon = 0.5f;
        var white = (Whitening)new Whiten(WhiteningKind.Pca, epsilon, components: 5).Fit(Samples, [Size]);
        var y = new float[Count * 5];
        white.Apply(Samples, y);
        double[] covariance = PreprocessingData.Covariance(y, 5);
        for (int j = 0; j < 5; j++)
        {
            double lambda = white.Eigenvalues[j];
            Assert.Equal(lambda / (lambda + epsilon), covariance[j * 5 + j], 3);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    [InlineData(29)]
    public void The_mean_squared_reconstruction_error_is_the_sum_of_the_discarded_eigenvalues(int k)
    {
        var full = (Pca)new PrincipalComponents(Size).Fit(Samples, [Size]);
        var pca = (Pca)new PrincipalComponents(k).Fit(Samples, [Size]);
        var y = new float[Count * k];
        var back = new float[Samples.Length];
        pca.Apply(Samples, y);
        pca.InverseTransform(y, back);
        double squared = 0;
        for (int i = 0; i < Samples.Length; i++)
        {
            squared += (double)(Samples[i] - back[i]) * (Samples[i] - back[i]);
        }

        double discarded = full.ExplainedVariance[k..].ToArray().Sum(v => (double)v);
        double error = squared / Count;
        output.WriteLine($"k = {k}: mean squared reconstruction error {error:R}, discarded eigenvalues {discarded:R}");
        Assert.True(Math.Abs(error - discarded) <= 1e-3 * full.TotalVariance, $"mean squared error {error}, discarded eigenvalues {discarded}");
        Assert.Equal(discarded / full.TotalVariance, 1 - pca.CumulativeVarianceRatio(k), 4);
    }

    [Fact]
    public void Inverse_of_transform_is_the_identity_with_all_components()
    {
        var pca = (Pca)new PrincipalComponents(Size).Fit(Samples, [Size]);
        float[] x = Samples[..(50 * Size)];
        var y = new float[x.Length];
        var back = new float[x.Length];
        pca.Apply(x, y);
        pca.InverseTransform(y, back);
        for (int i = 0; i < x.Length; i++)
        {
            Assert.True(MathF.Abs(x[i] - back[i]) <= 1e-4f * MathF.Max(1, MathF.Abs(x[i])), $"element {i}: {back[i]} back, {x[i]} in");
        }

        // In place: the same span as source and destination.
        float[] inPlace = [.. y];
        pca.InverseTransform(inPlace, inPlace);
        Assert.Equal(back, inPlace);
    }

    [Fact]
    public void Applying_in_place_gives_what_applying_into_another_buffer_gives()
    {
        var zca = (Whitening)new Whiten(WhiteningKind.Zca).Fit(Samples, [Size]);
        float[] x = Samples[..(200 * Size)]; // more rows than one chunk
        var y = new float[x.Length];
        zca.Apply(x, y);
        zca.Apply(x);
        Assert.Equal(y, x);
    }

    [Fact]
    public void A_truncated_fit_is_the_fit_with_fewer_components()
    {
        var full = (Pca)new PrincipalComponents(Size).Fit(Samples, [Size]);
        var five = (Pca)new PrincipalComponents(5).Fit(Samples, [Size]);
        Pca truncated = full.Truncated(5);
        Assert.Equal(five.Components.ToArray(), truncated.Components.ToArray());
        Assert.Equal(five.ExplainedVariance.ToArray(), truncated.ExplainedVariance.ToArray());
        Assert.Equal(five.CumulativeVarianceRatio(5), truncated.CumulativeVarianceRatio(5));
        Assert.Throws<ArgumentOutOfRangeException>(() => five.Truncated(6));
    }

    [Fact]
    public void The_same_data_gives_the_same_bits()
    {
        var a = (Whitening)new Whiten(WhiteningKind.Zca).Fit(Samples, [Size]);
        var b = (Whitening)new Whiten(WhiteningKind.Zca).Fit(Samples, [Size]);
        Assert.Equal(a.Components.ToArray(), b.Components.ToArray());
        Assert.Equal(a.Matrix.ToArray(), b.Matrix.ToArray());
    }
}
