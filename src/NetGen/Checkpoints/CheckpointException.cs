namespace NetGen;

/// <summary>
/// A checkpoint that cannot be read or does not fit the network: missing, truncated, malformed, another network's, or
/// holding values the network cannot take. The message names the file and, where one is at fault, the tensor; the
/// network is unchanged.
/// </summary>
public sealed class CheckpointException(string path, string? tensor, string problem, Exception? inner = null)
    : Exception(tensor is null ? $"{path}: {problem}" : $"{path}: tensor '{tensor}': {problem}", inner)
{
    /// <summary>The checkpoint file (or "(stream)" for a stream).</summary>
    public string FilePath { get; } = path;

    /// <summary>The tensor at fault, or null when the file as a whole is.</summary>
    public string? Tensor { get; } = tensor;
}
