using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using NetGen.Generator.Common;

namespace NetGen.Generator.Validation;

/// <summary>
/// The shared rule table (<see cref="Rules"/>) as Roslyn descriptors, one per id, and the conversion of a spec
/// diagnostic into a reported <see cref="Diagnostic"/> at output time.
/// </summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "NetGen";

    private static readonly Dictionary<string, DiagnosticDescriptor> ById = Rules.All.ToDictionary(r => r.Id, Describe);

    public static DiagnosticDescriptor For(Rule rule) => ById[rule.Id];

    /// <summary>The diagnostic at a file location (for failures reported without the compilation at hand).</summary>
    public static Diagnostic ToDiagnostic(this SpecDiagnostic diagnostic) =>
        Diagnostic.Create(For(diagnostic.Rule), diagnostic.Location?.ToLocation(), diagnostic.MessageArguments.Cast<object>().ToArray());

    /// <summary>The diagnostic in <paramref name="compilation"/>'s syntax tree of its file, where suppressions apply.</summary>
    public static Diagnostic ToDiagnostic(this SpecDiagnostic diagnostic, Compilation compilation) =>
        Diagnostic.Create(For(diagnostic.Rule), diagnostic.Location?.ToLocation(compilation), diagnostic.MessageArguments.Cast<object>().ToArray());

    private static DiagnosticDescriptor Describe(Rule rule) => new(
        rule.Id,
        rule.Title,
        rule.MessageFormat,
        Category,
        rule.Severity == RuleSeverity.Error ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        helpLinkUri: rule.HelpLink);
}
