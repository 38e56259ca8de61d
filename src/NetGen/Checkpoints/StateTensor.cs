namespace NetGen;

/// <summary>What a state tensor is to training, as torch splits a model's state.</summary>
public enum StateTensorKind
{
    /// <summary>A learned parameter (torch.nn.Parameter): a weight, bias, norm γ or β, WeightNorm g, PReLU slopes.</summary>
    Parameter,

    /// <summary>A module buffer: BatchNorm's running_mean, running_var and num_batches_tracked.</summary>
    Buffer,

    /// <summary>Optimizer state of one parameter ("optimizer.&lt;parameter&gt;.&lt;state name&gt;").</summary>
    Optimizer,
}

/// <summary>
/// One named tensor of a network's state: PyTorch's state_dict key, its shape, what it is and its element type
/// ("F32", or "I64" for num_batches_tracked), as a checkpoint stores it.
/// </summary>
public sealed record StateTensor(string Name, IReadOnlyList<int> Shape, StateTensorKind Kind, string DType)
{
    /// <summary>Elements in the tensor (1 for a scalar, whose shape is empty).</summary>
    public int Length => Shape.Aggregate(1, (product, d) => product * d);

    // Where the floats live: Parameters, a layer's running statistics, or an optimizer buffer, from Offset.
    internal StateSource Source { get; init; }

    internal int Layer { get; init; }

    internal int Buffer { get; init; }

    internal int Offset { get; init; }

    /// <summary>The tensor's floats in <paramref name="network"/> (writable); empty for the I64 batch count.</summary>
    internal Span<float> Floats(INetwork network) => Source switch
    {
        StateSource.Parameters => network.Parameters.Slice(Offset, Length),
        StateSource.RunningMean => network.Layers[Layer].RunningMean,
        StateSource.RunningVariance => network.Layers[Layer].RunningVariance,
        StateSource.Optimizer => network.OptimizerState[Buffer].Values.Span.Slice(Offset, Length),
        _ => [],
    };
}

internal enum StateSource
{
    Parameters,
    RunningMean,
    RunningVariance,
    Optimizer,
    BatchNormBatches,
}
