using System.Linq;
using NetGen.Generator.Common;
using NetGen.Generator.Parsing;

namespace NetGen.Generator.Validation;

/// <summary>A spec and every diagnostic found in it. Planning runs only when <see cref="HasErrors"/> is false.</summary>
internal sealed record ValidatedNetwork(NetworkSpec Spec, EquatableArray<DiagnosticInfo> Diagnostics)
{
    public bool HasErrors => Diagnostics.Any(d => d.IsError);
}
