using NetGen.Data;
using NetGen.Data.Preprocessing;

namespace NetGen.Tests;

/// <summary>
/// Standardization and mean subtraction against hand-computed statistics: two samples of shape [2, 1, 2],
/// x₁ = [1, 3 | 10, 10] and x₂ = [5, 7 | 20, 40] (channel 0 | channel 1).
/// </summary>
public class StatisticsTests
{
    private static readonly int[] Shape = [2, 1, 2];
    private static readonly float[] Samples = [1, 3, 10, 10, 5, 7, 20, 40];

    [Fact]
    public void Per_feature_statistics_are_each_features_mean_and_population_std()
    {
        var s = (Standardization)new Standardize(StatisticScope.PerFeature).Fit(Samples, Shape);
        Assert.Equal([3f, 5f, 15f, 25f], s.Mean.ToArray());
        Assert.Equal([2f, 2f, 5f, 15f], s.StandardDeviation.ToArray());
        float[] x = [.. Samples];
        s.Apply(x);
        Assert.Equal([-1f, -1f, -1f, -1f, 1f, 1f, 1f, 1f], x);
    }

    [Fact]
    public void Per_channel_statistics_pool_the_samples_and_the_positions_of_each_channel()
    {
        // Channel 0: 1, 3, 5, 7 → μ 4, σ² (9 + 1 + 1 + 9)/4 = 5. Channel 1: 10, 10, 20, 40 → μ 20, σ² (100 + 100 + 0 + 400)/4 = 150.
        var s = (Standardization)new Standardize(StatisticScope.PerChannel).Fit(Samples, Shape);
        Assert.Equal([4f, 20f], s.Mean.ToArray());
        Assert.Equal([MathF.Sqrt(5), MathF.Sqrt(150)], s.StandardDeviation.ToArray());
        float[] x = [7, 4, 50, 20];
        s.Apply(x);
        Assert.Equal([3 / MathF.Sqrt(5), 0, 30 / MathF.Sqrt(150), 0], x);
    }

    [Fact]
    public void Global_statistics_match_the_existing_standardizer()
    {
        // All eight values: μ 96/8 = 12, σ² (121 + 81 + 4 + 4 + 49 + 25 + 64 + 784)/8 = 141.5.
        var s = (Standardization)new Standardize(StatisticScope.Global).Fit(Samples, Shape);
        Assert.Equal([12f], s.Mean.ToArray());
        Assert.Equal([MathF.Sqrt(141.5f)], s.StandardDeviation.ToArray());
        var old = Standardizer.Fit(Samples);
        Assert.Equal(old.Mean, s.Mean[0]);
        Assert.Equal(old.StandardDeviation, s.StandardDeviation[0]);
        Standardization bridged = old.ToPreprocessor(Shape);
        Assert.Equal(s.Mean.ToArray(), bridged.Mean.ToArray());
        Assert.Equal(s.StandardDeviation.ToArray(), bridged.StandardDeviation.ToArray());
    }

    [Fact]
    public void Mean_image_subtraction_subtracts_each_pixels_training_mean_and_per_channel_subtraction_each_channels()
    {
        var image = (MeanSubtraction)new SubtractMean().Fit(Samples, Shape);
        Assert.Equal([3f, 5f, 15f, 25f], image.Mean.ToArray());
        var y = new float[8];
        image.Apply(Samples, y);
        Assert.Equal([-2f, -2f, -5f, -15f, 2f, 2f, 5f, 15f], y);

        var channel = (MeanSubtraction)new SubtractMean(StatisticScope.PerChannel).Fit(Samples, Shape);
        Assert.Equal([4f, 20f], channel.Mean.ToArray());
        channel.Apply(Samples, y);
        Assert.Equal([-3f, -1f, -10f, -10f, 1f, 3f, 0f, 20f], y);
    }

    [Fact]
    public void A_constant_feature_is_centred_to_zero_not_divided_by_zero()
    {
        var s = (Standardization)new Standardize().Fit([2, 5, 4, 5], [2]);
        Assert.Equal([1f, 1f], s.StandardDeviation.ToArray());
        float[] x = [3, 5];
        s.Apply(x);
        Assert.Equal([0f, 0f], x);
    }

    [Fact]
    public void Fitting_on_a_data_set_uses_its_features_and_applying_to_a_set_keeps_its_labels()
    {
        var train = new DataSet([.. Samples], [0, 1], 4);
        Standardization s = Standardization.Fit(train, StatisticScope.PerChannel, Shape);
        DataSet standardized = s.Apply(train);
        Assert.Same(train.Labels, standardized.Labels);
        Assert.Equal(-3 / MathF.Sqrt(5), standardized.Features[0]);
        Assert.Equal(1f, train.Features[0]); // the set itself is not changed
    }
}
