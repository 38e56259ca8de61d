using NetGen.Samples.InitStudy;
using SkiaSharp;

namespace NetGen.Tests;

/// <summary>
/// The InitStudy sample reproduces every effect the course shows (the same checks the sample prints) and draws them as
/// one PNG with a histogram cell per row and layer.
/// </summary>
public class InitStudyTests
{
    [Fact]
    public void The_course_effects_show_in_the_measured_statistics()
    {
        var results = new Dictionary<(string, Scheme), IReadOnlyList<LayerStatistics>>();
        IReadOnlyList<LayerStatistics> Results(string activation, Scheme scheme)
        {
            if (!results.TryGetValue((activation, scheme), out var layers))
            {
                layers = Study.Run(activation, scheme, seed: 1);
                results[(activation, scheme)] = layers;
            }

            return layers;
        }

        var effects = CourseEffects.Check(Results).ToList();
        Assert.Equal(6, effects.Count);
        Assert.All(effects, e => Assert.True(e.Shown, e.Effect));
        Assert.All(Results("tanh", Scheme.SmallGaussian), s => Assert.Equal(LayerStatistics.Bins, s.Histogram.Length));
    }

    [Fact]
    public void The_figure_is_a_png_with_a_histogram_in_every_cell()
    {
        var rows = new List<(string, IReadOnlyList<LayerStatistics>)>
        {
            ("tanh Xavier", Study.Run("tanh", Scheme.Xavier, seed: 1)),
            ("relu He", Study.Run("relu", Scheme.He, seed: 1)),
        };
        string path = Path.Combine(Directory.CreateTempSubdirectory("netgen-initstudy-").FullName, "figure", "init-study.png");
        HistogramFigure.Write(path, rows);

        using SKBitmap png = Png.Decode(path);
        Assert.Equal((10 * 180, 2 * 140), (png.Width, png.Height)); // ten layers across, a row per (activation, scheme)
        for (int cell = 0; cell < 20; cell++)
        {
            Assert.True(Png.ColouredPixels(png, (cell % 10) * 180, (cell / 10) * 140, 180, 140) > 500, $"cell {cell} has no bars");
        }
    }
}
