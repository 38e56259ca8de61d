using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace NetGen.Generator.Emission;

/// <summary>A member of the generated class, as the compiler will see it.</summary>
/// <param name="Name">The identifier; "NetGen.INetwork.X" for an explicit implementation, ".ctor" for the constructor.</param>
/// <param name="Kind">How a message names it: "public method", "private const", "constructor".</param>
/// <param name="ParameterTypes">A method's or constructor's parameter types, as written (global::-qualified), without spaces.</param>
internal sealed record GeneratedMember(string Name, string Kind, EquatableArray<string> ParameterTypes, bool IsMethod);

/// <summary>A name declared twice among one generated method's parameters and locals.</summary>
internal sealed record RepeatedLocal(string Method, string Name);

/// <summary>
/// The names the emitted code declares, read back from the emitted text itself: the list of generated names is the
/// code, never a second list beside the emitters that could drift from them. The layer properties' implementations
/// (the only partial members) are left out: they are the user's names.
/// </summary>
internal static class GeneratedNames
{
    public static (List<GeneratedMember> Members, List<RepeatedLocal> RepeatedLocals) Read(string source)
    {
        var members = new List<GeneratedMember>();
        var repeated = new List<RepeatedLocal>();
        SyntaxNode root = CSharpSyntaxTree.ParseText(source).GetRoot();
        TypeDeclarationSyntax? type = root.DescendantNodes().OfType<TypeDeclarationSyntax>().FirstOrDefault();
        if (type is null)
        {
            return (members, repeated);
        }

        foreach (MemberDeclarationSyntax member in type.Members)
        {
            members.AddRange(Declared(member));
            RepeatedIn(member, repeated);
        }

        // A member named nameof would turn the generated nameof(...) expressions into calls of it.
        if (type.DescendantNodes().OfType<InvocationExpressionSyntax>().Any(i => i.Expression is IdentifierNameSyntax { Identifier.ValueText: "nameof" }))
        {
            members.Add(new GeneratedMember("nameof", "nameof expression", EquatableArray<string>.Empty, IsMethod: false));
        }

        return (members, repeated);
    }

    /// <summary>Spaces and the global:: alias removed, so written types compare with symbols' fully qualified names.</summary>
    public static string Normalize(string type) => type.Replace(" ", "").Replace("global::", "");

    private static IEnumerable<GeneratedMember> Declared(MemberDeclarationSyntax member)
    {
        string access = Accessibility(member.Modifiers);
        switch (member)
        {
            case BaseFieldDeclarationSyntax field:
                string kind = field.Modifiers.Any(SyntaxKind.ConstKeyword) ? "const" : field is EventFieldDeclarationSyntax ? "event" : "field";
                foreach (VariableDeclaratorSyntax variable in field.Declaration.Variables)
                {
                    yield return new GeneratedMember(variable.Identifier.ValueText, $"{access} {kind}", EquatableArray<string>.Empty, IsMethod: false);
                }

                break;
            case PropertyDeclarationSyntax property when !property.Modifiers.Any(SyntaxKind.PartialKeyword):
                yield return new GeneratedMember(Qualified(property.ExplicitInterfaceSpecifier, property.Identifier), Kind(access, "property", property.ExplicitInterfaceSpecifier), EquatableArray<string>.Empty, IsMethod: false);
                break;
            case MethodDeclarationSyntax method:
                yield return new GeneratedMember(Qualified(method.ExplicitInterfaceSpecifier, method.Identifier), Kind(access, "method", method.ExplicitInterfaceSpecifier), ParameterTypes(method.ParameterList), IsMethod: true);
                break;
            case ConstructorDeclarationSyntax constructor:
                yield return new GeneratedMember(".ctor", "constructor", ParameterTypes(constructor.ParameterList), IsMethod: true);
                break;
            case BaseTypeDeclarationSyntax nested:
                yield return new GeneratedMember(nested.Identifier.ValueText, $"{access} type", EquatableArray<string>.Empty, IsMethod: false);
                break;
        }
    }

    /// <summary>Names declared more than once in one member's parameters and body (C# rejects a name reused in nested scopes too).</summary>
    private static void RepeatedIn(MemberDeclarationSyntax member, List<RepeatedLocal> repeated)
    {
        string method = member switch
        {
            MethodDeclarationSyntax m => m.Identifier.ValueText,
            ConstructorDeclarationSyntax => "the constructor",
            PropertyDeclarationSyntax p => p.Identifier.ValueText,
            _ => "",
        };
        IEnumerable<string> names = member.DescendantNodes().Select(node => (string?)(node switch
        {
            ParameterSyntax p => p.Identifier.ValueText,
            VariableDeclaratorSyntax v => v.Identifier.ValueText,
            SingleVariableDesignationSyntax d => d.Identifier.ValueText,
            ForEachStatementSyntax f => f.Identifier.ValueText,
            _ => null,
        })).OfType<string>();
        foreach (IGrouping<string, string> name in names.GroupBy(n => n).Where(g => g.Count() > 1))
        {
            repeated.Add(new RepeatedLocal(method, name.Key));
        }
    }

    private static string Qualified(ExplicitInterfaceSpecifierSyntax? explicitInterface, SyntaxToken identifier) =>
        explicitInterface is null ? identifier.ValueText : Normalize(explicitInterface.Name.ToString()) + "." + identifier.ValueText;

    private static string Kind(string access, string kind, ExplicitInterfaceSpecifierSyntax? explicitInterface) =>
        explicitInterface is null ? $"{access} {kind}" : $"explicit {Normalize(explicitInterface.Name.ToString())} {kind}";

    private static EquatableArray<string> ParameterTypes(ParameterListSyntax parameters) =>
        parameters.Parameters.Select(p => Normalize(p.Type?.ToString() ?? "")).ToEquatableArray();

    private static string Accessibility(SyntaxTokenList modifiers)
    {
        string written = string.Join(" ", modifiers.Where(m => SyntaxFacts.IsAccessibilityModifier(m.Kind())).Select(m => m.Text));
        return written.Length > 0 ? written : "private";
    }
}
