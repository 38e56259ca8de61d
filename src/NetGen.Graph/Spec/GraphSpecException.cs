namespace NetGen.Graph;

/// <summary>
/// A network description the interpreter cannot build: names the layer, op or setting, what it held and what was
/// expected (and the file, for a description loaded from one). Nothing is built when it is thrown.
/// </summary>
public sealed class GraphSpecException : ArgumentException
{
    /// <summary>A description error with its message.</summary>
    public GraphSpecException(string message)
        : base(message)
    {
    }

    /// <summary>A description error caused by another (a JSON syntax error, an unreadable file).</summary>
    public GraphSpecException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
