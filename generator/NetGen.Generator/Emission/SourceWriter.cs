using System;
using System.Collections.Generic;
using System.Text;

namespace NetGen.Generator.Emission;

/// <summary>
/// A small indented writer: <c>using (writer.Block("class X"))</c> opens a brace block and closes it on dispose,
/// so emitters never thread indentation by hand. It keeps every line within <see cref="MaxLineLength"/> where it
/// can: comments and summaries wrap, a comment that does not fit behind its code goes above it, and a call that
/// does not fit puts one named argument per line.
/// </summary>
internal sealed class SourceWriter
{
    /// <summary>The longest generated line a reader should meet, indentation included.</summary>
    public const int MaxLineLength = 140;

    private const string IndentUnit = "    ";
    private readonly StringBuilder _text = new();
    private int _depth;

    private int Column => _depth * IndentUnit.Length;

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

    /// <summary><paramref name="code"/> with <paramref name="comment"/> behind it, or above it when both do not fit one line.</summary>
    public void Line(string code, string comment)
    {
        if (Fits(code + " // " + comment))
        {
            Line(code + " // " + comment);
            return;
        }

        Comment(comment);
        Line(code);
    }

    /// <summary>A <c>//</c> comment, wrapped at word boundaries.</summary>
    public void Comment(string text)
    {
        foreach (string line in Wrap(text, MaxLineLength - Column - 3))
        {
            Line("// " + line);
        }
    }

    /// <summary>
    /// <paramref name="prefix"/>, the call and <paramref name="suffix"/> on one line with the comment behind it when
    /// that fits; else the comment above and, if the call is still too long, one argument per line.
    /// </summary>
    public void Call(Call call, string? comment = null, string prefix = "", string suffix = ";")
    {
        string flat = prefix + call.Flat + suffix;
        if (comment is not null)
        {
            if (Fits(flat + " // " + comment))
            {
                Line(flat + " // " + comment);
                return;
            }

            Comment(comment);
        }

        foreach (string line in call.Lines(Column, prefix, suffix))
        {
            Line(line);
        }
    }

    /// <summary>Writes <paramref name="header"/>, an opening brace, and indents until the returned scope is disposed.</summary>
    public IDisposable Block(string header)
    {
        Line(header);
        Line("{");
        _depth++;
        return new Scope(this);
    }

    /// <summary>Indents the lines written until the returned scope is disposed, without braces (a long initializer's items).</summary>
    public IDisposable Indented()
    {
        _depth++;
        return new Scope(this, closingLine: null);
    }

    /// <summary>A method's block: its parameters on the header line when it fits, else one per line.</summary>
    public IDisposable Method(string head, params string[] parameters)
    {
        string flat = $"{head}({string.Join(", ", parameters)})";
        if (Fits(flat))
        {
            return Block(flat);
        }

        Line(head + "(");
        for (int i = 0; i < parameters.Length; i++)
        {
            Line(IndentUnit + parameters[i] + (i < parameters.Length - 1 ? "," : ")"));
        }

        Line("{");
        _depth++;
        return new Scope(this);
    }

    /// <summary>A /// summary for the next member, on one line or wrapped between its tags.</summary>
    public void Summary(string text)
    {
        string flat = "/// <summary>" + text + "</summary>";
        if (Fits(flat))
        {
            Line(flat);
            return;
        }

        Line("/// <summary>");
        foreach (string line in Wrap(text, MaxLineLength - Column - 4))
        {
            Line("/// " + line);
        }

        Line("/// </summary>");
    }

    public override string ToString() => _text.ToString();

    /// <summary>
    /// Splits <paramref name="text"/> into lines of at most <paramref name="width"/>, at spaces outside brackets and
    /// tags, so a shape like [batch, 8, 14, 14] or a &lt;paramref&gt; stays whole (a longer one stays whole too).
    /// </summary>
    public static List<string> Wrap(string text, int width)
    {
        var lines = new List<string>();
        var line = new StringBuilder();
        foreach (string word in Words(text))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > width)
            {
                lines.Add(line.ToString());
                line.Clear();
            }

            line.Append(line.Length > 0 ? " " : "").Append(word);
        }

        lines.Add(line.ToString());
        return lines;
    }

    /// <summary>The pieces of <paramref name="text"/> between the spaces where a line may break.</summary>
    private static IEnumerable<string> Words(string text)
    {
        var word = new StringBuilder();
        int depth = 0;
        foreach (char c in text)
        {
            if (c == ' ' && depth == 0)
            {
                yield return word.ToString();
                word.Clear();
                continue;
            }

            depth += c is '[' or '(' or '<' ? 1 : c is ']' or ')' or '>' && depth > 0 ? -1 : 0;
            word.Append(c);
        }

        yield return word.ToString();
    }

    /// <summary>Whether <paramref name="line"/> fits at the current indentation.</summary>
    public bool Fits(string line) => Column + line.Length <= MaxLineLength;

    private sealed class Scope(SourceWriter writer, string? closingLine = "}") : IDisposable
    {
        public void Dispose()
        {
            writer._depth--;
            if (closingLine is not null)
            {
                writer.Line(closingLine);
            }
        }
    }
}
