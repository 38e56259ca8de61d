using System.Linq;

namespace NetGen.Spec;

/// <summary>
/// A broken rule as plain values: the rule, where it points and its message arguments. Carried next to the model and
/// turned into a Roslyn diagnostic (generator) or an exception (interpreter) only at the end.
/// </summary>
internal sealed record SpecDiagnostic(Rule Rule, SpecLocation? Location, EquatableArray<string> MessageArguments)
{
    public static SpecDiagnostic Create(Rule rule, SpecLocation? location, params string[] messageArguments) =>
        new(rule, location, messageArguments.ToEquatableArray());

    public bool IsError => Rule.Severity == RuleSeverity.Error;

    public string Message => Rule.Format(MessageArguments.ToArray());

    /// <summary>"NG0007: Dense units of layer 'Out' is 0; it must be at least 1".</summary>
    public override string ToString() => $"{Rule.Id}: {Message}";
}
