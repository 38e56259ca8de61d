using NetGen.Randomness;

namespace NetGen.Data.Augmentation;

/// <summary>
/// Random contrast, torchvision's ColorJitter(contrast = δ) without its clamp: one factor c uniform in
/// [max(0, 1 − δ), 1 + δ] per sample, m the mean over the sample's pixels of its grayscale, and every value x becomes
/// c·x + (1 − c)·m, in every channel. Grayscale is the channel itself for one channel, 0.2989·R + 0.587·G + 0.114·B
/// for three (torchvision's rgb_to_grayscale), the mean of the channels otherwise. m is summed in double in pixel
/// order, so it does not depend on the vector width. On standardized inputs the step acts on the standardized values;
/// with one channel (or one μ and s for all channels) that equals contrast on the raw pixels standardized after, since
/// the blend commutes with x ↦ (x − μ)/s. Values are not clamped.
/// </summary>
public sealed class ContrastJitter : AugmentationStep
{
    private static readonly double[] Luma = [0.2989, 0.587, 0.114];

    /// <summary>Factors in [max(0, 1 − <paramref name="delta"/>), 1 + <paramref name="delta"/>], δ finite and ≥ 0.</summary>
    public ContrastJitter(double delta)
    {
        if (!(delta >= 0 && double.IsFinite(delta)))
        {
            throw new ArgumentOutOfRangeException(nameof(delta), delta, $"the contrast range δ is {delta}; it must be finite and ≥ 0.");
        }

        Delta = delta;
    }

    /// <summary>δ: the factor's half range around 1.</summary>
    public double Delta { get; }

    internal override void Apply(Span<float> sample, SampleShape shape, SeededRandom random, Span<float> scratch)
    {
        float c = random.NextUniform((float)Math.Max(0, 1 - Delta), (float)(1 + Delta));
        PlaneKernels.ScaleShift(sample, c, (1 - c) * GrayMean(sample, shape));
    }

    /// <summary>The mean of the grayscale image, Σ_pixels Σ_c w_c·x_c / (H·W), in double.</summary>
    internal static float GrayMean(ReadOnlySpan<float> sample, SampleShape shape)
    {
        double sum = 0;
        for (int c = 0; c < shape.Channels; c++)
        {
            double weight = shape.Channels == 3 ? Luma[c] : 1.0 / shape.Channels;
            double plane = 0;
            foreach (float x in sample.Slice(c * shape.PlaneSize, shape.PlaneSize))
            {
                plane += x;
            }

            sum += weight * plane;
        }

        return (float)(sum / shape.PlaneSize);
    }
}
