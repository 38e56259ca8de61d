using NetGen.Data;
using NetGen.Randomness;

namespace NetGen.Training;

/// <summary>
/// Shuffled minibatches over a data set: a fresh permutation each epoch from a seeded stream, samples gathered into
/// buffers allocated once. The last batch of an epoch may be smaller. A labelled set is read with the labels overload
/// of <c>TryNext</c>, a set with targets with the targets overload (the other throws <see cref="InvalidOperationException"/>).
/// </summary>
public sealed class Minibatches : IBatchSource
{
    private readonly DataSet _data;
    private readonly int[] _order;
    private readonly float[] _inputs;
    private readonly int[]? _labels;
    private readonly int[]? _labelBuffer;
    private readonly float[]? _targets;
    private readonly float[]? _targetBuffer;
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
        if (data.HasTargets)
        {
            _targets = data.Targets;
            _targetBuffer = new float[batchSize * data.TargetSize];
        }
        else
        {
            _labels = data.Labels;
            _labelBuffer = new int[batchSize];
        }

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
        int[] buffer = _labelBuffer ?? throw new InvalidOperationException("the data set holds float targets; read its batches with the targets overload of TryNext.");
        int count = Gather(out inputs);
        for (int i = 0; i < count; i++)
        {
            buffer[i] = _labels![_order[_next + i]];
        }

        _next += count;
        labels = buffer.AsSpan(0, count);
        return count > 0;
    }

    /// <summary>As the labels overload, for a set with targets: targets[batch, TargetSize].</summary>
    public bool TryNext(out ReadOnlySpan<float> inputs, out ReadOnlySpan<float> targets)
    {
        float[] buffer = _targetBuffer ?? throw new InvalidOperationException("the data set holds integer labels; read its batches with the labels overload of TryNext.");
        int count = Gather(out inputs);
        int targetSize = _data.TargetSize;
        for (int i = 0; i < count; i++)
        {
            _targets.AsSpan(_order[_next + i] * targetSize, targetSize).CopyTo(buffer.AsSpan(i * targetSize, targetSize));
        }

        _next += count;
        targets = buffer.AsSpan(0, count * targetSize);
        return count > 0;
    }

    private int Gather(out ReadOnlySpan<float> inputs)
    {
        int count = Math.Max(0, Math.Min(BatchSize, _order.Length - _next));
        int featureSize = _data.FeatureSize;
        for (int i = 0; i < count; i++)
        {
            _data.Sample(_order[_next + i]).CopyTo(_inputs.AsSpan(i * featureSize, featureSize));
        }

        inputs = _inputs.AsSpan(0, count * featureSize);
        return count;
    }
}
