namespace NetGen.Data.Preprocessing;

/// <summary>The argument checks every preprocessing step shares: sample shapes, sample counts, batch lengths.</summary>
internal static class SampleShape
{
    /// <summary>A copy of <paramref name="shape"/> after checking every dimension is ≥ 1.</summary>
    public static int[] Checked(IReadOnlyList<int> shape, string name)
    {
        ArgumentNullException.ThrowIfNull(shape, name);
        if (shape.Count == 0 || shape.Any(d => d < 1))
        {
            throw new ArgumentException($"the sample shape [{Text(shape)}] must have at least one dimension, each ≥ 1.", name);
        }

        return [.. shape];
    }

    /// <summary>The shape of <paramref name="train"/>'s samples: <paramref name="shape"/>, or [FeatureSize] when null.</summary>
    public static IReadOnlyList<int> For(DataSet train, IReadOnlyList<int>? shape)
    {
        if (shape is null)
        {
            return [train.FeatureSize];
        }

        if (Size(Checked(shape, nameof(shape))) != train.FeatureSize)
        {
            throw new ArgumentException($"the sample shape [{Text(shape)}] holds {Size(shape)} values, but the data set's samples have {train.FeatureSize}.", nameof(shape));
        }

        return shape;
    }

    public static int Size(IReadOnlyList<int> shape) => shape.Aggregate(1, (p, d) => checked(p * d));

    /// <summary>The number of samples in <paramref name="samples"/> for a fit: at least one, whole, all finite.</summary>
    public static int FitCount(ReadOnlySpan<float> samples, int size, string step)
    {
        if (samples.IsEmpty)
        {
            throw new ArgumentException($"cannot fit {step} to no data: pass the training set's samples.", nameof(samples));
        }

        if (samples.Length % size != 0)
        {
            throw new ArgumentException($"samples holds {samples.Length} floats, not a whole number of samples of {size}.", nameof(samples));
        }

        int bad = Runtime.Finite.IndexOfNonFinite(samples);
        if (bad >= 0)
        {
            throw new ArgumentException($"samples[{bad}] is {samples[bad]}; {step} is fitted on finite data only.", nameof(samples));
        }

        return samples.Length / size;
    }

    /// <summary>The rows in a batch of <paramref name="length"/> floats of rows of <paramref name="size"/>.</summary>
    public static int Rows(int length, int size, string name)
    {
        if (length % size != 0)
        {
            throw new ArgumentException($"{name} holds {length} floats, not a whole number of samples of {size}.", name);
        }

        return length / size;
    }

    /// <summary>Refuses a destination that overlaps the source without being the same span (a chunked transform would read rows it already overwrote).</summary>
    public static void Distinct(ReadOnlySpan<float> source, Span<float> destination)
    {
        if (source.Overlaps(destination, out int offset) && (offset != 0 || source.Length != destination.Length))
        {
            throw new ArgumentException($"destination overlaps source at offset {offset} without being the same span; pass the same span (in place) or separate buffers.", nameof(destination));
        }
    }

    public static string Text(IEnumerable<int> shape) => string.Join(", ", shape);
}
