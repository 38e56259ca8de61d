namespace NetGen;

/// <summary>
/// A view of one layer of a generated network: its name, shapes and the slices of the network's
/// <c>Parameters</c> that hold its weight and bias. Writing through <see cref="Weight"/> changes the network.
/// </summary>
public sealed class Layer
{
    private readonly float[] _parameters;
    private readonly int[] _weightShape;

    /// <summary>Called by generated code; offsets index the network's single parameter array.</summary>
    public Layer(string name, string description, int inputSize, int outputSize, float[] parameters, int weightOffset, int[] weightShape, int biasOffset, int biasLength)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(weightShape);
        Name = name;
        Description = description;
        InputSize = inputSize;
        OutputSize = outputSize;
        _parameters = parameters;
        _weightShape = weightShape;
        WeightOffset = weightOffset;
        WeightLength = 1;
        foreach (int dimension in weightShape)
        {
            WeightLength *= dimension;
        }

        BiasOffset = biasOffset;
        BiasLength = biasLength;
    }

    /// <summary>The property name in the network class.</summary>
    public string Name { get; }

    /// <summary>The layer's ops as declared, e.g. <c>Dense(256) → ReLU</c>.</summary>
    public string Description { get; }

    /// <summary>Floats per sample in.</summary>
    public int InputSize { get; }

    /// <summary>Floats per sample out.</summary>
    public int OutputSize { get; }

    /// <summary>The weight's dimensions, PyTorch's layout (Dense: [out, in]).</summary>
    public IReadOnlyList<int> WeightShape => _weightShape;

    /// <summary>Where the weight starts in the network's <c>Parameters</c>.</summary>
    public int WeightOffset { get; }

    /// <summary>Floats in the weight.</summary>
    public int WeightLength { get; }

    /// <summary>Where the bias starts in the network's <c>Parameters</c> (just after the weight).</summary>
    public int BiasOffset { get; }

    /// <summary>Floats in the bias (0 with <c>UseBias = false</c>).</summary>
    public int BiasLength { get; }

    /// <summary>The weight, row-major in <see cref="WeightShape"/>.</summary>
    public Span<float> Weight => _parameters.AsSpan(WeightOffset, WeightLength);

    /// <summary>The bias, one per output unit; empty without bias.</summary>
    public Span<float> Bias => _parameters.AsSpan(BiasOffset, BiasLength);

    /// <inheritdoc/>
    public override string ToString() => $"{Name}: {Description} ({InputSize} → {OutputSize})";
}
