using NetGen.Data;
using NetGen.Randomness;

namespace NetGen.Training;

/// <summary>
/// Shuffled minibatches over a data set: a fresh permutation each epoch from a seeded stream, samples gathered into
/// buffers allocated once. The last batch of an epoch may be smaller.
/// </summary>
public sealed class Minibatches
{
    private readonly DataSet _data;
    private readonly int[] _order;
    private readonly float[] _inputs;
    private readonly int[] _labels;
    private readonly SeededRandom _random;
    private int _next;

    /// <summary>Batches of up to <paramref name="batchSize"/> samples of <paramref name="data"/>.</summary>
    public Minibatches(DataSet data, int batchSize, long seed)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        _data = data;
        BatchSize = batchSize;
        _order = new int[data.Count];
        _inputs = new float[batchSize * data.FeatureSize];
        _labels = new int[batchSize];
        _random = new SeededRandom(seed);
        _next = data.Count;
    }

    /// <summary>Samples per full batch.</summary>
    public int BatchSize { get; }

    /// <summary>Batches in one epoch.</summary>
    public int BatchesPerEpoch => (_data.Count + BatchSize - 1) / BatchSize;

    /// <summary>Starts an epoch: a new permutation of the samples.</summary>
    public void Shuffle()
    {
        for (int i = 0; i < _order.Length; i++)
        {
            _order[i] = i;
        }

        _random.Shuffle(_order);
        _next = 0;
    }

    /// <summary>The next batch of this epoch, or false when the epoch is done. The spans stay valid until the next call.</summary>
    public bool TryNext(out ReadOnlySpan<float> inputs, out ReadOnlySpan<int> labels)
    {
        int count = Math.Min(BatchSize, _order.Length - _next);
        if (count <= 0)
        {
            inputs = default;
            labels = default;
            return false;
        }

        int featureSize = _data.FeatureSize;
        for (int i = 0; i < count; i++)
        {
            int sample = _order[_next + i];
            _data.Sample(sample).CopyTo(_inputs.AsSpan(i * featureSize, featureSize));
            _labels[i] = _data.Labels[sample];
        }

        _next += count;
        inputs = _inputs.AsSpan(0, count * featureSize);
        labels = _labels.AsSpan(0, count);
        return true;
    }
}
