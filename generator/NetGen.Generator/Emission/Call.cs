using System.Collections.Generic;
using System.Linq;

namespace NetGen.Generator.Emission;

/// <summary>
/// A call (or object creation) and its arguments, kept apart so the writer can lay it out: on one line as it would be
/// written by hand, or, when that is too long, one named argument per line, the arguments' own calls laid out alike.
/// </summary>
internal sealed class Call
{
    private const string IndentUnit = "    ";
    private readonly string _callee;
    private readonly string _open;
    private readonly string _close;
    private readonly Arg[] _arguments;

    public Call(string callee, params Arg[] arguments)
        : this(callee, "(", ")", arguments)
    {
    }

    private Call(string callee, string open, string close, Arg[] arguments)
    {
        _callee = callee;
        _open = open;
        _close = close;
        _arguments = arguments;
    }

    /// <summary>An array creation, <c>new float[length]</c>, laid out like a call.</summary>
    public static Call NewArray(string elementType, Arg length) => new("new " + elementType, "[", "]", [length]);

    /// <summary>The call on one line.</summary>
    public string Flat => $"{_callee}{_open}{string.Join(", ", _arguments.Select(a => a.Flat))}{_close}";

    /// <summary>The lines of <paramref name="prefix"/>, the call and <paramref name="suffix"/> at <paramref name="column"/>, indented relative to it.</summary>
    public IEnumerable<string> Lines(int column, string prefix, string suffix)
    {
        string flat = prefix + Flat + suffix;
        if (column + flat.Length <= SourceWriter.MaxLineLength || _arguments.Length == 0)
        {
            yield return flat;
            yield break;
        }

        yield return prefix + _callee + _open;
        for (int i = 0; i < _arguments.Length; i++)
        {
            string end = i < _arguments.Length - 1 ? "," : _close + suffix;
            foreach (string line in _arguments[i].Lines(column + IndentUnit.Length, end))
            {
                yield return IndentUnit + line;
            }
        }
    }
}

/// <summary>One argument: its parameter name, and its value as text or as a call of its own.</summary>
/// <param name="Name">The parameter's name, written in the one-per-line layout, and on one line too when <paramref name="AlwaysNamed"/>.</param>
internal readonly record struct Arg(string Name, string Text, Call? Nested = null, bool AlwaysNamed = false)
{
    /// <summary>An argument written positionally on one line and named in the one-per-line layout.</summary>
    public static Arg Of(string name, string value) => new(name, value);

    /// <summary>An argument named in both layouts, where a bare number or flag would not say what it is.</summary>
    public static Arg Named(string name, string value) => new(name, value, AlwaysNamed: true);

    /// <summary>An argument never named: an array length, or an operand whose name says nothing (Math.Max's val1).</summary>
    public static Arg Positional(Call value) => new("", "", value);

    /// <summary>An argument that is itself a call.</summary>
    public static Arg Of(string name, Call value, bool alwaysNamed = false) => new(name, "", value, alwaysNamed);

    public string Flat => (AlwaysNamed ? Name + ": " : "") + (Nested?.Flat ?? Text);

    public IEnumerable<string> Lines(int column, string suffix)
    {
        string name = Name.Length == 0 ? "" : Name + ": ";
        return Nested is null ? [name + Text + suffix] : Nested.Lines(column, name, suffix);
    }
}
