namespace NetGen.Graph;

/// <summary>
/// A batch of samples, x[Batch, Shape]: the unit the interpreter passes between ops. The batch is set per call (any
/// size); storage grows when a larger batch arrives and is kept otherwise, the way a caching allocator keeps blocks,
/// so a steady training loop does not allocate. A tensor can also view another's storage under a different shape
/// (Flatten, inference Dropout).
/// </summary>
public sealed class Tensor
{
    private float[] _storage;

    /// <summary>An empty tensor of one sample shape; <see cref="Resize"/> gives it a batch.</summary>
    public Tensor(SampleShape shape)
    {
        Shape = shape;
        _storage = [];
    }

    /// <summary>The shape of one sample.</summary>
    public SampleShape Shape { get; private set; }

    /// <summary>Samples held.</summary>
    public int Batch { get; private set; }

    /// <summary>Batch × Shape.Size floats, sample after sample.</summary>
    public int Length => Batch * Shape.Size;

    /// <summary>The values, x[Batch, Shape] row-major.</summary>
    public Span<float> Span => _storage.AsSpan(0, Length);

    /// <summary>Sets the batch, growing storage if it is too small (values are then unspecified).</summary>
    public Tensor Resize(int batch)
    {
        int needed = batch * Shape.Size;
        if (_storage.Length < needed)
        {
            _storage = new float[needed];
        }

        Batch = batch;
        return this;
    }

    /// <summary>Makes this tensor a view of <paramref name="source"/>'s values, under this tensor's shape.</summary>
    public Tensor View(Tensor source)
    {
        if (source.Shape.Size != Shape.Size)
        {
            throw new ArgumentException($"a {source.Shape} sample cannot be viewed as {Shape}: {source.Shape.Size} values, {Shape.Size} expected.", nameof(source));
        }

        _storage = source._storage;
        Batch = source.Batch;
        return this;
    }

    /// <summary>Copies <paramref name="values"/> in as a batch of <paramref name="batch"/> samples.</summary>
    public Tensor CopyFrom(ReadOnlySpan<float> values, int batch)
    {
        Resize(batch);
        values.Slice(0, Length).CopyTo(Span);
        return this;
    }
}
