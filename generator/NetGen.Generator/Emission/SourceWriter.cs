using System;
using System.Text;

namespace NetGen.Generator.Emission;

/// <summary>
/// A small indented writer: <c>using (writer.Block("class X"))</c> opens a brace block and closes it on dispose,
/// so emitters never thread indentation by hand.
/// </summary>
internal sealed class SourceWriter
{
    private const string IndentUnit = "    ";
    private readonly StringBuilder _text = new();
    private int _depth;

    public void Line(string line = "")
    {
        if (line.Length > 0)
        {
            for (int i = 0; i < _depth; i++)
            {
                _text.Append(IndentUnit);
            }

            _text.Append(line);
        }

        _text.Append('\n');
    }

    /// <summary>Writes <paramref name="header"/>, an opening brace, and indents until the returned scope is disposed.</summary>
    public IDisposable Block(string header)
    {
        Line(header);
        Line("{");
        _depth++;
        return new Scope(this);
    }

    /// <summary>A /// summary line (or lines) for the next member.</summary>
    public void Summary(string text)
    {
        Line("/// <summary>" + text + "</summary>");
    }

    public override string ToString() => _text.ToString();

    private sealed class Scope(SourceWriter writer) : IDisposable
    {
        public void Dispose()
        {
            writer._depth--;
            writer.Line("}");
        }
    }
}
