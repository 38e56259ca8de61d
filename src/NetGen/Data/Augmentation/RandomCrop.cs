using NetGen.Randomness;

namespace NetGen.Data.Augmentation;

/// <summary>
/// A random translation with zero fill, torchvision's RandomCrop(size = (H, W), padding = pad): the sample is padded
/// with pad zeros on every side and an H×W window cut at a uniform top i and left j in [0, 2·pad] (i drawn first),
/// so out[c, y, x] = in[c, y + i − pad, x + j − pad], 0 where that falls outside. The content moves by
/// (dx, dy) = (pad − j, pad − i) pixels. Done in place as row copies (<see cref="Span{T}.CopyTo"/>, a vectorized
/// memmove) and fills, no scratch. <see cref="Fill"/> is torchvision's <c>fill</c>: the padding's value per channel, 0 by
/// default; on standardized inputs z = (x − μ)/s the raw black is −μ/s, so give that to pad with black as torchvision does
/// on raw pixels (a zero pads with the mean pixel instead).
/// </summary>
public sealed class RandomCrop : AugmentationStep
{
    /// <summary>Translations by up to <paramref name="padding"/> ≥ 0 pixels each way.</summary>
    public RandomCrop(int padding)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(padding);
        Padding = padding;
    }

    /// <summary>The padding on each side: the largest shift.</summary>
    public int Padding { get; }

    /// <summary>The padding's value per channel, null for 0 in every channel (see the class remarks).</summary>
    public IReadOnlyList<float>? Fill { get; init; }

    internal override void Check(SampleShape shape)
    {
        if (Fill is { } fill && fill.Count != shape.Channels)
        {
            throw new ArgumentException($"RandomCrop.Fill holds {fill.Count} values but the sample has {shape.Channels} channels: give one padding value per channel.", "steps");
        }

        if (Padding >= shape.Height || Padding >= shape.Width)
        {
            throw new ArgumentException($"RandomCrop's padding {Padding} must be less than the sample's height {shape.Height} and width {shape.Width}: a larger shift leaves nothing of the image.", "steps");
        }
    }

    internal override void Apply(Span<float> sample, SampleShape shape, SeededRandom random, Span<float> scratch)
    {
        int top = random.NextInt(2 * Padding + 1);
        int left = random.NextInt(2 * Padding + 1);
        Translate(sample, shape, dx: Padding - left, dy: Padding - top, Fill);
    }

    /// <summary>
    /// Moves the content of every channel plane by dx columns right and dy rows down (negative: left, up), the channel's
    /// fill value (0 without <paramref name="fill"/>) where nothing moves in; |dx| &lt; W, |dy| &lt; H. out[y, x] = in[y − dy, x − dx]. In place: moving down, rows are
    /// written bottom up so each reads a source row not yet overwritten (moving up, top down); within a row the copy
    /// is a memmove, and the filled gap comes after it.
    /// </summary>
    internal static void Translate(Span<float> sample, SampleShape shape, int dx, int dy, IReadOnlyList<float>? fill = null)
    {
        int height = shape.Height, width = shape.Width;
        for (int plane = 0; plane < sample.Length; plane += shape.PlaneSize)
        {
            Span<float> p = sample.Slice(plane, shape.PlaneSize);
            float value = fill is null ? 0f : fill[plane / shape.PlaneSize % shape.Channels];
            for (int k = 0; k < height; k++)
            {
                int y = dy > 0 ? height - 1 - k : k;
                Span<float> row = p.Slice(y * width, width);
                int source = y - dy;
                if ((uint)source >= (uint)height)
                {
                    row.Fill(value);
                    continue;
                }

                Span<float> from = p.Slice(source * width, width);
                if (dx >= 0)
                {
                    from[..(width - dx)].CopyTo(row[dx..]);
                    row[..dx].Fill(value);
                }
                else
                {
                    from[-dx..].CopyTo(row);
                    row[(width + dx)..].Fill(value);
                }
            }
        }
    }
}
