using System.Buffers.Binary;
using System.Globalization;
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
