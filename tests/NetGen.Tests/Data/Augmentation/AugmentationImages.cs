using NetGen.Data.Augmentation;
using NetGen.Randomness;

namespace NetGen.Tests.Data.Augmentation;

/// <summary>Test images and the scalar references the augmentations are checked against.</summary>
internal static class AugmentationImages
{
    /// <summary>n samples of <paramref name="shape"/>, standard normal values.</summary>
    public static float[] Random(SampleShape shape, int samples, long seed)
    {
        var random = new SeededRandom(seed);
        var values = new float[shape.Size * samples];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (float)random.NextNormal();
        }

        return values;
    }

    /// <summary>Every value distinct and nonzero: 1 + its index, so a moved pixel is recognised and a zero is padding.</summary>
    public static float[] Numbered(SampleShape shape) => [.. Enumerable.Range(1, shape.Size).Select(i => (float)i)];

    /// <summary>out[c, y, x] = in[c, y, W − 1 − x].</summary>
    public static float[] FlipReference(float[] input, SampleShape shape)
    {
        var output = new float[input.Length];
        for (int start = 0; start < input.Length; start += shape.Width)
        {
            for (int x = 0; x < shape.Width; x++)
            {
                output[start + x] = input[start + shape.Width - 1 - x];
            }
        }

        return output;
    }

    /// <summary>out[c, y, x] = in[c, y − dy, x − dx], 0 outside, for one sample.</summary>
    public static float[] TranslateReference(float[] input, SampleShape shape, int dx, int dy)
    {
        var output = new float[input.Length];
        for (int c = 0; c < shape.Channels; c++)
        {
            for (int y = 0; y < shape.Height; y++)
            {
                for (int x = 0; x < shape.Width; x++)
                {
                    int sy = y - dy, sx = x - dx;
                    bool inside = sy >= 0 && sy < shape.Height && sx >= 0 && sx < shape.Width;
                    output[(c * shape.Height + y) * shape.Width + x] = inside ? input[(c * shape.Height + sy) * shape.Width + sx] : 0f;
                }
            }
        }

        return output;
    }

    /// <summary>Runs <paramref name="steps"/> with the stream of <paramref name="seed"/> on a copy of <paramref name="batch"/>.</summary>
    public static float[] Augment(float[] batch, SampleShape shape, long seed, params AugmentationStep[] steps)
    {
        float[] copy = [.. batch];
        new AugmentationPipeline(shape, steps).CreateAugmenter(seed).Apply(copy);
        return copy;
    }
}
