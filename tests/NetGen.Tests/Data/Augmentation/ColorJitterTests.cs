using NetGen.Data.Augmentation;
using NetGen.Randomness;
using static NetGen.Tests.Data.Augmentation.AugmentationImages;

namespace NetGen.Tests.Data.Augmentation;

/// <summary>BrightnessJitter and ContrastJitter on hand-built images: torchvision's blend formulas, factor by factor.</summary>
public sealed class ColorJitterTests
{
    [Fact]
    public void Brightness_multiplies_by_a_factor_drawn_in_1_plus_minus_delta()
    {
        var shape = new SampleShape(1, 2, 2);
        float[] image = [0.2f, 0.4f, 0.6f, 0.8f];
        float[] bright = Augment(image, shape, seed: 5, new BrightnessJitter(0.5));
        float b = new SeededRandom(5).NextUniform(0.5f, 1.5f);
        Assert.Equal(image.Select(x => x * b + 0f), bright);
        Assert.InRange(bright[0] / image[0], 0.5f, 1.5f);
    }

    [Fact]
    public void Brightness_with_a_black_per_channel_blends_toward_it_as_torchvision_on_raw_pixels_standardized_after()
    {
        // Raw pixels r, standardized z = (r − μ)/s per channel: black is −μ/s, and the jittered z is (b·r − μ)/s.
        float[] mean = [0.3f, 0.5f], std = [0.2f, 0.25f];
        var shape = new SampleShape(2, 1, 3);
        float[] raw = [0.1f, 0.5f, 0.9f, 0.0f, 0.4f, 1.0f];
        float[] z = [.. raw.Select((r, i) => (r - mean[i / 3]) / std[i / 3])];
        var step = new BrightnessJitter(0.4) { Black = [-mean[0] / std[0], -mean[1] / std[1]] };
        float[] jittered = Augment(z, shape, seed: 6, step);
        float b = new SeededRandom(6).NextUniform(0.6f, 1.4f);
        for (int i = 0; i < raw.Length; i++)
        {
            Assert.Equal((b * raw[i] - mean[i / 3]) / std[i / 3], jittered[i], 5);
        }
    }

    [Fact]
    public void Brightness_factors_stay_in_range_and_a_delta_above_1_starts_at_0()
    {
        var shape = new SampleShape(1, 1, 1);
        float[] ones = [.. Enumerable.Repeat(1f, 4000)];
        float[] factors = Augment(ones, shape, seed: 7, new BrightnessJitter(1.5));
        Assert.InRange(factors.Min(), 0f, 0.05f);
        Assert.InRange(factors.Max(), 2.45f, 2.5f);
    }

    [Fact]
    public void Contrast_blends_a_grayscale_image_with_its_mean()
    {
        var shape = new SampleShape(1, 2, 2);
        float[] image = [0f, 1f, 0f, 1f]; // mean 0.5
        float[] contrasted = Augment(image, shape, seed: 8, new ContrastJitter(0.5));
        float c = new SeededRandom(8).NextUniform(0.5f, 1.5f);
        Assert.Equal(image.Select(x => x * c + (1 - c) * 0.5f), contrasted);
    }

    [Fact]
    public void Contrast_of_three_channels_blends_every_channel_with_the_mean_of_torchvision_s_grayscale()
    {
        var shape = new SampleShape(3, 2, 2);
        float[] image = [1f, 1f, 1f, 1f, 0f, 0f, 0f, 0f, 0.5f, 0.5f, 0.5f, 0.5f];
        float gray = (float)(0.2989 * 1 + 0.587 * 0 + 0.114 * 0.5);
        Assert.Equal(gray, ContrastJitter.GrayMean(image, shape));
        float[] contrasted = Augment(image, shape, seed: 9, new ContrastJitter(0.3));
        float c = new SeededRandom(9).NextUniform(0.7f, 1.3f);
        Assert.Equal(image.Select(x => x * c + (1 - c) * gray), contrasted);
    }

    [Fact]
    public void Contrast_of_two_channels_uses_the_mean_of_the_channels()
    {
        var shape = new SampleShape(2, 1, 2);
        Assert.Equal(0.25f, ContrastJitter.GrayMean([0f, 1f, 0f, 0f], shape));
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NaN)]
    public void A_negative_or_non_finite_delta_is_refused(double delta)
    {
        Assert.Equal("delta", Assert.Throws<ArgumentOutOfRangeException>(() => new BrightnessJitter(delta)).ParamName);
        Assert.Equal("delta", Assert.Throws<ArgumentOutOfRangeException>(() => new ContrastJitter(delta)).ParamName);
    }

    [Fact]
    public void A_black_per_channel_of_the_wrong_length_is_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => new AugmentationPipeline(new SampleShape(3, 2, 2), new BrightnessJitter(0.1) { Black = [0f] }));
        Assert.Equal("steps", e.ParamName);
        Assert.Contains("holds 1 values but the sample has 3 channels", e.Message);
    }
}
