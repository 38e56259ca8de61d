using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace NetGen.Generator.Common;

/// <summary>Converts between Roslyn locations and the spec model's plain <see cref="SpecLocation"/>.</summary>
internal static class Locations
{
    public static SpecLocation? From(Location? location)
    {
        if (location is null || location.SourceTree is null)
        {
            return null;
        }

        LinePositionSpan lines = location.GetLineSpan().Span;
        return new SpecLocation(
            location.SourceTree.FilePath,
            location.SourceSpan.Start,
            location.SourceSpan.Length,
            lines.Start.Line,
            lines.Start.Character,
            lines.End.Line,
            lines.End.Character);
    }

    public static SpecLocation? From(SyntaxNode? node) => From(node?.GetLocation());

    /// <summary>A location in the compilation's syntax tree of the file (pragmas and .editorconfig severities see those), else in the file.</summary>
    public static Location ToLocation(this SpecLocation location, Compilation compilation)
    {
        foreach (SyntaxTree tree in compilation.SyntaxTrees)
        {
            if (tree.FilePath == location.FilePath && location.Start + location.Length <= tree.Length)
            {
                return Location.Create(tree, new TextSpan(location.Start, location.Length));
            }
        }

        return location.ToLocation();
    }

    public static Location ToLocation(this SpecLocation location) => Location.Create(
        location.FilePath,
        new TextSpan(location.Start, location.Length),
        new LinePositionSpan(new LinePosition(location.StartLine, location.StartCharacter), new LinePosition(location.EndLine, location.EndCharacter)));
}
