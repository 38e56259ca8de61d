using NetGen.Randomness;

namespace NetGen.Data.Augmentation;

/// <summary>
/// Random brightness, torchvision's ColorJitter(brightness = δ) without its clamp: one factor b uniform in
/// [max(0, 1 − δ), 1 + δ] per sample, and every value x becomes b·x + (1 − b)·black, a blend toward black (torchvision's
/// <c>_blend(img, zeros, b)</c> = b·x for black = 0). On raw pixels black is 0. On standardized inputs z = (x − μ)/s the
/// raw black is −μ/s per channel: give it as <see cref="Black"/> and the step equals torchvision's on the raw pixels,
/// standardized after (b·z + (1 − b)(−μ/s) = (b·x − μ)/s); with black 0 it scales the standardized values instead.
/// Values are not clamped (torchvision clamps floats to [0, 1], which standardized data does not live in).
/// </summary>
public sealed class BrightnessJitter : AugmentationStep
{
    /// <summary>Factors in [max(0, 1 − <paramref name="delta"/>), 1 + <paramref name="delta"/>], δ finite and ≥ 0.</summary>
    public BrightnessJitter(double delta)
    {
        if (!(delta >= 0 && double.IsFinite(delta)))
        {
            throw new ArgumentOutOfRangeException(nameof(delta), delta, $"the brightness range δ is {delta}; it must be finite and ≥ 0.");
        }

        Delta = delta;
    }

    /// <summary>δ: the factor's half range around 1.</summary>
    public double Delta { get; }

    /// <summary>The value of black per channel, null for 0 in every channel (see the class remarks).</summary>
    public IReadOnlyList<float>? Black { get; init; }

    internal override void Check(SampleShape shape)
    {
        if (Black is { } black && black.Count != shape.Channels)
        {
            throw new ArgumentException($"BrightnessJitter.Black holds {black.Count} values but the sample has {shape.Channels} channels: give one black value per channel.", "steps");
        }
    }

    internal override void Apply(Span<float> sample, SampleShape shape, SeededRandom random, Span<float> scratch)
    {
        float b = random.NextUniform((float)Math.Max(0, 1 - Delta), (float)(1 + Delta));
        for (int c = 0; c < shape.Channels; c++)
        {
            float black = Black?[c] ?? 0f;
            PlaneKernels.ScaleShift(sample.Slice(c * shape.PlaneSize, shape.PlaneSize), b, (1 - b) * black);
        }
    }
}
