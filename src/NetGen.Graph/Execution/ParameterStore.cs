namespace NetGen.Graph;

/// <summary>What a parameter tensor is to the regularizers: a weight (decayed and L1-penalized with DecayWeightsOnly) or another learned tensor.</summary>
public enum ParameterRole
{
    /// <summary>A Dense or Conv2D weight (WeightNorm's direction v).</summary>
    Weight,

    /// <summary>Biases, norm γ and β, WeightNorm's g, PReLU slopes.</summary>
    Other,
}

/// <summary>One learned tensor: where it sits in the flat parameter array, and its role.</summary>
public sealed record ParameterTensor(string Name, int Offset, int Length, ParameterRole Role);

/// <summary>
/// Every learned value in one flat array, in the generated code's layout (layers in order; per layer weight, bias,
/// norm γ and β or WeightNorm's g, PReLU slopes), so parameters copy between a generated and an interpreted network.
/// Ops claim their tensors in order while the network is built.
/// </summary>
public sealed class ParameterStore
{
    private readonly List<ParameterTensor> _tensors = [];
    private float[] _values = [];

    /// <summary>The tensors in layout order.</summary>
    public IReadOnlyList<ParameterTensor> Tensors => _tensors;

    /// <summary>Floats in all tensors.</summary>
    public int Count { get; private set; }

    /// <summary>The values (allocated by <see cref="Seal"/>).</summary>
    public float[] Values => _values;

    /// <summary>Claims the next <paramref name="length"/> floats.</summary>
    public ParameterTensor Claim(string name, int length, ParameterRole role)
    {
        if (_values.Length > 0)
        {
            throw new InvalidOperationException("the parameter layout is sealed once the network is built");
        }

        var tensor = new ParameterTensor(name, Count, length, role);
        _tensors.Add(tensor);
        Count += length;
        return tensor;
    }

    /// <summary>Allocates the values once every op has claimed its tensors.</summary>
    public void Seal() => _values = new float[Count];

    /// <summary>A tensor's values.</summary>
    public Span<float> this[ParameterTensor tensor] => _values.AsSpan(tensor.Offset, tensor.Length);
}
