using Google.Protobuf;
using Onnx;

namespace NetGen;

/// <summary>
/// Builds one ONNX graph: nodes, float and int64 initializers, and unique value names (a name asked for twice gets a
/// numeric suffix, so every value and node is named once).
/// </summary>
internal sealed class OnnxGraphBuilder
{
    private readonly HashSet<string> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _nodes = new(StringComparer.Ordinal);

    public OnnxGraphBuilder(string name) => Graph = new GraphProto { Name = name };

    public GraphProto Graph { get; }

    /// <summary>Reserves <paramref name="name"/> as a value name (or a variant of it when taken) and returns it.</summary>
    public string Value(string name) => Unique(_values, name);

    /// <summary>A float initializer of <paramref name="dims"/> holding <paramref name="data"/>.</summary>
    public string Initializer(string name, ReadOnlySpan<float> data, params long[] dims)
    {
        long count = dims.Aggregate(1L, (p, d) => p * d);
        if (count != data.Length)
        {
            throw new InvalidOperationException($"The tensor '{name}' holds {data.Length} floats but its shape [{string.Join(", ", dims)}] takes {count}.");
        }

        string unique = Value(name);
        var tensor = new TensorProto { Name = unique, DataType = (int)TensorProto.Types.DataType.Float };
        tensor.Dims.AddRange(dims);
        // raw_data: little-endian IEEE 754, as ONNX stores floats.
        byte[] bytes = new byte[data.Length * sizeof(float)];
        for (int i = 0; i < data.Length; i++)
        {
            BitConverter.TryWriteBytes(bytes.AsSpan(i * sizeof(float)), data[i]);
        }

        if (!BitConverter.IsLittleEndian)
        {
            for (int i = 0; i < bytes.Length; i += 4)
            {
                Array.Reverse(bytes, i, 4);
            }
        }

        tensor.RawData = ByteString.CopyFrom(bytes);
        Graph.Initializer.Add(tensor);
        return unique;
    }

    /// <summary>A float scalar initializer (shape []).</summary>
    public string Scalar(string name, float value) => Initializer(name, [value]);

    /// <summary>An int64 initializer of shape [values.Length], as Reshape's shape input.</summary>
    public string Int64s(string name, params long[] values)
    {
        string unique = Value(name);
        var tensor = new TensorProto { Name = unique, DataType = (int)TensorProto.Types.DataType.Int64 };
        tensor.Dims.Add(values.Length);
        tensor.Int64Data.AddRange(values);
        Graph.Initializer.Add(tensor);
        return unique;
    }

    /// <summary>
    /// A node of <paramref name="opType"/> named <paramref name="name"/> (made unique) reading <paramref name="inputs"/>,
    /// with one output named after the node; returns the output's name.
    /// </summary>
    public string Node(string opType, string name, IEnumerable<string> inputs, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = opType, Name = Unique(_nodes, name) };
        node.Input.AddRange(inputs);
        node.Output.Add(Value(node.Name));
        node.Attribute.AddRange(attributes);
        Graph.Node.Add(node);
        return node.Output[0];
    }

    /// <summary>Renames the graph's last value <paramref name="current"/> to <paramref name="output"/> (an Identity when no node made it).</summary>
    public void NameOutput(string current, string output)
    {
        NodeProto? last = Graph.Node.Count > 0 ? Graph.Node[^1] : null;
        if (last is not null && last.Output[0] == current && _values.Add(output))
        {
            last.Output[0] = output;
            return;
        }

        var identity = new NodeProto { OpType = "Identity", Name = Unique(_nodes, output) };
        identity.Input.Add(current);
        identity.Output.Add(output);
        _values.Add(output);
        Graph.Node.Add(identity);
    }

    public static AttributeProto Int(string name, long value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    public static AttributeProto Float(string name, float value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };

    public static AttributeProto Attribute(string name, string value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.String, S = ByteString.CopyFromUtf8(value) };

    public static AttributeProto Ints(string name, params long[] values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.AddRange(values);
        return attribute;
    }

    /// <summary>A float tensor value: [N, dims...] with the batch dimension symbolic ("N").</summary>
    public static ValueInfoProto BatchedFloat(string name, IEnumerable<int> sampleShape)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = "N" });
        foreach (int d in sampleShape)
        {
            shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = d });
        }

        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape } },
        };
    }

    private static string Unique(HashSet<string> taken, string name)
    {
        if (taken.Add(name))
        {
            return name;
        }

        for (int i = 1; ; i++)
        {
            string candidate = $"{name}_{i}";
            if (taken.Add(candidate))
            {
                return candidate;
            }
        }
    }
}
