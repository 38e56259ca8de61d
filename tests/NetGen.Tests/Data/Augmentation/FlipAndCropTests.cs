using NetGen.Data.Augmentation;
using NetGen.Randomness;
using static NetGen.Tests.Data.Augmentation.AugmentationImages;

namespace NetGen.Tests.Data.Augmentation;

/// <summary>RandomHorizontalFlip and RandomCrop against scalar references and known pixels.</summary>
public sealed class FlipAndCropTests
{
    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(1, 28, 28)]
    [InlineData(3, 5, 7)]
    [InlineData(2, 3, 33)] // rows wider than one Vector256 pair plus a tail
    public void Flip_matches_the_scalar_reference_and_twice_is_the_identity(int channels, int height, int width)
    {
        var shape = new SampleShape(channels, height, width);
        float[] image = Random(shape, samples: 2, seed: 1);
        float[] flipped = Augment(image, shape, seed: 0, new RandomHorizontalFlip(1.0));
        Assert.Equal(FlipReference(image[..shape.Size], shape).Concat(FlipReference(image[shape.Size..], shape)), flipped);
        Assert.Equal(image, Augment(flipped, shape, seed: 0, new RandomHorizontalFlip(1.0)));
    }

    [Fact]
    public void Flip_with_p_0_keeps_and_with_p_half_flips_about_half()
    {
        var shape = new SampleShape(1, 2, 3);
        float[] batch = Random(shape, samples: 2000, seed: 2);
        Assert.Equal(batch, Augment(batch, shape, seed: 3, new RandomHorizontalFlip(0.0)));
        float[] half = Augment(batch, shape, seed: 3, new RandomHorizontalFlip(0.5));
        int flips = Enumerable.Range(0, 2000).Count(i => !half.AsSpan(i * 6, 6).SequenceEqual(batch.AsSpan(i * 6, 6)));
        Assert.InRange(flips, 900, 1100); // Binomial(2000, 0.5): σ ≈ 22
    }

    [Fact]
    public void Translation_moves_a_known_pixel_and_pads_with_zeros()
    {
        var shape = new SampleShape(1, 5, 6);
        float[] image = Numbered(shape);
        float pixel = image[2 * 6 + 1]; // (y, x) = (2, 1)
        RandomCrop.Translate(image, shape, dx: 2, dy: -1);
        Assert.Equal(pixel, image[1 * 6 + 3]); // moved right by 2, up by 1
        for (int y = 0; y < 5; y++)
        {
            for (int x = 0; x < 6; x++)
            {
                bool padded = x < 2 || y == 4; // the two left columns and the bottom row had nothing to move in
                Assert.Equal(padded, image[y * 6 + x] == 0);
            }
        }
    }

    [Fact]
    public void Translation_pads_each_channel_with_its_fill_value()
    {
        var shape = new SampleShape(2, 4, 4);
        float[] image = [.. Numbered(shape).Select(v => v + 100)]; // no pixel equals a fill value
        float[] moved = [.. image];
        RandomCrop.Translate(moved, shape, dx: -1, dy: 2, fill: [-0.8f, 3f]);
        for (int c = 0; c < 2; c++)
        {
            for (int y = 0; y < 4; y++)
            {
                for (int x = 0; x < 4; x++)
                {
                    bool padded = x == 3 || y < 2; // moved left by 1 and down by 2
                    float value = moved[c * 16 + y * 4 + x];
                    Assert.Equal(padded ? (c == 0 ? -0.8f : 3f) : image[c * 16 + (y - 2) * 4 + x + 1], value);
                }
            }
        }

        var e = Assert.Throws<ArgumentException>(() => new AugmentationPipeline(shape, new RandomCrop(1) { Fill = [0f] }));
        Assert.Contains("Fill holds 1 values but the sample has 2 channels", e.Message);
    }

    [Fact]
    public void Translation_matches_the_scalar_reference_for_every_offset()
    {
        var shape = new SampleShape(2, 7, 9);
        float[] image = Numbered(shape);
        for (int dy = -6; dy <= 6; dy++)
        {
            for (int dx = -8; dx <= 8; dx++)
            {
                float[] moved = [.. image];
                RandomCrop.Translate(moved, shape, dx, dy);
                Assert.Equal(TranslateReference(image, shape, dx, dy), moved);
            }
        }
    }

    [Fact]
    public void Random_crop_is_torchvision_s_top_then_left_draw_and_reaches_every_offset()
    {
        var shape = new SampleShape(1, 4, 4);
        float[] image = Numbered(shape);
        const int samples = 500, pad = 2;
        float[] batch = [.. Enumerable.Repeat(image, samples).SelectMany(i => i)];
        float[] cropped = Augment(batch, shape, seed: 4, new RandomCrop(pad));
        var random = new SeededRandom(4);
        var seen = new HashSet<(int, int)>();
        for (int n = 0; n < samples; n++)
        {
            int top = random.NextInt(2 * pad + 1), left = random.NextInt(2 * pad + 1);
            (int dx, int dy) = (pad - left, pad - top);
            seen.Add((dx, dy));
            Assert.Equal(TranslateReference(image, shape, dx, dy), cropped[(n * 16)..((n + 1) * 16)]);
        }

        Assert.Equal(25, seen.Count);
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void A_flip_probability_outside_0_1_is_refused(double p)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new RandomHorizontalFlip(p));
        Assert.Equal("probability", e.ParamName);
        Assert.Contains("[0, 1]", e.Message);
    }

    [Fact]
    public void A_negative_padding_or_one_as_large_as_the_image_is_refused()
    {
        Assert.Equal("padding", Assert.Throws<ArgumentOutOfRangeException>(() => new RandomCrop(-1)).ParamName);
        var e = Assert.Throws<ArgumentException>(() => new AugmentationPipeline(new SampleShape(1, 4, 9), new RandomCrop(4)));
        Assert.Equal("steps", e.ParamName);
        Assert.Contains("padding 4 must be less than the sample's height 4 and width 9", e.Message);
    }
}
