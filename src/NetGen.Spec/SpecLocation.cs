namespace NetGen.Spec;

/// <summary>
/// Where in the user's source a spec element was written, as plain values (file, character span, 0-based line and
/// column span), so it can sit in a cached record. The generator turns it into a Roslyn location at output time; the
/// interpreter's descriptions (builder, JSON, reflection) carry none.
/// </summary>
internal sealed record SpecLocation(string FilePath, int Start, int Length, int StartLine, int StartCharacter, int EndLine, int EndCharacter);
