using SkiaSharp;

namespace NetGen.Figures;

/// <summary>
/// Tiles as a grayscale PNG grid: each tile (e.g. one first-layer unit's weights as a 28 × 28 image, or one
/// convolution filter) scaled to its own range, black at its minimum and white at its maximum, one pixel per value
/// times <c>scale</c>, separated by a one-pixel gap, as the course shows first-layer filters.
/// </summary>
public static class ImageGrid
{
    /// <summary>Writes <paramref name="count"/> tiles of tileHeight × tileWidth values, row-major one after another.</summary>
    public static void Write(string path, ReadOnlySpan<float> tiles, int count, int tileHeight, int tileWidth, int columns = 0, int scale = 3)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        using SKBitmap bitmap = Render(tiles, count, tileHeight, tileWidth, columns, scale);
        using SKData png = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        using FileStream file = File.Create(path);
        png.SaveTo(file);
    }

    /// <summary>
    /// A Dense layer's weight [units, H·W] as units tiles of H × W (its inputs must be an image of that size), or a
    /// Conv2D's weight [F, C, K, K] as F·C tiles of K × K.
    /// </summary>
    public static void Write(string path, Layer layer, int imageHeight = 0, int imageWidth = 0, int columns = 0, int scale = 3)
    {
        ArgumentNullException.ThrowIfNull(layer);
        IReadOnlyList<int> shape = layer.WeightShape;
        if (shape.Count == 4)
        {
            Write(path, layer.Weight, shape[0] * shape[1], shape[2], shape[3], columns, scale);
            return;
        }

        if (shape.Count != 2 || imageHeight * imageWidth != shape[1])
        {
            throw new ArgumentException($"layer '{layer.Name}' has weight [{string.Join(", ", shape)}]; a Dense layer's inputs must form an image of imageHeight × imageWidth ({imageHeight} × {imageWidth} given).", nameof(layer));
        }

        Write(path, layer.Weight, shape[0], imageHeight, imageWidth, columns, scale);
    }

    /// <summary>The grid as a bitmap; tests read its pixels.</summary>
    public static SKBitmap Render(ReadOnlySpan<float> tiles, int count, int tileHeight, int tileWidth, int columns = 0, int scale = 3)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(tileHeight, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(tileWidth, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(scale, 1);
        if (tiles.Length != (long)count * tileHeight * tileWidth)
        {
            throw new ArgumentException($"{count} tiles of {tileHeight} × {tileWidth} need {(long)count * tileHeight * tileWidth} values; {tiles.Length} given.", nameof(tiles));
        }

        int across = columns > 0 ? columns : (int)Math.Ceiling(Math.Sqrt(count));
        int down = (count + across - 1) / across;
        int cellWidth = tileWidth * scale + 1, cellHeight = tileHeight * scale + 1;
        var bitmap = new SKBitmap(across * cellWidth + 1, down * cellHeight + 1, SKColorType.Gray8, SKAlphaType.Opaque);
        bitmap.Erase(new SKColor(128, 128, 128)); // the gaps: mid gray
        int size = tileHeight * tileWidth;
        for (int t = 0; t < count; t++)
        {
            ReadOnlySpan<float> tile = tiles.Slice(t * size, size);
            float min = float.PositiveInfinity, max = float.NegativeInfinity;
            foreach (float v in tile)
            {
                (min, max) = (Math.Min(min, v), Math.Max(max, v));
            }

            float range = max > min ? max - min : 1f;
            int left = 1 + (t % across) * cellWidth, top = 1 + (t / across) * cellHeight;
            for (int y = 0; y < tileHeight * scale; y++)
            {
                for (int x = 0; x < tileWidth * scale; x++)
                {
                    float v = tile[(y / scale) * tileWidth + x / scale];
                    byte gray = (byte)Math.Round(255f * (v - min) / range);
                    bitmap.SetPixel(left + x, top + y, new SKColor(gray, gray, gray));
                }
            }
        }

        return bitmap;
    }
}
