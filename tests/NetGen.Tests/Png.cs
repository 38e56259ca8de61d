using SkiaSharp;

namespace NetGen.Tests;

/// <summary>Reads a sample's PNG figure back: the signature, the decoded bitmap, and how much of a region is drawn in colour.</summary>
internal static class Png
{
    /// <summary>The decoded image; fails unless the file exists and starts with the PNG signature.</summary>
    public static SKBitmap Decode(string path)
    {
        Assert.True(File.Exists(path), $"{path} missing");
        byte[] bytes = File.ReadAllBytes(path);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, bytes.Take(8).ToArray());
        return SKBitmap.Decode(bytes) ?? throw new InvalidDataException($"{path} does not decode");
    }

    /// <summary>
    /// Pixels of the region whose red and blue differ a lot. Axes, ticks, text and contour lines are gray or black, so
    /// only the data (bars, lines, paths) counts: a figure whose data is missing has none.
    /// </summary>
    public static int ColouredPixels(SKBitmap image, int left, int top, int width, int height)
    {
        int count = 0;
        for (int y = top; y < top + height; y++)
        {
            for (int x = left; x < left + width; x++)
            {
                SKColor c = image.GetPixel(x, y);
                count += Math.Abs(c.Red - c.Blue) > 60 ? 1 : 0;
            }
        }

        return count;
    }
}
