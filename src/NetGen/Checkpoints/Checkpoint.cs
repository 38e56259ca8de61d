using System.Buffers.Binary;
using System.Globalization;
using NetGen.Data.Preprocessing;
using NetGen.Randomness;

namespace NetGen;

/// <summary>
/// Saves and loads a network's whole training state as a safetensors file (docs/checkpoints.md): every tensor under
/// its PyTorch state_dict name (<see cref="StateDict"/>), the optimizer's state under "optimizer.", and in the
/// metadata the step, the learning rate, the dropout stream and the spec's fingerprint. <c>Save</c> to a path is atomic;
/// <c>Load</c> checks the whole file against the network before it changes anything, and any problem is a
/// <see cref="CheckpointException"/> naming the file and the tensor. Not to be called while another thread uses the
/// network.
/// </summary>
public static class Checkpoint
{
    /// <summary>The version of NetGen's metadata this library writes ("netgen.format").</summary>
    public const int FormatVersion = 1;

    private const string StreamName = "(stream)";

    /// <summary>
    /// Writes the whole training state to <paramref name="path"/> atomically: into a temporary file in the same
    /// folder, flushed to disk, then renamed over the target, so a crash mid-write leaves the previous file intact.
    /// </summary>
    public static void Save(this INetwork network, string path)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        CheckpointContents contents = CheckpointContents.Of(network, path);
        AtomicFile.Write(path, contents.WriteTo);
    }

    /// <summary>Writes the whole training state to <paramref name="stream"/> from its current position.</summary>
    public static void Save(this INetwork network, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(stream);
        CheckpointContents.Of(network, StreamName).WriteTo(stream);
    }

    /// <summary>
    /// Restores the whole training state saved by <see cref="Save(INetwork, string)"/> from a network of the same spec
    /// (generated or interpreted): parameters, BatchNorm statistics, optimizer state, step, learning rate and dropout
    /// stream, so training continues exactly as if it had not stopped. Another network's file, a file without training
    /// state (use <see cref="LoadWeights(INetwork, string)"/>) or a damaged one is refused with the network unchanged.
    /// </summary>
    public static void Load(this INetwork network, string path)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        using FileStream file = Open(path);
        CheckpointReader.Read(network, file, path, weightsOnly: false).Apply(network);
    }

    /// <summary>As <see cref="Load(INetwork, string)"/>, from <paramref name="stream"/> (read from its current position to its end).</summary>
    public static void Load(this INetwork network, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(stream);
        CheckpointReader.Read(network, stream, StreamName, weightsOnly: false).Apply(network);
    }

    /// <summary>
    /// Loads the model tensors only (parameters and BatchNorm's buffers: running statistics and num_batches_tracked) by
    /// their state_dict names, from a NetGen checkpoint or any safetensors file with the same names and shapes, such as
    /// one written from PyTorch: for inference or fine-tuning. Optimizer tensors in the file are ignored; the optimizer
    /// state, step, learning rate and dropout stream are left as they are. The fingerprint is not compared; names,
    /// dtypes (F32, I64 for the batch count) and shapes are.
    /// </summary>
    public static void LoadWeights(this INetwork network, string path)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        using FileStream file = Open(path);
        CheckpointReader.Read(network, file, path, weightsOnly: true).Apply(network);
    }

    /// <summary>As <see cref="LoadWeights(INetwork, string)"/>, from <paramref name="stream"/>.</summary>
    public static void LoadWeights(this INetwork network, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(stream);
        CheckpointReader.Read(network, stream, StreamName, weightsOnly: true).Apply(network);
    }

    /// <summary>
    /// As <see cref="Save(INetwork, string)"/>, with the fitted <paramref name="preprocessing"/> the network's inputs
    /// went through (a step, or a <see cref="PreprocessingPipeline"/>): its tensors under "preprocessing.&lt;i&gt;." and its
    /// steps in the "netgen.preprocessing" metadata (docs/checkpoints.md, section 7), for
    /// <see cref="LoadPreprocessing(string)"/>. <see cref="Load(INetwork, string)"/> and
    /// <see cref="LoadWeights(INetwork, string)"/> read the file as before (they check the preprocessing entries too).
    /// </summary>
    /// <exception cref="ArgumentException">The preprocessing's output is not the network's input size.</exception>
    public static void Save(this INetwork network, string path, Preprocessor preprocessing)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        CheckpointContents contents = CheckpointContents.Of(network, path, Fitting(network, preprocessing));
        AtomicFile.Write(path, contents.WriteTo);
    }

    /// <summary>As <see cref="Save(INetwork, string, Preprocessor)"/>, to <paramref name="stream"/> from its current position.</summary>
    public static void Save(this INetwork network, Stream stream, Preprocessor preprocessing)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(stream);
        CheckpointContents.Of(network, StreamName, Fitting(network, preprocessing)).WriteTo(stream);
    }

    /// <summary>
    /// The fitted preprocessing saved in the checkpoint at <paramref name="path"/> by
    /// <see cref="Save(INetwork, string, Preprocessor)"/>, as a pipeline of its steps; null when the file has none (any
    /// file saved without it). Every step, tensor and value is checked first.
    /// </summary>
    /// <exception cref="CheckpointException">The file or its preprocessing entries are damaged; the message names the file and the tensor.</exception>
    public static PreprocessingPipeline? LoadPreprocessing(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        using FileStream file = Open(path);
        return ReadPreprocessing(file, path);
    }

    /// <summary>As <see cref="LoadPreprocessing(string)"/>, from <paramref name="stream"/> (from its current position to its end).</summary>
    public static PreprocessingPipeline? LoadPreprocessing(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return ReadPreprocessing(stream, StreamName);
    }

    private static PreprocessingPipeline? ReadPreprocessing(Stream stream, string path)
    {
        stream = CheckpointReader.Seekable(stream);
        (Dictionary<string, SafeTensorEntry> entries, Dictionary<string, string> metadata) = SafeTensorsFile.ReadHeader(stream, stream.Length - stream.Position, path);
        return PreprocessingFormat.Read(entries, metadata, stream, stream.Position, path);
    }

    private static Preprocessor Fitting(INetwork network, Preprocessor preprocessing)
    {
        ArgumentNullException.ThrowIfNull(preprocessing);
        if (preprocessing.OutputSize != network.InputSize)
        {
            throw new ArgumentException($"the preprocessing ({preprocessing.Describe()}) gives {preprocessing.OutputSize} values per sample, but {network.Architecture.Name} takes {network.InputSize}.", nameof(preprocessing));
        }

        return preprocessing;
    }

    private static FileStream Open(string path)
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CheckpointException(path, null, $"cannot be opened ({e.Message}).", e);
        }
    }
}

/// <summary>The metadata keys NetGen writes into a checkpoint's "__metadata__".</summary>
internal static class CheckpointKeys
{
    public const string Format = "netgen.format";
    public const string Contents = "netgen.contents";
    public const string Network = "netgen.network";
    public const string Fingerprint = "netgen.fingerprint";
    public const string Architecture = "netgen.architecture";
    public const string Step = "netgen.step";
    public const string LearningRate = "netgen.learning_rate";
    public const string Dropout = "netgen.dropout_state";
    public const string WeightDecay = "netgen.weight_decay";
    public const string Momentum = "netgen.momentum";

    /// <summary>The key of a Dropout layer's run-time rate: "netgen.dropout_rate." and the layer's name.</summary>
    public static string DropoutRate(Layer layer) => "netgen.dropout_rate." + layer.Name;

    /// <summary>The dropout state of a network without dropout, whose stream is never drawn from.</summary>
    public const string NoDropout = "none";

    /// <summary>The dropout stream's state as six comma-separated hex fields: s0..s3, the spare normal's bits, has-spare.</summary>
    public static string Text(SeededRandom.State s) => s == default ? NoDropout : string.Join(",", s.S0.ToString("x16"), s.S1.ToString("x16"), s.S2.ToString("x16"), s.S3.ToString("x16"), BitConverter.DoubleToInt64Bits(s.SpareNormal).ToString("x16"), s.HasSpareNormal ? "1" : "0");

    public static bool TryParse(string text, out SeededRandom.State state)
    {
        state = default;
        if (text == NoDropout)
        {
            return true;
        }

        string[] fields = text.Split(',');
        ulong[] values = new ulong[5];
        if (fields.Length != 6 || fields[5] is not ("0" or "1"))
        {
            return false;
        }

        for (int i = 0; i < 5; i++)
        {
            if (!ulong.TryParse(fields[i], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out values[i]))
            {
                return false;
            }
        }

        state = new SeededRandom.State(values[0], values[1], values[2], values[3], BitConverter.Int64BitsToDouble((long)values[4]), fields[5] == "1");
        if (!double.IsFinite(state.SpareNormal))
        {
            return false; // a normal draw is finite
        }

        return (state.S0 | state.S1 | state.S2 | state.S3) != 0; // xoshiro's all-zero state is a fixed point, never a real one
    }

    public static void WriteInt64(Stream stream, long value)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, value);
        stream.Write(bytes);
    }
}
