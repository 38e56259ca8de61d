using NetGen.Samples.InitStudy;

namespace NetGen.Tests;

/// <summary>The InitStudy sample reproduces every effect the course shows (the same checks the sample prints).</summary>
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
}
