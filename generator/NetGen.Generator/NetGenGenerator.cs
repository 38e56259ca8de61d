using System;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NetGen.Generator.Emission;
using NetGen.Generator.Parsing;
using NetGen.Generator.Planning;
using NetGen.Generator.Validation;

namespace NetGen.Generator;

/// <summary>
/// The pipeline only: Parsing → Validation → Planning → Emission, each a tracked step whose output is a
/// value-equatable record, so an edit that does not change a network's spec regenerates nothing.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class NetGenGenerator : IIncrementalGenerator
{
    /// <summary>Tracking names of the pipeline steps, for incremental-caching tests.</summary>
    public static class Steps
    {
        public const string Parsing = nameof(Parsing);
        public const string Validation = nameof(Validation);
        public const string Planning = nameof(Planning);
        public const string Emission = nameof(Emission);
    }

    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValuesProvider<NetworkSpec> specs = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                AttributeNames.Network,
                // Records too, so that NG0040 can say they are not supported (structs and interfaces cannot carry [Network]).
                static (node, _) => node is ClassDeclarationSyntax or RecordDeclarationSyntax,
                static (syntax, cancellationToken) => NetworkParser.Parse(syntax, cancellationToken))
            .WithTrackingName(Steps.Parsing);

        IncrementalValuesProvider<ValidatedNetwork> validated = specs
            .Select(static (spec, _) => NetworkValidator.Validate(spec))
            .WithTrackingName(Steps.Validation);

        // A network with errors is planned as its stub: the layer properties alone, so no CS9248 buries its NG errors.
        IncrementalValuesProvider<PlanResult> plans = validated
            .Select(static (v, _) => PlanResult.From(v))
            .WithTrackingName(Steps.Planning);

        IncrementalValuesProvider<EmittedNetwork> emitted = plans
            .Select(static (result, _) => EmittedNetwork.From(result))
            .WithTrackingName(Steps.Emission);

        context.RegisterSourceOutput(emitted, static (output, network) =>
        {
            foreach (SpecDiagnostic failure in network.Failures)
            {
                output.ReportDiagnostic(failure.ToDiagnostic());
            }

            if (network.Source.Length > 0)
            {
                output.AddSource(network.HintName, network.Source);
            }
        });

        // Diagnostics are reported against the user's own syntax trees (looked up in the current compilation, which the
        // cached records cannot hold), so #pragma warning disable and .editorconfig severities apply to them. Name
        // collisions found at emission are located here, in the spec they index.
        IncrementalValueProvider<ImmutableArray<EmittedNetwork>> collided = emitted.Where(static e => e.Collisions.Count > 0).Collect();
        context.RegisterSourceOutput(validated.Combine(collided).Combine(context.CompilationProvider), static (output, pair) =>
        {
            ((ValidatedNetwork network, ImmutableArray<EmittedNetwork> collisions), Compilation compilation) = pair;
            foreach (SpecDiagnostic diagnostic in network.Diagnostics)
            {
                output.ReportDiagnostic(diagnostic.ToDiagnostic(compilation));
            }

            string key = StubPlan.FullNameOf(network.Spec);
            foreach (NameCollision collision in collisions.Where(e => e.Key == key).SelectMany(e => e.Collisions))
            {
                output.ReportDiagnostic(Locate(network.Spec, collision).ToDiagnostic(compilation));
            }
        });
    }

    private static SpecDiagnostic Locate(NetworkSpec spec, NameCollision collision)
    {
        SpecLocation? location = collision.Subject switch
        {
            CollisionSubject.Layer when collision.Index < spec.Layers.Count => spec.Layers[collision.Index].Location,
            CollisionSubject.Member when collision.Index < spec.Members.Count => spec.Members[collision.Index].Location,
            _ => spec.ClassLocation,
        };
        return new SpecDiagnostic(collision.Rule, location ?? spec.ClassLocation, collision.Arguments);
    }

    /// <summary>
    /// A network's plan, or the stub planned in its place (it has errors, or planning failed and <paramref name="Failure"/>
    /// says why: the generator reports, it never throws), with the members the user declared, without their locations, for
    /// the generated names to be checked against.
    /// </summary>
    /// <param name="Key">The exact full name of the class, namespace, containers and type parameters included.</param>
    internal sealed record PlanResult(string Key, NetworkPlan? Plan, StubPlan? Stub, SpecDiagnostic? Failure, EquatableArray<DeclaredMember> Declared)
    {
        public static PlanResult From(ValidatedNetwork validated)
        {
            NetworkSpec spec = validated.Spec;
            string key = StubPlan.FullNameOf(spec);
            var declared = spec.Members.Select(m => m with { Location = null }).ToEquatableArray();
            if (validated.HasErrors)
            {
                return new PlanResult(key, null, StubPlan.From(spec, validated.Diagnostics.Where(d => d.IsError).Select(d => d.Rule.Id)), null, declared);
            }

            try
            {
                return new PlanResult(key, Planner.Plan(validated), null, null, declared);
            }
            catch (Exception e)
            {
                return new PlanResult(key, null, StubPlan.From(spec, [Rules.InternalError.Id]), SpecDiagnostic.Create(Rules.InternalError, spec.ClassLocation, spec.ClassName, e.Message), declared);
            }
        }
    }
}
