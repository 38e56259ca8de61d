namespace NetGen.Data;

/// <summary>A labelled data set in memory: features[count, featureSize] row-major and labels[count].</summary>
public sealed class DataSet
{
    /// <summary>Wraps the arrays (no copy); their lengths must agree.</summary>
    public DataSet(float[] features, int[] labels, int featureSize)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(featureSize);
        if ((long)labels.Length * featureSize != features.Length)
        {
            throw new ArgumentException($"features holds {features.Length} floats but {labels.Length} samples of {featureSize} need {(long)labels.Length * featureSize}.", nameof(features));
        }

        Features = features;
        Labels = labels;
        FeatureSize = featureSize;
    }

    /// <summary>features[count, featureSize].</summary>
    public float[] Features { get; }

    /// <summary>labels[count].</summary>
    public int[] Labels { get; }

    /// <summary>Floats per sample.</summary>
    public int FeatureSize { get; }

    /// <summary>Samples.</summary>
    public int Count => Labels.Length;

    /// <summary>The features of sample <paramref name="index"/>.</summary>
    public ReadOnlySpan<float> Sample(int index) => Features.AsSpan(index * FeatureSize, FeatureSize);
}
