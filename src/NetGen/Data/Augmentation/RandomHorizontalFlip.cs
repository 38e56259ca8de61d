using NetGen.Randomness;

namespace NetGen.Data.Augmentation;

/// <summary>
/// Mirrors a sample left to right with probability p (torchvision's RandomHorizontalFlip): every row of every channel
/// reversed, out[c, y, x] = in[c, y, W − 1 − x]. One uniform draw per sample, u &lt; p flips. The reversal is
/// <see cref="MemoryExtensions.Reverse{T}(Span{T})"/>, which the runtime vectorizes (Vector512/256/128 by hardware).
/// </summary>
public sealed class RandomHorizontalFlip : AugmentationStep
{
    /// <summary>Flips with <paramref name="probability"/> in [0, 1].</summary>
    public RandomHorizontalFlip(double probability = 0.5)
    {
        if (!(probability >= 0 && probability <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(probability), probability, $"the flip probability is {probability}; it must be in [0, 1].");
        }

        Probability = probability;
    }

    /// <summary>The chance a sample is flipped.</summary>
    public double Probability { get; }

    internal override void Apply(Span<float> sample, SampleShape shape, SeededRandom random, Span<float> scratch)
    {
        if (random.NextDouble() < Probability)
        {
            Flip(sample, shape.Width);
        }
    }

    /// <summary>Reverses every row of <paramref name="width"/> floats: the mirror image of each channel plane.</summary>
    internal static void Flip(Span<float> sample, int width)
    {
        for (int row = 0; row < sample.Length; row += width)
        {
            sample.Slice(row, width).Reverse();
        }
    }
}
