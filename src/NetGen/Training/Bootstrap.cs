using NetGen.Data;
using NetGen.Randomness;

namespace NetGen.Training;

/// <summary>Bootstrap resampling of a data set, for bagging (<see cref="Ensemble.Bagged"/>).</summary>
public static class Bootstrap
{
    /// <summary>
    /// <paramref name="count"/> samples (default: as many as <paramref name="data"/> has) drawn uniformly with replacement,
    /// from a stream seeded with <paramref name="seed"/>, into new arrays: a new <see cref="DataSet"/> that shares nothing
    /// with the original. About 63% of the distinct samples appear in a full-size resample (1 − 1/e).
    /// </summary>
    public static DataSet Resample(DataSet data, long seed, int? count = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        int n = count ?? data.Count;
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        if (n > 0 && data.Count == 0)
        {
            throw new ArgumentException("cannot resample an empty data set.", nameof(data));
        }

        var random = new SeededRandom(seed);
        int size = data.FeatureSize;
        var features = new float[(long)n * size];
        var labels = new int[n];
        for (int i = 0; i < n; i++)
        {
            int source = random.NextInt(data.Count);
            data.Sample(source).CopyTo(features.AsSpan(i * size, size));
            labels[i] = data.Labels[source];
        }

        return new DataSet(features, labels, size);
    }
}
