using NetGen.Data.Augmentation;
using NetGen.Randomness;
using static NetGen.Tests.Data.Augmentation.AugmentationImages;

namespace NetGen.Tests.Data.Augmentation;

/// <summary>
/// GaussianNoise's statistics, and the vectorized kernels against their scalar loops bit for bit on every length
/// around the vector width (this class runs again with acceleration off, in AccelerationOffTests).
/// </summary>
public sealed class NoiseAndKernelTests
{
    [Fact]
    public void Noise_adds_sigma_times_the_stream_s_normals_in_order()
    {
        var shape = new SampleShape(2, 3, 5);
        float[] image = Random(shape, samples: 2, seed: 10);
        float[] noisy = Augment(image, shape, seed: 11, new GaussianNoise(0.3));
        var random = new SeededRandom(11);
        Assert.Equal(image.Select(x => x + 0.3f * (float)random.NextNormal()), noisy);
    }

    [Fact]
    public void Noise_has_mean_0_and_variance_sigma_squared()
    {
        var shape = new SampleShape(1, 100, 100);
        float[] noise = Augment(new float[shape.Size * 4], shape, seed: 12, new GaussianNoise(2.0));
        double mean = noise.Average(x => (double)x);
        double variance = noise.Average(x => (x - mean) * (x - mean));
        Assert.InRange(mean, -0.04, 0.04);          // σ/√n = 0.01
        Assert.InRange(variance, 4 * 0.97, 4 * 1.03); // relative σ of the estimate √(2/n) ≈ 0.7 %
    }

    [Fact]
    public void A_negative_or_non_finite_sigma_is_refused()
    {
        Assert.Equal("sigma", Assert.Throws<ArgumentOutOfRangeException>(() => new GaussianNoise(-1)).ParamName);
        Assert.Equal("sigma", Assert.Throws<ArgumentOutOfRangeException>(() => new GaussianNoise(double.NaN)).ParamName);
    }

    [Fact]
    public void The_kernels_equal_their_scalar_loops_bit_for_bit()
    {
        for (int length = 0; length <= 70; length++)
        {
            float[] x = Random(new SampleShape(1, 1, length + 1), 1, seed: length)[..length];
            float[] z = Random(new SampleShape(1, 1, length + 1), 1, seed: 100 + length)[..length];
            float[] scaled = [.. x];
            PlaneKernels.ScaleShift(scaled, 1.37f, -0.21f);
            Assert.Equal(x.Select(v => v * 1.37f + -0.21f), scaled);
            float[] added = [.. x];
            PlaneKernels.AddScaled(added, z, 0.7f);
            Assert.Equal(x.Select((v, i) => v + 0.7f * z[i]), added);
        }
    }
}
