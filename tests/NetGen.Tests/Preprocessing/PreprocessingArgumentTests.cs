using NetGen.Data;
using NetGen.Data.Preprocessing;
using NetGen.Testing;

namespace NetGen.Tests;

/// <summary>Bad input is an ArgumentException saying what was wrong and what was expected.</summary>
public class PreprocessingArgumentTests
{
    private static readonly float[] Samples = PreprocessingData.Correlated(100, 6, seed: 2);

    public static TheoryData<string> Steps() => ["standardize", "subtract", "pca", "zca", "pca-white"];

    private static IPreprocessor Step(string name) => name switch
    {
        "standardize" => new Standardize(),
        "subtract" => new SubtractMean(),
        "pca" => new PrincipalComponents(3),
        "zca" => new Whiten(WhiteningKind.Zca),
        _ => new Whiten(WhiteningKind.Pca, 1e-3f, components: 2),
    };

    [Theory]
    [MemberData(nameof(Steps))]
    public void Fitting_on_no_data_or_a_partial_sample_or_a_non_finite_value_is_refused(string name)
    {
        ArgumentException empty = Assert.ThrowsAny<ArgumentException>(() => Step(name).Fit([], [6]));
        Assert.Contains("no data", empty.Message);
        ArgumentException partial = Assert.ThrowsAny<ArgumentException>(() => Step(name).Fit(Samples.AsSpan(0, 10), [6]));
        Assert.Contains("not a whole number of samples of 6", partial.Message);
        float[] bad = [.. Samples];
        bad[7] = float.NaN;
        Assert.Contains("samples[7] is NaN", Assert.ThrowsAny<ArgumentException>(() => Step(name).Fit(bad, [6])).Message);
        Assert.Contains("at least one dimension", Assert.ThrowsAny<ArgumentException>(() => Step(name).Fit(Samples, [6, 0])).Message);
    }

    [Theory]
    [MemberData(nameof(Steps))]
    public void Applying_to_a_batch_of_the_wrong_length_is_refused(string name)
    {
        Preprocessor p = Step(name).Fit(Samples, [6]);
        ArgumentException source = Assert.ThrowsAny<ArgumentException>(() => p.Apply(new float[13], new float[2 * p.OutputSize]));
        Assert.Equal("source", source.ParamName);
        Assert.Contains("not a whole number of samples of 6", source.Message);
        ArgumentException destination = Assert.ThrowsAny<ArgumentException>(() => p.Apply(new float[12], new float[2 * p.OutputSize + 1]));
        Assert.Equal("destination", destination.ParamName);
        Assert.Contains($"need {2 * p.OutputSize}", destination.Message);
    }

    [Fact]
    public void A_destination_that_overlaps_the_source_without_being_it_is_refused()
    {
        var pca = (Pca)new PrincipalComponents(3).Fit(Samples, [6]);
        var buffer = new float[30];
        ArgumentException e = Assert.ThrowsAny<ArgumentException>(() => pca.Apply(buffer.AsSpan(0, 12), buffer.AsSpan(3, 6)));
        Assert.Contains("overlaps source at offset", e.Message);
        Assert.ThrowsAny<ArgumentException>(() => pca.InverseTransform(buffer.AsSpan(0, 6), buffer.AsSpan(0, 12)));
        Assert.Contains("2 rows of 3 coordinates need 12", Assert.ThrowsAny<ArgumentException>(() => pca.InverseTransform(new float[6], new float[7])).Message);
    }

    [Fact]
    public void Components_out_of_range_and_epsilon_not_above_zero_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new PrincipalComponents(0));
        ArgumentOutOfRangeException tooMany = Assert.Throws<ArgumentOutOfRangeException>(() => new PrincipalComponents(7).Fit(Samples, [6]));
        Assert.Contains("1 to 6 components", tooMany.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new Whiten(WhiteningKind.Zca, components: 7).Fit(Samples, [6]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Whiten(WhiteningKind.Zca, components: 0));
        foreach (float epsilon in new[] { 0f, -1e-5f, float.NaN, float.PositiveInfinity })
        {
            ArgumentOutOfRangeException e = Assert.Throws<ArgumentOutOfRangeException>(() => new Whiten(WhiteningKind.Pca, epsilon));
            Assert.Contains("finite number > 0", e.Message);
        }
    }

    [Fact]
    public void Per_channel_needs_images_and_a_shape_must_fit_the_data_set()
    {
        ArgumentException flat = Assert.ThrowsAny<ArgumentException>(() => new Standardize(StatisticScope.PerChannel).Fit(Samples, [6]));
        Assert.Contains("needs [C, H, W] samples", flat.Message);
        var set = new DataSet([.. Samples], new int[100], 6);
        ArgumentException shape = Assert.ThrowsAny<ArgumentException>(() => new Standardize().Fit(set, [2, 2, 2]));
        Assert.Contains("holds 8 values, but the data set's samples have 6", shape.Message);
    }

    [Fact]
    public void A_pca_that_shrinks_the_sample_cannot_work_in_place_and_whitening_names_parse()
    {
        Preprocessor pca = new PrincipalComponents(3).Fit(Samples, [6]);
        InvalidOperationException e = Assert.Throws<InvalidOperationException>(() => pca.Apply(new float[12]));
        Assert.Contains("maps 6 floats per sample to 3", e.Message);
        Assert.Equal(WhiteningKind.Zca, Whiten.Parse("ZCA").Kind);
        Assert.Equal(WhiteningKind.Pca, Whiten.Parse("pca", 0.1f).Kind);
        Assert.Contains("expected 'pca' or 'zca'", Assert.Throws<ArgumentException>(() => Whiten.Parse("pcb")).Message);
    }

    [Fact]
    public void A_pipeline_of_steps_that_disagree_on_the_sample_size_is_refused()
    {
        Preprocessor pca = new PrincipalComponents(3).Fit(Samples, [6]);
        Preprocessor standardize = new Standardize().Fit(Samples, [6]);
        ArgumentException e = Assert.ThrowsAny<ArgumentException>(() => new PreprocessingPipeline(pca, standardize));
        Assert.Contains("takes 6 values per sample, but step 0", e.Message);
        Assert.ThrowsAny<ArgumentException>(() => new PreprocessingPipeline());
    }
}

/// <summary>Apply allocates nothing per call, for every step and a pipeline, in place and into another buffer.</summary>
[Collection(Allocations.Collection)]
public class PreprocessingAllocationTests
{
    [Fact]
    public void Apply_never_allocates()
    {
        float[] samples = PreprocessingData.Correlated(300, 12, seed: 3);
        int[] shape = [3, 2, 2];
        var set = new DataSet(samples, new int[300], 12);
        Preprocessor[] steps =
        [
            new Standardize(StatisticScope.PerChannel).Fit(samples, shape),
            new Standardize(StatisticScope.Global).Fit(samples, shape),
            new SubtractMean().Fit(samples, shape),
            new PrincipalComponents(5).Fit(samples, shape),
            new Whiten(WhiteningKind.Zca).Fit(samples, shape),
            new Whiten(WhiteningKind.Pca, components: 4).Fit(samples, shape),
            PreprocessingPipeline.Fit(set, shape, new Standardize(StatisticScope.PerChannel), new Whiten(WhiteningKind.Pca, components: 6), new Standardize()),
        ];
        float[] batch = samples[..(100 * 12)];
        foreach (Preprocessor step in steps)
        {
            var output = new float[100 * step.OutputSize];
            Assert.Equal(0, Allocations.PerCall(() => step.Apply(batch, output)));
            if (step.OutputSize == step.InputSize)
            {
                float[] copy = [.. batch];
                Assert.Equal(0, Allocations.PerCall(() => step.Apply(copy)));
            }

            if (step is Pca pca)
            {
                var back = new float[batch.Length];
                Assert.Equal(0, Allocations.PerCall(() => pca.InverseTransform(output, back)));
            }
        }
    }
}
