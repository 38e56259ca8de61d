using System;
using System.Linq;
using NetGen.Generator.Planning;

namespace NetGen.Generator.Emission;

/// <summary>
/// Stage 4's output for one network: the file to add (the generated class, or the stub of a network that is not
/// generated; none when C# would not accept a part), the name collisions that replaced the generated class, and internal
/// errors. Immutable with structural equality, and location-free, so that an edit moving the network's text leaves it
/// cached.
/// </summary>
/// <param name="Key">The exact full name of the class, which the output matches with its validated spec.</param>
internal sealed record EmittedNetwork(
    string Key,
    string HintName,
    string Source,
    EquatableArray<NameCollision> Collisions,
    EquatableArray<SpecDiagnostic> Failures)
{
    public static EmittedNetwork From(NetGenGenerator.PlanResult result)
    {
        if (result.Plan is not { } plan)
        {
            return Stub(result.Key, result.Stub, [], result.Failure is { } failure ? [failure] : []);
        }

        string source;
        try
        {
            source = NetworkEmitter.Emit(plan);
            var collisions = NameCheck.Find(plan, result.Declared, source);
            if (collisions.Count > 0)
            {
                return Stub(result.Key, StubPlan.From(plan, collisions.Select(c => c.Rule.Id)), collisions.ToArray(), []);
            }
        }
        catch (Exception e)
        {
            return Stub(result.Key, StubPlan.From(plan, [Rules.InternalError.Id]), [], [SpecDiagnostic.Create(Rules.InternalError, null, plan.ClassName, e.Message)]);
        }

        return new EmittedNetwork(result.Key, Identifiers.HintName(result.Key), source, EquatableArray<NameCollision>.Empty, EquatableArray<SpecDiagnostic>.Empty);
    }

    private static EmittedNetwork Stub(string key, StubPlan? stub, NameCollision[] collisions, SpecDiagnostic[] failures) => new(
        key,
        stub is null ? "" : Identifiers.HintName(key),
        stub is null ? "" : StubEmitter.Emit(stub),
        collisions.ToEquatableArray(),
        failures.ToEquatableArray());
}
