namespace NetGen.Data;

/// <summary>
/// Zero-centres and scales features with statistics fitted on the training set only (the course's rule: the test set
/// is transformed with the training set's numbers). One mean and one standard deviation over all features, as
/// torchvision's Normalize((mean,), (std,)) for single-channel images. Per-feature and per-channel statistics, PCA and
/// whitening, and transforms a checkpoint or an ONNX export can hold, are in <see cref="Preprocessing"/> (docs/data.md);
/// <see cref="ToPreprocessor"/> turns this one into such a step.
/// </summary>
public sealed class Standardizer
{
    private Standardizer(float mean, float standardDeviation)
    {
        Mean = mean;
        StandardDeviation = standardDeviation;
    }

    /// <summary>The fitted mean.</summary>
    public float Mean { get; }

    /// <summary>The fitted (population) standard deviation.</summary>
    public float StandardDeviation { get; }

    /// <summary>Fits mean and standard deviation over every value of <paramref name="features"/> (double accumulation).</summary>
    public static Standardizer Fit(ReadOnlySpan<float> features)
    {
        if (features.IsEmpty)
        {
            throw new ArgumentException("cannot fit a standardizer to no data.", nameof(features));
        }

        double sum = 0, sumOfSquares = 0;
        foreach (float v in features)
        {
            sum += v;
            sumOfSquares += (double)v * v;
        }

        double mean = sum / features.Length;
        double variance = Math.Max(sumOfSquares / features.Length - mean * mean, 0);
        double std = Math.Sqrt(variance);
        return new Standardizer((float)mean, std > 0 ? (float)std : 1f);
    }

    /// <summary>
    /// This standardization as a <see cref="Preprocessing.Standardization"/> of <see cref="Preprocessing.StatisticScope.Global"/>
    /// scope over samples of <paramref name="sampleShape"/>, so it can be saved with a network and exported to ONNX.
    /// It divides by the standard deviation (as torchvision and the ONNX export do) where <see cref="Apply"/> multiplies
    /// by its reciprocal, so the two may differ in the last bit.
    /// </summary>
    public Preprocessing.Standardization ToPreprocessor(IReadOnlyList<int> sampleShape) =>
        new(Preprocessing.StatisticScope.Global, Preprocessing.SampleShape.Checked(sampleShape, nameof(sampleShape)), [Mean], [StandardDeviation]);

    /// <summary>x = (x - mean) / std in place.</summary>
    public void Apply(Span<float> features)
    {
        float scale = 1f / StandardDeviation;
        for (int i = 0; i < features.Length; i++)
        {
            features[i] = (features[i] - Mean) * scale;
        }
    }
}
