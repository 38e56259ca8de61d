using SkiaSharp;

namespace NetGen.Figures.Tests;

/// <summary>Each figure is a PNG of the asked size; histogram counts and grid pixels are the known answers.</summary>
public class FigureTests
{
    private static string TempFile(string name) => Path.Combine(Directory.CreateTempSubdirectory("netgen-figures-").FullName, name);

    private static SKBitmap Decoded(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes[..4]);
        return SKBitmap.Decode(bytes);
    }

    [Fact]
    public void Learning_curves_are_a_png_of_the_asked_size()
    {
        string path = TempFile("curves.png");
        Chart.Lines(path, "loss", "epoch", "loss", [Series.Of("train", [1.0, 0.6, 0.4]), Series.Of("validation", [1.1, 0.8, 0.7])], width: 640, height: 400);
        using SKBitmap png = Decoded(path);
        Assert.Equal((640, 400), (png.Width, png.Height));
    }

    [Fact]
    public void A_log_axis_takes_positive_values_only_and_says_which_point()
    {
        string path = TempFile("range.png");
        Chart.Lines(path, "range test", "learning rate", "loss", [new Series("loss", [1e-5, 1e-3, 1e-1], [2.3, 1.0, 5.0])], logX: true);
        Assert.True(File.Exists(path));
        var e = Assert.Throws<ArgumentException>(() => Chart.Lines(TempFile("bad.png"), "t", "x", "y", [new Series("loss", [1e-3, 0], [1, 2])], logX: true));
        Assert.Contains("x = 0 at point 1", e.Message);
        Assert.Throws<ArgumentException>(() => Chart.Lines(TempFile("bad.png"), "t", "x", "y", [new Series("s", [1, 2], [1])]));
    }

    [Fact]
    public void Histogram_bins_cover_the_range_with_the_maximum_in_the_last_bin()
    {
        (double[] edges, double[] counts) = Chart.Bin([0f, 0.1f, 0.5f, 0.99f, 1f, 1f], bins: 4);
        Assert.Equal([0, 0.25, 0.5, 0.75, 1], edges);
        Assert.Equal([2, 0, 1, 3], counts);
        (_, double[] single) = Chart.Bin([3f, 3f], bins: 2);
        Assert.Equal(2, single.Sum());
        Assert.Throws<ArgumentException>(() => Chart.Bin([float.NaN], 3));
        string path = TempFile("hist.png");
        Chart.Histogram(path, "activations", "value", [0f, 0.1f, 0.5f, 0.99f, 1f], bins: 10);
        using SKBitmap png = Decoded(path);
        Assert.Equal(800, png.Width);
    }

    [Fact]
    public void A_weight_grid_scales_each_tile_to_its_own_range()
    {
        // Two 2 × 2 tiles: the first 0..3, the second constant; scale 1, two columns.
        float[] tiles = [0, 1, 2, 3, 5, 5, 5, 5];
        using SKBitmap grid = ImageGrid.Render(tiles, count: 2, tileHeight: 2, tileWidth: 2, columns: 2, scale: 1);
        Assert.Equal((7, 4), (grid.Width, grid.Height)); // 1 + 2·(2 + 1) by 1 + (2 + 1)
        Assert.Equal(0, grid.GetPixel(1, 1).Red);
        Assert.Equal(85, grid.GetPixel(2, 1).Red);
        Assert.Equal(170, grid.GetPixel(1, 2).Red);
        Assert.Equal(255, grid.GetPixel(2, 2).Red);
        Assert.Equal(0, grid.GetPixel(4, 1).Red); // a constant tile is its minimum everywhere
        Assert.Equal(128, grid.GetPixel(0, 0).Red); // the gap
        Assert.Throws<ArgumentException>(() => ImageGrid.Render(tiles, count: 3, tileHeight: 2, tileWidth: 2));
    }

    [Fact]
    public void A_first_layers_weights_become_one_tile_per_unit()
    {
        var network = new TinyImageNet(seed: 1);
        string path = TempFile("filters.png");
        ImageGrid.Write(path, network.Hidden, imageHeight: 4, imageWidth: 4, columns: 3, scale: 2);
        using SKBitmap png = Decoded(path);
        Assert.Equal((1 + 3 * 9, 1 + 2 * 9), (png.Width, png.Height)); // 6 units of 4 × 4 at scale 2, in 3 columns
        var e = Assert.Throws<ArgumentException>(() => ImageGrid.Write(TempFile("x.png"), network.Hidden, imageHeight: 3, imageWidth: 5));
        Assert.Contains("3 × 5", e.Message);
    }
}

[Network(BatchSize = 4)]
[Input(16)]
[SoftmaxCrossEntropy]
[Sgd(0.1f)]
public partial class TinyImageNet
{
    [Dense(6), ReLU]
    public partial Layer Hidden { get; }

    [Dense(3)]
    public partial Layer Output { get; }
}
