using System.Collections.Generic;
using System.Linq;
using NetGen.Generator.Common;

namespace NetGen.Generator.Planning;

/// <summary>A layer property the stub implements: its name and declared accessibility.</summary>
internal sealed record StubLayer(string Name, string Modifiers);

/// <summary>
/// What is emitted for a network that is not generated (it has errors, or its generated names collide): only the
/// implementations of its valid layer properties, each throwing, so the user sees the NG diagnostics and no cascade of
/// CS9248 ("partial property must have an implementation part"). Immutable with structural equality.
/// </summary>
/// <param name="TypeHead">The class's head in the part: "partial class N", "partial record N&lt;T&gt;".</param>
/// <param name="Containers">The heads of the types the class is nested in, outermost first.</param>
/// <param name="ErrorIds">The ids of the errors that stopped generation, for the exception's message.</param>
internal sealed record StubPlan(
    string Namespace,
    string ClassName,
    string TypeHead,
    EquatableArray<string> Containers,
    EquatableArray<StubLayer> Layers,
    EquatableArray<string> ErrorIds)
{
    /// <summary>The exact full name of a spec's class, namespace, containers and type parameters included: what its hint name is made from.</summary>
    public static string FullNameOf(NetworkSpec spec) =>
        FullNameOf(spec.Namespace, spec.Shape?.Containers ?? EquatableArray<string>.Empty, spec.ClassName + (spec.Shape?.TypeParameters ?? ""));

    private static string FullNameOf(string ns, EquatableArray<string> containers, string type) =>
        string.Join(".", new[] { ns }.Concat(containers.Select(c => c.Substring(c.LastIndexOf(' ') + 1))).Append(type.TrimStart('@')).Where(p => p.Length > 0));

    /// <summary>
    /// The stub of a spec with errors, or null where C# would not accept another part: a class that is not partial (or
    /// sits in a container that is not), or one without a valid layer property to implement.
    /// </summary>
    public static StubPlan? From(NetworkSpec spec, IEnumerable<string> errorIds)
    {
        ClassShape shape = spec.Shape ?? new ClassShape();
        var layers = spec.Layers.Where(l => l.IsValidDeclaration).Select(l => new StubLayer(l.Name, l.Modifiers)).ToList();
        if (!spec.IsPartial || layers.Count == 0 || shape.Containers.Any(c => c.Length == 0) || spec.IsNested && shape.Containers.Count == 0)
        {
            return null;
        }

        string keyword = shape.IsRecord ? "record" : "class";
        return new StubPlan(
            spec.Namespace,
            spec.ClassName,
            $"partial {keyword} {Emission.Identifiers.Escape(spec.ClassName)}{shape.TypeParameters}",
            shape.Containers,
            layers.ToEquatableArray(),
            errorIds.Distinct().OrderBy(id => id, System.StringComparer.Ordinal).ToEquatableArray());
    }

    /// <summary>The stub of a planned network whose generated code would not compile (its names collide).</summary>
    public static StubPlan From(NetworkPlan plan, IEnumerable<string> errorIds) => new(
        plan.Namespace,
        plan.ClassName,
        $"partial class {Emission.Identifiers.Escape(plan.ClassName)}",
        EquatableArray<string>.Empty,
        plan.Layers.Select(l => new StubLayer(l.Name, l.Modifiers)).ToEquatableArray(),
        errorIds.Distinct().OrderBy(id => id, System.StringComparer.Ordinal).ToEquatableArray());
}
