namespace NetGen.Data.Preprocessing;

/// <summary>
/// Mean subtraction to fit: x′ = x − μ over <see cref="Scope"/>, no scaling. PerFeature on images subtracts the mean
/// image (AlexNet); PerChannel the mean of each channel (VGG's mean RGB).
/// </summary>
public sealed record SubtractMean(StatisticScope Scope = StatisticScope.PerFeature) : IPreprocessor
{
    /// <inheritdoc />
    public Preprocessor Fit(ReadOnlySpan<float> samples, IReadOnlyList<int> sampleShape)
    {
        int[] shape = SampleShape.Checked(sampleShape, nameof(sampleShape));
        int groups = GroupStatistics.Groups(Scope, shape, "mean subtraction");
        SampleShape.FitCount(samples, SampleShape.Size(shape), "a mean subtraction");
        (float[] mean, _) = GroupStatistics.Fit(samples, SampleShape.Size(shape), groups);
        return new MeanSubtraction(Scope, shape, mean);
    }
}
