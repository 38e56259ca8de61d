namespace NetGen.Training;

/// <summary>
/// What a training pass (<see cref="INetwork.ComputeGradients(ReadOnlySpan{float}, ReadOnlySpan{int}, Span{float})"/>)
/// moves besides its outputs: the <see cref="INetwork.Position"/> (dropout stream, BatchNorm's batch count) and every
/// layer's BatchNorm running mean and variance. <see cref="Save"/> copies them into buffers allocated once by the
/// constructor and <see cref="Restore"/> puts them back, so a pass can be repeated with the same dropout masks and leave
/// the network as it was. Parameters and optimizer state are not touched by ComputeGradients and not saved here.
/// </summary>
internal sealed class TrainingPassState
{
    private readonly INetwork _network;
    private readonly float[][] _means, _variances;
    private TrainingPosition _position;

    public TrainingPassState(INetwork network)
    {
        ArgumentNullException.ThrowIfNull(network);
        _network = network;
        IReadOnlyList<Layer> layers = network.Layers;
        _means = new float[layers.Count][];
        _variances = new float[layers.Count][];
        for (int i = 0; i < layers.Count; i++)
        {
            _means[i] = new float[layers[i].RunningMean.Length];
            _variances[i] = new float[layers[i].RunningVariance.Length];
        }
    }

    /// <summary>Copies the position and running statistics in (no allocation).</summary>
    public void Save()
    {
        _position = _network.Position;
        IReadOnlyList<Layer> layers = _network.Layers;
        for (int i = 0; i < _means.Length; i++)
        {
            layers[i].RunningMean.CopyTo(_means[i]);
            layers[i].RunningVariance.CopyTo(_variances[i]);
        }
    }

    /// <summary>Puts back what <see cref="Save"/> copied (no allocation).</summary>
    public void Restore()
    {
        IReadOnlyList<Layer> layers = _network.Layers;
        for (int i = 0; i < _means.Length; i++)
        {
            _means[i].CopyTo(layers[i].RunningMean);
            _variances[i].CopyTo(layers[i].RunningVariance);
        }

        _network.Position = _position;
    }

    /// <summary>Puts back the running statistics only, keeping the position as it is now.</summary>
    public void RestoreRunningStatistics()
    {
        IReadOnlyList<Layer> layers = _network.Layers;
        for (int i = 0; i < _means.Length; i++)
        {
            _means[i].CopyTo(layers[i].RunningMean);
            _variances[i].CopyTo(layers[i].RunningVariance);
        }
    }
}
