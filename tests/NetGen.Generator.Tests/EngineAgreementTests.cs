using System.Reflection;
using System.Runtime.Loader;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Emit;
using NetGen.Graph;

namespace NetGen.Generator.Tests;

/// <summary>
/// Both engines apply one rule table: every diagnostic case, compiled into a real assembly and read back by the
/// interpreter (<see cref="GraphAttributes"/>), breaks exactly the rules the generator reports on its source, with the same
/// ids and messages. Rules about the C# declaration itself (partial, nested, generic, property shape) are the generator's
/// alone, since reflection cannot see them; those cases are left out.
/// </summary>
public partial class EngineAgreementTests
{
    public static TheoryData<string, string> SpecCases()
    {
        var cases = new TheoryData<string, string>();
        foreach (object[] c in DiagnosticTests.Cases)
        {
            string ids = (string)c[0];
            if (NetGen.Spec.Rules.All.Single(r => r.Id == DiagnosticTests.IdsOf(ids)[0]).Scope == NetGen.Spec.RuleScope.Spec)
            {
                cases.Add(ids, (string)c[1]);
            }
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(SpecCases))]
    public void The_interpreter_reports_the_generators_diagnostics(string ids, string marked)
    {
        (string source, _) = GeneratorHarness.Marked("using NetGen;\nnamespace T;\n" + marked);
        GeneratorOutcome generated = GeneratorHarness.Run(source);
        string[] expected = generated.GeneratorDiagnostics
            .Select(d => $"{d.Id}: {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}")
            .Order(StringComparer.Ordinal)
            .ToArray();
        Assert.Equal(DiagnosticTests.IdsOf(ids).Order(StringComparer.Ordinal), expected.Select(e => e[..6]));

        string plain = PartialMember().Replace(source, "");
        Diagnostic[] invalidCSharp = GeneratorHarness.Compilation(plain).GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
        if (invalidCSharp.Length > 0)
        {
            // Not C# even without the generator (e.g. a second [Sgd], which allows one): nothing exists for reflection to read.
            Assert.All(invalidCSharp, d => Assert.Contains(generated.CompilationDiagnostics, g => g.Id == d.Id));
            return;
        }

        var context = new AssemblyLoadContext("spec case", isCollectible: true);
        try
        {
            Type network = Load(plain, context).GetType("T.N")!;
            Assert.Equal(expected, GraphAttributes.Read(network).Diagnostics.Select(d => d.ToString()).Order(StringComparer.Ordinal));
        }
        finally
        {
            context.Unload();
        }
    }

    private static Assembly Load(string plain, AssemblyLoadContext context)
    {
        using var image = new MemoryStream();
        EmitResult result = GeneratorHarness.Compilation(plain).Emit(image);
        Assert.True(result.Success, string.Join(Environment.NewLine, result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        image.Position = 0;
        return context.LoadFromStream(image);
    }

    /// <summary>
    /// 'partial' on members: removed, the case becomes a plain class with the same attributes (auto-properties), which
    /// compiles without the generator (which emits only a stub of the layer properties for an invalid spec).
    /// </summary>
    [GeneratedRegex(@"\bpartial\s+(?!class\b)")]
    private static partial Regex PartialMember();
}
