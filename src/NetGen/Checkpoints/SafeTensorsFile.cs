using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace NetGen;

/// <summary>One tensor of a safetensors file: its dtype, shape and bytes [Begin, End) of the data section.</summary>
internal sealed record SafeTensorEntry(string Name, string DType, long[] Shape, long Begin, long End)
{
    public long Elements => Shape.Aggregate(1L, (product, d) => product * d);
}

/// <summary>
/// The safetensors format (as the safetensors library defines it): an unsigned little-endian 64-bit header length N,
/// N bytes of UTF-8 JSON mapping each tensor name to {"dtype", "shape", "data_offsets": [begin, end]} plus an optional
/// "__metadata__" object of strings, then the data section, which the offsets (relative to its start) must cover
/// exactly, without gaps or overlap. Tensors are little-endian, row-major. The header is padded with spaces so the data
/// starts 8-byte aligned, as the library writes it. Reading checks every rule and names the tensor that breaks one.
/// </summary>
internal static class SafeTensorsFile
{
    /// <summary>The library's own limit on the header (100 MB), so a corrupt length cannot ask for any memory.</summary>
    public const long MaxHeaderBytes = 100_000_000;

    private static readonly Dictionary<string, int> s_dtypeSizes = new()
    {
        ["BOOL"] = 1, ["U8"] = 1, ["I8"] = 1, ["F8_E5M2"] = 1, ["F8_E4M3"] = 1,
        ["I16"] = 2, ["U16"] = 2, ["F16"] = 2, ["BF16"] = 2,
        ["I32"] = 4, ["U32"] = 4, ["F32"] = 4,
        ["I64"] = 8, ["U64"] = 8, ["F64"] = 8,
    };

    /// <summary>Bytes per element of <paramref name="dtype"/>, or 0 for a dtype the format does not define.</summary>
    public static int SizeOf(string dtype) => s_dtypeSizes.GetValueOrDefault(dtype);

    /// <summary>The header bytes (padded) for tensors laid out back to back in the given order.</summary>
    public static byte[] Header(IReadOnlyList<(string Name, string DType, IReadOnlyList<int> Shape)> tensors, IReadOnlyDictionary<string, string> metadata)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartObject("__metadata__");
            foreach ((string key, string value) in metadata)
            {
                json.WriteString(key, value);
            }

            json.WriteEndObject();
            long offset = 0;
            foreach ((string name, string dtype, IReadOnlyList<int> shape) in tensors)
            {
                long bytes = shape.Aggregate(1L, (product, d) => product * d) * SizeOf(dtype);
                json.WriteStartObject(name);
                json.WriteString("dtype", dtype);
                json.WriteStartArray("shape");
                foreach (int d in shape)
                {
                    json.WriteNumberValue(d);
                }

                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                json.WriteNumberValue(offset + bytes);
                json.WriteEndArray();
                json.WriteEndObject();
                offset += bytes;
            }

            json.WriteEndObject();
        }

        int length = (int)buffer.Length;
        int padded = (length + 8 + 7) / 8 * 8 - 8; // data starts at 8 + padded, a multiple of 8
        byte[] header = new byte[8 + padded];
        BinaryPrimitives.WriteUInt64LittleEndian(header, (ulong)padded);
        buffer.GetBuffer().AsSpan(0, length).CopyTo(header.AsSpan(8));
        header.AsSpan(8 + length).Fill((byte)' ');
        return header;
    }

    /// <summary>Writes floats little-endian.</summary>
    public static void WriteFloats(Stream stream, ReadOnlySpan<float> values)
    {
        if (BitConverter.IsLittleEndian)
        {
            stream.Write(MemoryMarshal.AsBytes(values));
            return;
        }

        Span<byte> element = stackalloc byte[4];
        foreach (float value in values)
        {
            BinaryPrimitives.WriteSingleLittleEndian(element, value);
            stream.Write(element);
        }
    }

    /// <summary>Reads values.Length little-endian floats from the stream.</summary>
    public static void ReadFloats(Stream stream, Span<float> values, string path)
    {
        Span<byte> bytes = MemoryMarshal.AsBytes(values);
        ReadExactly(stream, bytes, path);
        if (!BitConverter.IsLittleEndian)
        {
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.Slice(4 * i, 4));
            }
        }
    }

    /// <summary>
    /// Reads and checks the header at the start of <paramref name="stream"/> (positioned at 0, <paramref name="length"/>
    /// bytes long): its length field, its JSON, every entry's dtype, shape and offsets against its size and the data
    /// section, and that the offsets cover the data exactly once. Leaves the stream at the start of the data section.
    /// </summary>
    public static (Dictionary<string, SafeTensorEntry> Tensors, Dictionary<string, string> Metadata) ReadHeader(Stream stream, long length, string path)
    {
        if (length < 8)
        {
            throw new CheckpointException(path, null, $"{length} bytes is too short for a safetensors file, which starts with an 8-byte header length.");
        }

        Span<byte> lengthField = stackalloc byte[8];
        ReadExactly(stream, lengthField, path);
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(lengthField);
        if (headerLength < 2 || headerLength > MaxHeaderBytes || headerLength > (ulong)(length - 8))
        {
            throw new CheckpointException(path, null, $"the header length field says {headerLength} bytes, but the file has {length - 8} after it (and a header is at most {MaxHeaderBytes:N0}): truncated, or not a safetensors file.");
        }

        byte[] header = new byte[headerLength];
        ReadExactly(stream, header, path);
        long dataLength = length - 8 - (long)headerLength;
        if (!System.Text.Unicode.Utf8.IsValid(header))
        {
            throw new CheckpointException(path, null, "the header is not valid UTF-8 text.");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(header);
        }
        catch (JsonException e)
        {
            throw new CheckpointException(path, null, $"the header is not valid JSON ({e.Message}).", e);
        }

        using (document)
        {
            try
            {
                return Entries(document, dataLength, path);
            }
            catch (InvalidOperationException e)
            {
                // A string System.Text.Json cannot turn into .NET text (an escaped lone surrogate, "\ud800").
                throw new CheckpointException(path, null, $"the header holds a string that is not valid text ({e.Message}).", e);
            }
        }
    }

    private static (Dictionary<string, SafeTensorEntry> Tensors, Dictionary<string, string> Metadata) Entries(JsonDocument document, long dataLength, string path)
    {
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw new CheckpointException(path, null, $"the header is a JSON {document.RootElement.ValueKind}, expected an object of tensors.");
        }

        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        var tensors = new Dictionary<string, SafeTensorEntry>(StringComparer.Ordinal);
        foreach (JsonProperty property in document.RootElement.EnumerateObject())
        {
            if (property.Name == "__metadata__")
            {
                ReadMetadata(property.Value, metadata, path);
            }
            else if (!tensors.TryAdd(property.Name, Entry(property, dataLength, path)))
            {
                throw new CheckpointException(path, property.Name, "appears twice in the header.");
            }
        }

        CheckCoverage(tensors.Values, dataLength, path);
        return (tensors, metadata);
    }

    /// <summary>Fills <paramref name="buffer"/> from the stream, or reports the file truncated.</summary>
    public static void ReadExactly(Stream stream, Span<byte> buffer, string path)
    {
        try
        {
            stream.ReadExactly(buffer);
        }
        catch (EndOfStreamException e)
        {
            throw new CheckpointException(path, null, "the file ends before the data its header describes: truncated.", e);
        }
    }

    private static void ReadMetadata(JsonElement value, Dictionary<string, string> metadata, string path)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw new CheckpointException(path, null, $"__metadata__ is a JSON {value.ValueKind}, expected an object of strings.");
        }

        foreach (JsonProperty entry in value.EnumerateObject())
        {
            if (entry.Value.ValueKind != JsonValueKind.String)
            {
                throw new CheckpointException(path, null, $"__metadata__ entry '{entry.Name}' is a JSON {entry.Value.ValueKind}, expected a string.");
            }

            metadata[entry.Name] = entry.Value.GetString()!;
        }
    }

    private static SafeTensorEntry Entry(JsonProperty property, long dataLength, string path)
    {
        string name = property.Name;
        JsonElement value = property.Value;
        if (value.ValueKind != JsonValueKind.Object
            || !value.TryGetProperty("dtype", out JsonElement dtypeElement) || dtypeElement.ValueKind != JsonValueKind.String
            || !value.TryGetProperty("shape", out JsonElement shapeElement) || shapeElement.ValueKind != JsonValueKind.Array
            || !value.TryGetProperty("data_offsets", out JsonElement offsetsElement) || offsetsElement.ValueKind != JsonValueKind.Array)
        {
            throw new CheckpointException(path, name, "the header entry needs \"dtype\" (a string), \"shape\" and \"data_offsets\" (arrays).");
        }

        string dtype = dtypeElement.GetString()!;
        int size = SizeOf(dtype);
        if (size == 0)
        {
            throw new CheckpointException(path, name, $"dtype '{dtype}' is not a safetensors dtype.");
        }

        long[] shape = Integers(shapeElement, name, "shape", path);
        long[] offsets = Integers(offsetsElement, name, "data_offsets", path);
        if (offsets.Length != 2 || offsets[0] > offsets[1] || offsets[1] > dataLength)
        {
            throw new CheckpointException(path, name, $"data_offsets [{string.Join(", ", offsets)}] are not [begin, end] within the {dataLength}-byte data section.");
        }

        long elements = 1;
        foreach (long d in shape)
        {
            elements = d == 0 || elements <= long.MaxValue / size / d ? elements * d : long.MaxValue / size;
        }

        if (elements * size != offsets[1] - offsets[0])
        {
            throw new CheckpointException(path, name, $"shape [{string.Join(", ", shape)}] of {dtype} needs {elements * size} bytes, but data_offsets [{offsets[0]}, {offsets[1]}] hold {offsets[1] - offsets[0]}.");
        }

        return new SafeTensorEntry(name, dtype, shape, offsets[0], offsets[1]);
    }

    private static long[] Integers(JsonElement array, string name, string field, string path)
    {
        var values = new List<long>();
        foreach (JsonElement item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt64(out long value) || value < 0)
            {
                throw new CheckpointException(path, name, $"{field} must hold non-negative integers; found {item.GetRawText()}.");
            }

            values.Add(value);
        }

        return [.. values];
    }

    /// <summary>The format's rule: the tensors' byte ranges tile the data section, no gap, no overlap.</summary>
    private static void CheckCoverage(IEnumerable<SafeTensorEntry> tensors, long dataLength, string path)
    {
        long next = 0;
        foreach (SafeTensorEntry tensor in tensors.Where(t => t.End > t.Begin).OrderBy(t => t.Begin))
        {
            if (tensor.Begin < next)
            {
                throw new CheckpointException(path, tensor.Name, $"its data [{tensor.Begin}, {tensor.End}) overlaps the tensor before it, which ends at {next}.");
            }

            if (tensor.Begin > next)
            {
                throw new CheckpointException(path, tensor.Name, $"its data starts at {tensor.Begin}, leaving bytes [{next}, {tensor.Begin}) that no tensor holds.");
            }

            next = tensor.End;
        }

        if (next != dataLength)
        {
            throw new CheckpointException(path, null, $"the tensors hold {next} bytes of data, but the file has {dataLength} after the header: extra bytes, or a header that lost tensors.");
        }
    }
}
