namespace NetGen.Graph;

/// <summary>
/// A network description the interpreter cannot build: names the layer, op or setting, what it held and what was
/// expected (and the file, for a description loaded from one). A description that breaks the spec language's rules
/// carries them in <see cref="Diagnostics"/>, with the ids and messages the generator reports. Nothing is built when it
/// is thrown.
/// </summary>
public sealed class GraphSpecException : ArgumentException
{
    /// <summary>A description error with its message.</summary>
    public GraphSpecException(string message)
        : base(message)
    {
        Diagnostics = [];
    }

    /// <summary>A description error caused by another (a JSON syntax error, an unreadable file).</summary>
    public GraphSpecException(string message, Exception inner)
        : base(message, inner)
    {
        Diagnostics = inner is GraphSpecException spec ? spec.Diagnostics : [];
    }

    /// <summary>A description that breaks rules of the spec language: one line per error.</summary>
    internal GraphSpecException(IReadOnlyList<GraphDiagnostic> errors)
        : base("the network breaks the spec language's rules:" + string.Concat(errors.Select(e => Environment.NewLine + "  " + e)))
    {
        Diagnostics = errors;
    }

    /// <summary>The rules broken, errors only; empty for a description that could not be read at all.</summary>
    public IReadOnlyList<GraphDiagnostic> Diagnostics { get; }
}
