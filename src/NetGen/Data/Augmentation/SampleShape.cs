namespace NetGen.Data.Augmentation;

/// <summary>
/// The shape of one sample as the augmentations see it: [Channels, Height, Width], row-major (NCHW without the N), so
/// a batch is samples of <see cref="Size"/> floats back to back. A flat data set of 784 features is [1, 28, 28].
/// </summary>
public readonly record struct SampleShape
{
    /// <summary>A shape of positive dimensions (<see cref="ArgumentOutOfRangeException"/> naming the bad one).</summary>
    public SampleShape(int channels, int height, int width)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(channels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        if ((long)channels * height * width > int.MaxValue)
        {
            throw new ArgumentException($"a sample of [{channels}, {height}, {width}] holds more than int.MaxValue floats.", nameof(channels));
        }

        (Channels, Height, Width) = (channels, height, width);
    }

    /// <summary>C.</summary>
    public int Channels { get; }

    /// <summary>H.</summary>
    public int Height { get; }

    /// <summary>W.</summary>
    public int Width { get; }

    /// <summary>Floats per channel plane, H·W.</summary>
    public int PlaneSize => Height * Width;

    /// <summary>Floats per sample, C·H·W.</summary>
    public int Size => Channels * Height * Width;

    /// <inheritdoc/>
    public override string ToString() => $"[{Channels}, {Height}, {Width}]";
}
