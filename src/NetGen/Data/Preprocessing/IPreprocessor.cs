namespace NetGen.Data.Preprocessing;

/// <summary>
/// What to fit (a step such as <see cref="Standardize"/>, <see cref="SubtractMean"/>, <see cref="PrincipalComponents"/>
/// or <see cref="Whiten"/>): <see cref="Fit"/> computes its statistics on the training set only and returns the fitted
/// <see cref="Preprocessor"/>, which then transforms the training, validation and test sets alike (docs/data.md).
/// </summary>
public interface IPreprocessor
{
    /// <summary>
    /// Fits on samples[count, size] (size = the product of <paramref name="sampleShape"/>: [features], or [C, H, W] for
    /// images, channel-major as <c>Predict</c> reads them).
    /// </summary>
    /// <exception cref="ArgumentException">No samples, a length that is not a whole number of samples, a shape this
    /// step cannot take (per channel needs [C, H, W]) or a non-finite value.</exception>
    Preprocessor Fit(ReadOnlySpan<float> samples, IReadOnlyList<int> sampleShape);
}

/// <summary>Fitting on a <see cref="DataSet"/>.</summary>
public static class PreprocessorFitting
{
    /// <summary>
    /// Fits <paramref name="step"/> on <paramref name="train"/>'s features; <paramref name="sampleShape"/> defaults to
    /// [FeatureSize] and must hold FeatureSize values (pass the network's <c>Architecture.InputShape</c> for images).
    /// </summary>
    public static Preprocessor Fit(this IPreprocessor step, DataSet train, IReadOnlyList<int>? sampleShape = null)
    {
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(train);
        return step.Fit(train.Features, SampleShape.For(train, sampleShape));
    }
}
