using NetGen.Randomness;

namespace NetGen.Data.Augmentation;

/// <summary>
/// A random translation with zero fill, torchvision's RandomCrop(size = (H, W), padding = pad): the sample is padded
/// with pad zeros on every side and an H×W window cut at a uniform top i and left j in [0, 2·pad] (i drawn first),
/// so out[c, y, x] = in[c, y + i − pad, x + j − pad], 0 where that falls outside. The content moves by
/// (dx, dy) = (pad − j, pad − i) pixels. Done in place as row copies (<see cref="Span{T}.CopyTo"/>, a vectorized
/// memmove) and clears, no scratch.
/// </summary>
public sealed class RandomCrop : AugmentationStep
{
    /// <summary>Translations by up to <paramref name="padding"/> ≥ 0 pixels each way.</summary>
    public RandomCrop(int padding)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(padding);
        Padding = padding;
    }

    /// <summary>The zero padding on each side: the largest shift.</summary>
    public int Padding { get; }

    internal override void Check(SampleShape shape)
    {
        if (Padding >= shape.Height || Padding >= shape.Width)
        {
            throw new ArgumentException($"RandomCrop's padding {Padding} must be less than the sample's height {shape.Height} and width {shape.Width}: a larger shift leaves nothing of the image.", "steps");
        }
    }

    internal override void Apply(Span<float> sample, SampleShape shape, SeededRandom random, Span<float> scratch)
    {
        int top = random.NextInt(2 * Padding + 1);
        int left = random.NextInt(2 * Padding + 1);
        Translate(sample, shape, dx: Padding - left, dy: Padding - top);
    }

    /// <summary>
    /// Moves the content of every channel plane by dx columns right and dy rows down (negative: left, up), zeros where
    /// nothing moves in; |dx| &lt; W, |dy| &lt; H. out[y, x] = in[y − dy, x − dx]. In place: moving down, rows are
    /// written bottom up so each reads a source row not yet overwritten (moving up, top down); within a row the copy
    /// is a memmove, and the cleared gap comes after it.
    /// </summary>
    internal static void Translate(Span<float> sample, SampleShape shape, int dx, int dy)
    {
        int height = shape.Height, width = shape.Width;
        for (int plane = 0; plane < sample.Length; plane += shape.PlaneSize)
        {
            Span<float> p = sample.Slice(plane, shape.PlaneSize);
            for (int k = 0; k < height; k++)
            {
                int y = dy > 0 ? height - 1 - k : k;
                Span<float> row = p.Slice(y * width, width);
                int source = y - dy;
                if ((uint)source >= (uint)height)
                {
                    row.Clear();
                    continue;
                }

                Span<float> from = p.Slice(source * width, width);
                if (dx >= 0)
                {
                    from[..(width - dx)].CopyTo(row[dx..]);
                    row[..dx].Clear();
                }
                else
                {
                    from[-dx..].CopyTo(row);
                    row[(width + dx)..].Clear();
                }
            }
        }
    }
}
