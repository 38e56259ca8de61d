namespace NetGen.Graph;

/// <summary>One sample's shape between ops: [Channels, Height, Width] when spatial, else Channels features.</summary>
public readonly record struct SampleShape(int Channels, int Height, int Width, bool Spatial)
{
    /// <summary>Floats per sample.</summary>
    public int Size => Channels * Height * Width;

    /// <summary>Values per channel: Height·Width when spatial, 1 for features.</summary>
    public int Positions => Height * Width;

    /// <summary>A flat shape of <paramref name="features"/> values.</summary>
    public static SampleShape Flat(int features) => new(features, 1, 1, false);

    /// <summary>An image shape [C, H, W].</summary>
    public static SampleShape Image(int channels, int height, int width) => new(channels, height, width, true);

    /// <inheritdoc/>
    public override string ToString() => Spatial ? $"[{Channels}, {Height}, {Width}]" : $"[{Channels}]";
}
