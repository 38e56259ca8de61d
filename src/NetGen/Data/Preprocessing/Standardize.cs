namespace NetGen.Data.Preprocessing;

/// <summary>
/// Standardization to fit: x′ = (x − μ) / σ with μ and the population σ over <see cref="Scope"/>
/// (<see cref="StatisticScope.PerChannel"/> for [C, H, W] images, as VGG and torchvision's Normalize). A constant group
/// (σ = 0) is only centred.
/// </summary>
public sealed record Standardize(StatisticScope Scope = StatisticScope.PerFeature) : IPreprocessor
{
    /// <inheritdoc />
    public Preprocessor Fit(ReadOnlySpan<float> samples, IReadOnlyList<int> sampleShape)
    {
        int[] shape = SampleShape.Checked(sampleShape, nameof(sampleShape));
        int groups = GroupStatistics.Groups(Scope, shape, "standardization");
        SampleShape.FitCount(samples, SampleShape.Size(shape), "a standardization");
        (float[] mean, float[] std) = GroupStatistics.Fit(samples, SampleShape.Size(shape), groups);
        return new Standardization(Scope, shape, mean, std);
    }
}
