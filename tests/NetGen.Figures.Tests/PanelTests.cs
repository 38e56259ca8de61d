using SkiaSharp;

namespace NetGen.Figures.Tests;

/// <summary>
/// Panel figures are one PNG of columns × rows cells, and every cell holds its data: bars and paths are the only
/// coloured pixels (axes, ticks and text are gray or black; contour lines gray), so each cell must have some.
/// </summary>
public class PanelTests
{
    private static string TempFile(string name) => Path.Combine(Directory.CreateTempSubdirectory("netgen-panels-").FullName, name);

    private static SKBitmap Decoded(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes[..4]);
        return SKBitmap.Decode(bytes);
    }

    /// <summary>Pixels in the cell whose red and blue differ a lot: drawn in a palette colour, not in gray.</summary>
    private static int ColouredPixels(SKBitmap png, int left, int top, int width, int height)
    {
        int count = 0;
        for (int y = top; y < top + height; y++)
        {
            for (int x = left; x < left + width; x++)
            {
                SKColor c = png.GetPixel(x, y);
                count += Math.Abs(c.Red - c.Blue) > 60 ? 1 : 0;
            }
        }

        return count;
    }

    [Fact]
    public void A_histogram_grid_has_a_cell_per_panel_each_with_its_bars()
    {
        var panels = Enumerable.Range(0, 5).Select(i =>
        {
            (double[] edges, double[] counts) = Chart.Bin(Enumerable.Range(0, 200).Select(v => (float)Math.Sin(v * (i + 1))).ToArray(), 20);
            return new HistogramPanel($"panel {i}", edges, counts, "μ 0 σ 1");
        }).ToList();
        string path = TempFile("grid.png");
        Panels.Histograms(path, panels, columns: 3, panelWidth: 200, panelHeight: 150);
        using SKBitmap png = Decoded(path);
        Assert.Equal((600, 300), (png.Width, png.Height)); // 5 panels in 3 columns: 2 rows
        for (int i = 0; i < 5; i++)
        {
            Assert.True(ColouredPixels(png, (i % 3) * 200, (i / 3) * 150, 200, 150) > 500, $"panel {i} has no bars");
        }

        Assert.True(ColouredPixels(png, 400, 150, 200, 150) == 0, "the sixth cell should be empty");
        var e = Assert.Throws<ArgumentException>(() => Panels.Histograms(TempFile("bad.png"), [new HistogramPanel("p", [0, 1], [1, 2])], 1));
        Assert.Contains("2 edges for 2 counts", e.Message);
        Assert.Throws<ArgumentException>(() => Panels.Histograms(TempFile("none.png"), [], 1));
    }

    [Fact]
    public void Trajectory_panels_sit_side_by_side_with_their_paths()
    {
        static double Bowl(double x, double y) => x * x + 4 * y * y;
        Series path = new("descent", [-2, -1, -0.5, 0], [1, -0.5, 0.2, 0]);
        TrajectoryPanel panel = new("bowl", Bowl, -3, 3, -2, 2, [path], (0, 0));
        TrajectoryPanel empty = panel with { Title = "no paths", Paths = [] };
        string file = TempFile("paths.png");
        Panels.Trajectories(file, [panel, empty], panelWidth: 400, panelHeight: 300);
        using SKBitmap png = Decoded(file);
        Assert.Equal((800, 300), (png.Width, png.Height));
        Assert.True(ColouredPixels(png, 0, 0, 400, 300) > 200, "the path is not drawn");
        Assert.True(ColouredPixels(png, 400, 0, 400, 300) == 0, "a panel without paths has only gray contours and the black minimum");
        Assert.Throws<ArgumentException>(() => Panels.Trajectories(TempFile("bad.png"), [panel with { XMax = -3 }]));
    }
}
