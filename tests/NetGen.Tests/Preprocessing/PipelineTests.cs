using NetGen.Data;
using NetGen.Data.Preprocessing;

namespace NetGen.Tests;

/// <summary>A pipeline fits each step on what the steps before it leave, and applies them in order.</summary>
public class PipelineTests
{
    [Fact]
    public void A_fitted_pipeline_equals_its_steps_fitted_and_applied_one_after_another()
    {
        float[] samples = PreprocessingData.Correlated(500, 12, seed: 9);
        var train = new DataSet(samples, new int[500], 12);
        int[] shape = [3, 2, 2];
        PreprocessingPipeline pipeline = PreprocessingPipeline.Fit(train, shape, new Standardize(StatisticScope.PerChannel), new PrincipalComponents(5), new Standardize());
        Assert.Equal(3, pipeline.Steps.Count);
        Assert.Equal(shape, pipeline.InputShape);
        Assert.Equal([5], pipeline.OutputShape);

        Preprocessor first = new Standardize(StatisticScope.PerChannel).Fit(samples, shape);
        DataSet standardized = first.Apply(train);
        Preprocessor second = new PrincipalComponents(5).Fit(standardized.Features, [12]);
        DataSet projected = second.Apply(standardized);
        Preprocessor third = new Standardize().Fit(projected.Features, [5]);
        DataSet expected = third.Apply(projected);

        Assert.Equal(((Pca)second).Components.ToArray(), ((Pca)pipeline.Steps[1]).Components.ToArray());
        Assert.Equal(expected.Features, pipeline.Apply(train).Features);
        Assert.Equal(train.Features, samples); // fitting changed nothing
    }
}
