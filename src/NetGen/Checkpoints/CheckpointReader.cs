using System.Buffers.Binary;
using System.Globalization;
using NetGen.Randomness;

namespace NetGen;

/// <summary>
/// Reads a checkpoint into staging arrays and checks all of it against the network (fingerprint, every tensor's name,
/// dtype and shape, finite values, the metadata's step, learning rate and dropout state) before <see cref="Apply"/>
/// copies anything, so a refused file changes nothing.
/// </summary>
internal sealed class CheckpointReader
{
    private readonly List<(StateTensor Tensor, float[] Values)> _floats = [];
    private long? _batchNormBatches;
    private (long Step, float LearningRate, SeededRandom.State Dropout)? _training;
    private float? _weightDecay, _momentum; // null: the file predates the key, the network keeps its value
    private readonly List<(Layer Layer, float Rate)> _dropoutRates = [];

    private CheckpointReader()
    {
    }

    /// <summary><paramref name="stream"/> itself when it can seek, else a copy of the rest of it in memory.</summary>
    public static Stream Seekable(Stream stream)
    {
        if (stream.CanSeek)
        {
            return stream;
        }

        var copy = new MemoryStream();
        stream.CopyTo(copy);
        copy.Position = 0;
        return copy;
    }

    public static CheckpointReader Read(INetwork network, Stream stream, string path, bool weightsOnly)
    {
        stream = Seekable(stream);
        long length = stream.Length - stream.Position;
        (Dictionary<string, SafeTensorEntry> entries, Dictionary<string, string> metadata) = SafeTensorsFile.ReadHeader(stream, length, path);
        long dataStart = stream.Position;
        NetworkArchitecture architecture = network.Architecture;
        IReadOnlyList<StateTensor> expected = StateDict.Of(network)
            .Where(t => !weightsOnly || t.Kind != StateTensorKind.Optimizer)
            .ToArray();
        if (!weightsOnly)
        {
            CheckSameNetwork(architecture, metadata, entries, expected, path);
        }

        CheckTensors(architecture, entries, expected, weightsOnly, path);
        PreprocessingFormat.Read(entries, metadata, stream, dataStart, path); // checked like the rest, though the network does not take it
        var reader = new CheckpointReader();
        var byName = expected.ToDictionary(t => t.Name, StringComparer.Ordinal);
        foreach (SafeTensorEntry entry in entries.Values.OrderBy(e => e.Begin))
        {
            if (!byName.TryGetValue(entry.Name, out StateTensor? tensor))
            {
                continue; // an optimizer tensor a weights-only load skips
            }

            stream.Position = dataStart + entry.Begin;
            reader.Stage(tensor, entry, stream, path);
        }

        if (!weightsOnly)
        {
            bool drawsNoise = network.Architecture.Layers.Any(l => l.Modules.Any(m => m.Kind == ModuleKind.GaussianNoise));
            reader._training = Training(metadata, path, hasDropout: drawsNoise || network.Layers.Any(l => l.HasDropout));
            reader.StageHyperparameters(network, metadata, path);
        }

        return reader;
    }

    /// <summary>Copies the staged state into the network; nothing here can fail on a checked file.</summary>
    public void Apply(INetwork network)
    {
        foreach ((StateTensor tensor, float[] values) in _floats)
        {
            values.CopyTo(tensor.Floats(network));
        }

        TrainingPosition position = network.Position;
        if (_training is { } training)
        {
            network.LearningRate = training.LearningRate;
            if (_weightDecay is { } decay)
            {
                network.WeightDecay = decay;
            }

            if (_momentum is { } momentum)
            {
                network.Momentum = momentum;
            }

            foreach ((Layer layer, float rate) in _dropoutRates)
            {
                layer.DropoutRate = rate;
            }
            position = position with { Step = training.Step, Dropout = training.Dropout };
        }

        if (_training is not null || _batchNormBatches is not null)
        {
            network.Position = position with { BatchNormBatches = _batchNormBatches ?? position.BatchNormBatches };
        }
    }

    private void Stage(StateTensor tensor, SafeTensorEntry entry, Stream stream, string path)
    {
        if (tensor.DType == "I64")
        {
            Span<byte> bytes = stackalloc byte[8];
            SafeTensorsFile.ReadExactly(stream, bytes, path);
            long batches = BinaryPrimitives.ReadInt64LittleEndian(bytes);
            if (batches < 0)
            {
                throw new CheckpointException(path, entry.Name, $"holds {batches}; a count of batches is ≥ 0.");
            }

            // Every BatchNorm of a network counts the same passes; keep the largest if a foreign file disagrees.
            _batchNormBatches = Math.Max(_batchNormBatches ?? 0, batches);
            return;
        }

        float[] values = new float[tensor.Length];
        SafeTensorsFile.ReadFloats(stream, values, path);
        int bad = Runtime.Finite.IndexOfNonFinite(values);
        if (bad >= 0)
        {
            throw new CheckpointException(path, entry.Name, $"element {bad} is {values[bad]}; the network takes finite values only.");
        }

        if (tensor.Name.EndsWith(".running_var", StringComparison.Ordinal) && values.Any(v => v < 0f))
        {
            throw new CheckpointException(path, entry.Name, "holds a negative variance.");
        }

        _floats.Add((tensor, values));
    }

    /// <summary>A full load takes only a NetGen checkpoint of a network with the same fingerprint.</summary>
    private static void CheckSameNetwork(NetworkArchitecture architecture, Dictionary<string, string> metadata, Dictionary<string, SafeTensorEntry> entries, IReadOnlyList<StateTensor> expected, string path)
    {
        if (!metadata.TryGetValue(CheckpointKeys.Fingerprint, out string? fingerprint) || metadata.GetValueOrDefault(CheckpointKeys.Contents) != "full")
        {
            throw new CheckpointException(path, null, $"holds no NetGen training state (no {CheckpointKeys.Fingerprint} and full contents in its metadata), so it cannot resume {architecture.Name}; LoadWeights loads a file of weights only.");
        }

        if (metadata.GetValueOrDefault(CheckpointKeys.Format) is not { } format || !int.TryParse(format, CultureInfo.InvariantCulture, out int version) || version < 1 || version > Checkpoint.FormatVersion)
        {
            throw new CheckpointException(path, null, $"{CheckpointKeys.Format} is '{metadata.GetValueOrDefault(CheckpointKeys.Format)}'; this NetGen reads format {Checkpoint.FormatVersion} and earlier.");
        }

        if (fingerprint != architecture.Fingerprint)
        {
            string saved = metadata.GetValueOrDefault(CheckpointKeys.Network, "(unnamed)");
            throw new CheckpointException(path, FirstMismatch(entries, expected)?.Name, $"is a checkpoint of network {saved} (fingerprint {fingerprint}), not of {architecture.Name} (fingerprint {architecture.Fingerprint}): {Mismatch(entries, expected, architecture.Name)}.");
        }
    }

    private static StateTensor? FirstMismatch(Dictionary<string, SafeTensorEntry> entries, IReadOnlyList<StateTensor> expected) =>
        expected.FirstOrDefault(t => !entries.TryGetValue(t.Name, out SafeTensorEntry? e) || !Fits(t, e));

    private static string Mismatch(Dictionary<string, SafeTensorEntry> entries, IReadOnlyList<StateTensor> expected, string network)
    {
        if (FirstMismatch(entries, expected) is { } tensor)
        {
            return entries.TryGetValue(tensor.Name, out SafeTensorEntry? entry)
                ? $"the first mismatching tensor is '{tensor.Name}': {Describe(entry)} in the file, {Describe(tensor)} in {network}"
                : $"the first mismatching tensor is '{tensor.Name}', which {network} has ({Describe(tensor)}) and the file lacks";
        }

        var names = expected.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        return entries.Keys.FirstOrDefault(n => !names.Contains(n) && !PreprocessingFormat.IsPreprocessing(n)) is { } extra
            ? $"the first mismatching tensor is '{extra}', which the file has and {network} lacks"
            : "every tensor matches in name and shape, but the ops (activations, norms, dropout) or the optimizer kind differ";
    }

    private static void CheckTensors(NetworkArchitecture architecture, Dictionary<string, SafeTensorEntry> entries, IReadOnlyList<StateTensor> expected, bool weightsOnly, string path)
    {
        foreach (StateTensor tensor in expected)
        {
            if (!entries.TryGetValue(tensor.Name, out SafeTensorEntry? entry))
            {
                throw new CheckpointException(path, tensor.Name, $"{architecture.Name} has this tensor ({Describe(tensor)}) and the file does not.");
            }

            if (entry.DType != tensor.DType)
            {
                throw new CheckpointException(path, tensor.Name, $"dtype {entry.DType} in the file, {tensor.DType} expected{(tensor.DType == "F32" ? " (save it from PyTorch as float32: tensor.float())" : "")}.");
            }

            if (!Fits(tensor, entry))
            {
                throw new CheckpointException(path, tensor.Name, $"shape {Shape(entry.Shape)} in the file, {Shape(tensor.Shape.Select(d => (long)d))} in {architecture.Name}.");
            }
        }

        var names = expected.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        foreach (string name in entries.Keys.Where(n => !names.Contains(n) && !PreprocessingFormat.IsPreprocessing(n)))
        {
            if (!(weightsOnly && name.StartsWith("optimizer.", StringComparison.Ordinal)))
            {
                throw new CheckpointException(path, name, $"the file has this tensor and {architecture.Name} does not (see docs/checkpoints.md for the names a network's tensors take).");
            }
        }
    }

    private static (long, float, SeededRandom.State) Training(Dictionary<string, string> metadata, string path, bool hasDropout)
    {
        string Field(string key) => metadata.TryGetValue(key, out string? value)
            ? value
            : throw new CheckpointException(path, null, $"its metadata lacks {key}.");
        if (!long.TryParse(Field(CheckpointKeys.Step), NumberStyles.None, CultureInfo.InvariantCulture, out long step))
        {
            throw new CheckpointException(path, null, $"{CheckpointKeys.Step} is '{Field(CheckpointKeys.Step)}', expected an integer ≥ 0.");
        }

        if (!float.TryParse(Field(CheckpointKeys.LearningRate), NumberStyles.Float, CultureInfo.InvariantCulture, out float rate) || !float.IsFinite(rate) || rate < 0f)
        {
            throw new CheckpointException(path, null, $"{CheckpointKeys.LearningRate} is '{Field(CheckpointKeys.LearningRate)}', expected a finite number ≥ 0.");
        }

        if (!CheckpointKeys.TryParse(Field(CheckpointKeys.Dropout), out SeededRandom.State dropout) || (hasDropout && dropout == default))
        {
            string expected = hasDropout ? "six comma-separated hex fields (the network draws dropout masks or noise, so not 'none')" : $"six comma-separated hex fields or '{CheckpointKeys.NoDropout}'";
            throw new CheckpointException(path, null, $"{CheckpointKeys.Dropout} is '{Field(CheckpointKeys.Dropout)}', expected {expected}.");
        }

        return (step, rate, dropout);
    }

    /// <summary>
    /// The run-time weight decay, momentum and dropout rates, each optional (files written before them lack the keys
    /// and the network keeps its values); each checked as its setter checks it, before anything changes.
    /// </summary>
    private void StageHyperparameters(INetwork network, Dictionary<string, string> metadata, string path)
    {
        float? Optional(string key, Func<float, float> check)
        {
            if (!metadata.TryGetValue(key, out string? text))
            {
                return null;
            }

            try
            {
                return float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out float value)
                    ? check(value)
                    : throw new ArgumentOutOfRangeException(key, text, "not a number");
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or NotSupportedException)
            {
                throw new CheckpointException(path, null, $"{key} is '{text}', which {network.Architecture.Name} cannot take: {e.Message}", e);
            }
        }

        _weightDecay = Optional(CheckpointKeys.WeightDecay, ArgumentChecks.WeightDecay);
        _momentum = Optional(CheckpointKeys.Momentum, value =>
        {
            float current = network.Momentum; // the setter knows what this network's optimizer takes: try it, then put it back
            network.Momentum = value;
            network.Momentum = current;
            return value;
        });
        foreach (Layer layer in network.Layers.Where(l => l.HasDropout))
        {
            if (Optional(CheckpointKeys.DropoutRate(layer), ArgumentChecks.DropoutRate) is { } rate)
            {
                _dropoutRates.Add((layer, rate));
            }
        }
    }

    private static bool Fits(StateTensor tensor, SafeTensorEntry entry) => entry.DType == tensor.DType && entry.Shape.SequenceEqual(tensor.Shape.Select(d => (long)d));

    private static string Describe(SafeTensorEntry entry) => $"{entry.DType} {Shape(entry.Shape)}";

    private static string Describe(StateTensor tensor) => $"{tensor.DType} {Shape(tensor.Shape.Select(d => (long)d))}";

    private static string Shape(IEnumerable<long> shape) => $"[{string.Join(", ", shape)}]";
}
