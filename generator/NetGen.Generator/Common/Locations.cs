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

    public static Location ToLocation(this SpecLocation location) => Location.Create(
        location.FilePath,
        new TextSpan(location.Start, location.Length),
        new LinePositionSpan(new LinePosition(location.StartLine, location.StartCharacter), new LinePosition(location.EndLine, location.EndCharacter)));
}
