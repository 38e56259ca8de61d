using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NetGen.Generator.Common;

namespace NetGen.Generator.Parsing;

/// <summary>
/// Stage 1: reads a [Network] class into a <see cref="NetworkSpec"/>. Records facts only (what is partial, what each
/// attribute says, where it is); judging them is Validation's job.
/// </summary>
internal static class NetworkParser
{
    public static NetworkSpec Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        var type = (INamedTypeSymbol)context.TargetSymbol;
        var declaration = (TypeDeclarationSyntax)context.TargetNode;
        AttributeData network = context.Attributes[0];

        var inputShape = EquatableArray<int>.Empty;
        SpecLocation? inputLocation = null;
        bool hasInput = false;
        var losses = new List<LossSpec>();
        var optimizers = new List<OptimizerSpec>();
        var regularizers = new List<RegularizerSpec>();
        foreach (AttributeData attribute in type.GetAttributes())
        {
            cancellationToken.ThrowIfCancellationRequested();
            SpecLocation? location = LocationOf(attribute);
            switch (attribute.AttributeClass?.ToDisplayString())
            {
                case AttributeNames.Input:
                    inputShape = attribute.PositionalInts(0).ToEquatableArray();
                    inputLocation = location;
                    hasInput = true;
                    break;
                case AttributeNames.SoftmaxCrossEntropy:
                    losses.Add(new LossSpec(LossKind.SoftmaxCrossEntropy, location, attribute.Named("LabelSmoothing", 0f)));
                    break;
                case AttributeNames.MeanSquaredError:
                    losses.Add(new LossSpec(LossKind.MeanSquaredError, location));
                    break;
                case AttributeNames.BinaryCrossEntropy:
                    losses.Add(new LossSpec(LossKind.BinaryCrossEntropy, location));
                    break;
                case AttributeNames.Sgd:
                case AttributeNames.AdaGrad:
                case AttributeNames.RmsProp:
                case AttributeNames.Adam:
                case AttributeNames.AdamW:
                    optimizers.Add(OptimizerParser.Parse(attribute, location));
                    break;
                case AttributeNames.ClipGradNorm:
                    regularizers.Add(new RegularizerSpec(RegularizerKind.ClipGradNorm, attribute.Positional(0, float.NaN), location));
                    break;
                case AttributeNames.ClipGradValue:
                    regularizers.Add(new RegularizerSpec(RegularizerKind.ClipGradValue, attribute.Positional(0, float.NaN), location));
                    break;
                case AttributeNames.L1:
                    regularizers.Add(new RegularizerSpec(RegularizerKind.L1, attribute.Positional(0, float.NaN), location));
                    break;
            }
        }

        return new NetworkSpec(
            Namespace: type.ContainingNamespace.IsGlobalNamespace ? "" : type.ContainingNamespace.ToDisplayString(),
            ClassName: type.Name,
            ClassLocation: Locations.From(declaration.Identifier.GetLocation()),
            IsPartial: declaration.Modifiers.Any(SyntaxKind.PartialKeyword),
            IsNested: type.ContainingType is not null,
            IsGeneric: type.IsGenericType,
            BatchSize: network.Named("BatchSize", 32),
            NetworkLocation: LocationOf(network),
            HasInput: hasInput,
            InputShape: inputShape,
            InputLocation: inputLocation,
            Losses: losses.ToEquatableArray(),
            Optimizers: optimizers.ToEquatableArray(),
            Regularizers: regularizers.ToEquatableArray(),
            Layers: ParseLayers(type, cancellationToken).ToEquatableArray(),
            Shape: ShapeOf(type, declaration),
            Members: MembersOf(type).ToEquatableArray());
    }

    private static ClassShape ShapeOf(INamedTypeSymbol type, TypeDeclarationSyntax declaration)
    {
        INamedTypeSymbol? baseType = type.BaseType is { SpecialType: not SpecialType.System_Object } b ? b : null;
        return new ClassShape(
            IsRecord: type.IsRecord,
            IsStatic: type.IsStatic,
            HasPrimaryConstructor: declaration.ParameterList is not null,
            BaseClass: baseType?.ToDisplayString() ?? "",
            BaseConstructible: baseType is null || baseType.InstanceConstructors.Any(c =>
                c.DeclaredAccessibility is Accessibility.Public or Accessibility.Protected or Accessibility.ProtectedOrInternal or Accessibility.Internal
                && c.Parameters.All(p => p.IsOptional || p.IsParams)),
            BaseIsNetwork: baseType is not null && baseType.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == AttributeNames.Network),
            TypeParameters: TypeParametersOf(declaration),
            Containers: ContainersOf(type).ToEquatableArray());
    }

    /// <summary>"&lt;T,U&gt;" as a part of the type may repeat it (names only, no spaces), or "".</summary>
    private static string TypeParametersOf(TypeDeclarationSyntax declaration) =>
        declaration.TypeParameterList is { } list ? "<" + string.Join(",", list.Parameters.Select(p => p.Identifier.Text)) + ">" : "";

    /// <summary>The head of each type <paramref name="type"/> is nested in, outermost first; "" for one that is not partial.</summary>
    private static IEnumerable<string> ContainersOf(INamedTypeSymbol type)
    {
        var heads = new List<string>();
        for (INamedTypeSymbol? container = type.ContainingType; container is not null; container = container.ContainingType)
        {
            var syntax = container.DeclaringSyntaxReferences.Select(r => r.GetSyntax()).OfType<TypeDeclarationSyntax>().FirstOrDefault();
            bool partial = syntax is not null && syntax.Modifiers.Any(SyntaxKind.PartialKeyword);
            heads.Add(!partial ? "" : syntax switch
            {
                RecordDeclarationSyntax record => $"partial {record.Keyword.Text}{(record.ClassOrStructKeyword.IsKind(SyntaxKind.None) ? "" : " " + record.ClassOrStructKeyword.Text)} {record.Identifier.Text}{TypeParametersOf(record)}",
                _ => $"partial {syntax!.Keyword.Text} {syntax.Identifier.Text}{TypeParametersOf(syntax)}",
            });
        }

        heads.Reverse();
        return heads;
    }

    /// <summary>What the user declared besides layer properties, for the generated members to be checked against.</summary>
    private static IEnumerable<DeclaredMember> MembersOf(INamedTypeSymbol type)
    {
        foreach (ISymbol member in type.GetMembers())
        {
            if (member.IsImplicitlyDeclared || member is IPropertySymbol { IsIndexer: false } property && IsLayer(property))
            {
                continue;
            }

            Location? location = member.Locations.FirstOrDefault(l => l.IsInSource);
            if (location is null)
            {
                continue;
            }

            (string kind, IEnumerable<IParameterSymbol> parameters) = member switch
            {
                IMethodSymbol { MethodKind: MethodKind.Constructor } m => ("constructor", m.Parameters),
                IMethodSymbol m => ("method", m.Parameters),
                IPropertySymbol p => ("property", p.Parameters),
                IFieldSymbol => ("field", Enumerable.Empty<IParameterSymbol>()),
                IEventSymbol => ("event", Enumerable.Empty<IParameterSymbol>()),
                _ => ("type", Enumerable.Empty<IParameterSymbol>()),
            };
            yield return new DeclaredMember(
                member.Name,
                kind,
                parameters.Select(p => p.Type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat)).ToEquatableArray(),
                Locations.From(location));
        }
    }

    /// <summary>A layer property as the parser reads them: of type NetGen.Layer, or carrying NetGen op attributes.</summary>
    private static bool IsLayer(IPropertySymbol property) =>
        property.Type.ToDisplayString() == AttributeNames.LayerType || property.GetAttributes().Any(a => ParseOp(a) is not null);

    private static IEnumerable<LayerSpec> ParseLayers(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        var declarations = type.DeclaringSyntaxReferences.Select(r => r.GetSyntax(cancellationToken)).ToList();
        var layers = new List<(int Declaration, int Position, LayerSpec Layer)>();
        foreach (IPropertySymbol property in type.GetMembers().OfType<IPropertySymbol>())
        {
            var ops = property.GetAttributes()
                .Select(a => (Attribute: a, Op: ParseOp(a)))
                .Where(p => p.Op is not null)
                .OrderBy(p => p.Attribute.ApplicationSyntaxReference?.Span.Start ?? 0)
                .Select(p => p.Op!)
                .ToList();
            bool isLayerType = property.Type.ToDisplayString() == AttributeNames.LayerType;
            if (!isLayerType && ops.Count == 0)
            {
                continue;
            }

            SyntaxNode? syntax = property.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken);
            int declarationIndex = syntax is null ? 0 : declarations.FindIndex(d => d.Span.Contains(syntax.Span) && d.SyntaxTree == syntax.SyntaxTree);
            string problem = DeclarationProblem(property, isLayerType);
            var layer = new LayerSpec(
                property.Name,
                Locations.From(property.Locations.FirstOrDefault()),
                AccessibilityText(syntax),
                problem.Length == 0,
                problem,
                declarationIndex,
                ops.ToEquatableArray());
            layers.Add((declarationIndex, syntax?.SpanStart ?? 0, layer));
        }

        return layers.OrderBy(l => l.Declaration).ThenBy(l => l.Position).Select(l => l.Layer);
    }

    private static string DeclarationProblem(IPropertySymbol property, bool isLayerType)
    {
        if (!isLayerType)
        {
            return $"its type is '{property.Type.ToDisplayString()}', expected 'NetGen.Layer'";
        }

        if (property.IsStatic)
        {
            return "it is static, expected an instance property";
        }

        if (!property.IsPartialDefinition)
        {
            return "it is not declared 'partial' (write 'public partial Layer " + property.Name + " { get; }')";
        }

        if (property.SetMethod is not null)
        {
            return "it has a setter, expected '{ get; }' only";
        }

        if (property.IsIndexer)
        {
            return "it is an indexer, expected a named property";
        }

        if (property.IsVirtual || property.IsOverride || property.IsAbstract || property.IsExtern)
        {
            return $"it is {(property.IsVirtual ? "virtual" : property.IsOverride ? "override" : property.IsAbstract ? "abstract" : "extern")}, expected a plain (non-virtual) property: the generated implementation is fixed by the spec";
        }

        if (property.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() is PropertyDeclarationSyntax { } syntax && syntax.Modifiers.Any(SyntaxKind.NewKeyword))
        {
            return "it is declared 'new', hiding a base member; give the layer a name of its own";
        }

        if (property.IsRequired)
        {
            return "it is 'required', expected a property the generated code implements";
        }

        return "";
    }

    private static OpSpec? ParseOp(AttributeData attribute)
    {
        SpecLocation? location = LocationOf(attribute);
        switch (attribute.AttributeClass?.ToDisplayString())
        {
            case AttributeNames.Dense:
                return new OpSpec(
                    OpKind.Dense,
                    location,
                    Units: attribute.Positional(0, 0),
                    Init: (InitKind)attribute.Named("Init", 0),
                    HasConstantBias: attribute.HasNamed("Bias"),
                    Bias: attribute.Named("Bias", 0f),
                    UseBias: attribute.Named("UseBias", true));
            case AttributeNames.Conv2D:
                return new OpSpec(
                    OpKind.Conv2D,
                    location,
                    Units: attribute.Positional(0, 0),
                    Init: (InitKind)attribute.Named("Init", 0),
                    HasConstantBias: attribute.HasNamed("Bias"),
                    Bias: attribute.Named("Bias", 0f),
                    UseBias: attribute.Named("UseBias", true),
                    Kernel: attribute.Positional(1, 0),
                    Stride: attribute.Named("Stride", 1),
                    Padding: attribute.Named("Padding", 0));
            case AttributeNames.MaxPool:
            case AttributeNames.AvgPool:
                OpKind pooling = attribute.AttributeClass?.Name == "MaxPoolAttribute" ? OpKind.MaxPool : OpKind.AvgPool;
                return OpSpec.Pooling(
                    pooling,
                    location,
                    attribute.Positional(0, 0),
                    attribute.Named("Stride", 0),
                    attribute.Named("Padding", 0),
                    attribute.Named("CeilMode", false),
                    attribute.Named("CountIncludePad", true));
            case AttributeNames.Flatten:
                return new OpSpec(OpKind.Flatten, location);
            case AttributeNames.ReLU:
                return new OpSpec(OpKind.ReLU, location);
            case AttributeNames.LeakyReLU:
                return new OpSpec(OpKind.LeakyReLU, location, Slope: attribute.Positional(0, 0.01f));
            case AttributeNames.Tanh:
                return new OpSpec(OpKind.Tanh, location);
            case AttributeNames.Sigmoid:
                return new OpSpec(OpKind.Sigmoid, location);
            case AttributeNames.ELU:
                return new OpSpec(OpKind.ELU, location, Alpha: attribute.Positional(0, 1f));
            case AttributeNames.GELU:
                return new OpSpec(OpKind.GELU, location);
            case AttributeNames.SiLU:
                return new OpSpec(OpKind.SiLU, location);
            case AttributeNames.PReLU:
                return new OpSpec(OpKind.PReLU, location);
            case AttributeNames.Maxout:
                return new OpSpec(OpKind.Maxout, location, Pieces: attribute.Positional(0, 0));
            case AttributeNames.BatchNorm:
                return new OpSpec(OpKind.BatchNorm, location, Momentum: attribute.Named("Momentum", 0.1f), Epsilon: attribute.Named("Epsilon", 1e-5f));
            case AttributeNames.LayerNorm:
                return new OpSpec(OpKind.LayerNorm, location, Epsilon: attribute.Named("Epsilon", 1e-5f));
            case AttributeNames.GroupNorm:
                return new OpSpec(OpKind.GroupNorm, location, Pieces: attribute.Positional(0, 0), Epsilon: attribute.Named("Epsilon", 1e-5f));
            case AttributeNames.InstanceNorm:
                return new OpSpec(OpKind.InstanceNorm, location, Epsilon: attribute.Named("Epsilon", 1e-5f));
            case AttributeNames.WeightNorm:
                return new OpSpec(OpKind.WeightNorm, location);
            case AttributeNames.Dropout:
                return new OpSpec(OpKind.Dropout, location, Probability: attribute.Positional(0, float.NaN));
            case AttributeNames.MaxNorm:
                return new OpSpec(OpKind.MaxNorm, location, Value: attribute.Positional(0, float.NaN));
            case AttributeNames.GaussianNoise:
                return new OpSpec(OpKind.GaussianNoise, location, Value: attribute.Positional(0, float.NaN));
            case AttributeNames.ActivityL1:
                return new OpSpec(OpKind.ActivityL1, location, Value: attribute.Positional(0, float.NaN));
            default:
                return null;
        }
    }

    private static SpecLocation? LocationOf(AttributeData attribute) =>
        Locations.From(attribute.ApplicationSyntaxReference?.GetSyntax());

    /// <summary>The accessibility keywords exactly as declared, which the implementing part must repeat.</summary>
    private static string AccessibilityText(SyntaxNode? syntax) =>
        syntax is PropertyDeclarationSyntax property
            ? string.Join(" ", property.Modifiers.Where(m => SyntaxFacts.IsAccessibilityModifier(m.Kind())).Select(m => m.Text))
            : "";
}
