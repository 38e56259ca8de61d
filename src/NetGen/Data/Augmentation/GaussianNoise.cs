using NetGen.Randomness;

namespace NetGen.Data.Augmentation;

/// <summary>
/// Additive Gaussian input noise: x + σ·z with z a standard normal per value, drawn in order (channel, row, column)
/// from the stream's <see cref="SeededRandom.NextNormal"/> into scratch, then added by a vectorized kernel.
/// </summary>
public sealed class GaussianNoise : AugmentationStep
{
    /// <summary>Noise of standard deviation <paramref name="sigma"/>, finite and ≥ 0.</summary>
    public GaussianNoise(double sigma)
    {
        if (!(sigma >= 0 && double.IsFinite(sigma)))
        {
            throw new ArgumentOutOfRangeException(nameof(sigma), sigma, $"the noise σ is {sigma}; it must be finite and ≥ 0.");
        }

        Sigma = sigma;
    }

    /// <summary>σ.</summary>
    public double Sigma { get; }

    internal override int ScratchSize(SampleShape shape) => shape.Size;

    internal override void Apply(Span<float> sample, SampleShape shape, SeededRandom random, Span<float> scratch)
    {
        Span<float> z = scratch[..sample.Length];
        for (int i = 0; i < z.Length; i++)
        {
            z[i] = (float)random.NextNormal();
        }

        PlaneKernels.AddScaled(sample, z, (float)Sigma);
    }
}
