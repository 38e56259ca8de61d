using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis.CSharp;

namespace NetGen.Generator.Emission;

/// <summary>
/// Names from symbols (a layer, a class, a namespace) carry no '@': written as identifiers they are escaped where C#
/// reserves them (<c>@int</c>, <c>App.@class</c>), and the generated file's hint name is derived so that any class in
/// any namespace gets a valid name of its own.
/// </summary>
internal static class Identifiers
{
    /// <summary><paramref name="name"/> as an identifier: <c>@</c>-prefixed when it is a reserved keyword.</summary>
    public static string Escape(string name) =>
        SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;

    /// <summary>A dotted namespace with each segment escaped.</summary>
    public static string EscapeNamespace(string name) =>
        string.Join(".", name.Split('.').Select(segment => segment.StartsWith("@", System.StringComparison.Ordinal) ? segment : Escape(segment)));

    /// <summary>
    /// A hint name for the type <paramref name="fullName"/> (namespace, containers and class with its type parameters):
    /// its readable part keeps ASCII letters, digits, '.' and '_' (Roslyn rejects many other characters), and a hash of
    /// the exact name keeps it unique where the readable part is not: Roslyn compares hint names ignoring case, while
    /// <c>N</c> and <c>n</c> are two classes.
    /// </summary>
    public static string HintName(string fullName)
    {
        var readable = new StringBuilder(fullName.Length);
        foreach (char c in fullName)
        {
            readable.Append(c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '.' or '_' ? c : '_');
        }

        // FNV-1a over the UTF-16 code units: stable across processes (string.GetHashCode is randomized).
        uint hash = 2166136261;
        foreach (char c in fullName)
        {
            hash = unchecked((hash ^ c) * 16777619);
        }

        return $"{readable}.{hash:x8}.g.cs";
    }
}
