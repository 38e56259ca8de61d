using Microsoft.CodeAnalysis;

namespace NetGen.Generator.Common;

/// <summary>
/// A diagnostic as plain values, carried next to the model and turned into a <see cref="Diagnostic"/> only at output
/// time (a Diagnostic holds a Location tied to a syntax tree and would break caching).
/// </summary>
internal sealed record DiagnosticInfo(DiagnosticDescriptor Descriptor, LocationInfo? Location, EquatableArray<string> MessageArguments)
{
    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, LocationInfo? location, params string[] messageArguments) =>
        new(descriptor, location, messageArguments.ToEquatableArray());

    public bool IsError => Descriptor.DefaultSeverity == DiagnosticSeverity.Error;

    public Diagnostic ToDiagnostic() =>
        Diagnostic.Create(Descriptor, Location?.ToLocation(), System.Linq.Enumerable.ToArray(System.Linq.Enumerable.Cast<object>(MessageArguments)));
}
