using System;
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

        IncrementalValuesProvider<PlanResult> plans = validated
            .Where(static v => !v.HasErrors)
            .Select(static (v, _) => PlanResult.From(v))
            .WithTrackingName(Steps.Planning);

        // Diagnostics are reported against the user's own syntax trees (looked up in the current compilation, which the
        // cached records cannot hold), so #pragma warning disable and .editorconfig severities apply to them.
        context.RegisterSourceOutput(validated.Combine(context.CompilationProvider), static (output, pair) =>
        {
            foreach (SpecDiagnostic diagnostic in pair.Left.Diagnostics)
            {
                output.ReportDiagnostic(diagnostic.ToDiagnostic(pair.Right));
            }
        });

        context.RegisterSourceOutput(plans, static (output, result) =>
        {
            if (result.Plan is null)
            {
                output.ReportDiagnostic(result.Failure!.ToDiagnostic());
                return;
            }

            string source;
            try
            {
                source = NetworkEmitter.Emit(result.Plan);
            }
            catch (Exception e)
            {
                output.ReportDiagnostic(SpecDiagnostic.Create(Rules.InternalError, null, result.Plan.ClassName, e.Message).ToDiagnostic());
                return;
            }

            output.AddSource(NetworkEmitter.HintName(result.Plan), source);
        });
    }

    /// <summary>A plan, or the internal-error diagnostic that replaced it: the generator reports, it never throws.</summary>
    internal sealed record PlanResult(NetworkPlan? Plan, SpecDiagnostic? Failure)
    {
        public static PlanResult From(ValidatedNetwork validated)
        {
            NetworkSpec spec = validated.Spec;
            try
            {
                return new PlanResult(Planner.Plan(validated), null);
            }
            catch (Exception e)
            {
                return new PlanResult(null, SpecDiagnostic.Create(Rules.InternalError, spec.ClassLocation, spec.ClassName, e.Message));
            }
        }
    }
}
