namespace NetGen.Data;

/// <summary>A data file that is missing, truncated or not what it claims to be. The message names the file.</summary>
public sealed class DataSetException(string path, string problem, Exception? inner = null)
    : Exception($"{path}: {problem}", inner)
{
    /// <summary>The offending file.</summary>
    public string FilePath { get; } = path;
}
