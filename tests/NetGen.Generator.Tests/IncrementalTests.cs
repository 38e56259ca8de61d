using System.Collections;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace NetGen.Generator.Tests;

/// <summary>
/// The pipeline's caching contract: an edit that leaves a network's spec alone regenerates nothing (every tracked step
/// Cached or Unchanged), a spec change regenerates, and no step output holds an ISymbol, SyntaxNode or Compilation.
/// </summary>
public class IncrementalTests
{
    private static readonly string[] TrackedSteps = [NetGenGenerator.Steps.Parsing, NetGenGenerator.Steps.Validation, NetGenGenerator.Steps.Planning];

    [Fact]
    public void An_unrelated_edit_leaves_every_step_cached_or_unchanged()
    {
        CSharpCompilation first = GeneratorHarness.Compilation(Sources.FashionMlp, "namespace Other; public class Unrelated { }");
        GeneratorDriver driver = GeneratorHarness.Driver().RunGenerators(first);

        SyntaxTree unrelated = first.SyntaxTrees.Last();
        CSharpCompilation second = first.ReplaceSyntaxTree(
            unrelated,
            CSharpSyntaxTree.ParseText("namespace Other; public class Unrelated { public int Edited => 1; }", GeneratorHarness.ParseOptions, unrelated.FilePath));
        GeneratorRunResult rerun = driver.RunGenerators(second).GetRunResult().Results.Single();

        foreach (string step in TrackedSteps)
        {
            Assert.All(
                rerun.TrackedSteps[step].SelectMany(s => s.Outputs),
                output => Assert.True(output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{step}: {output.Reason}"));
        }
    }

    [Fact]
    public void A_cloned_compilation_reuses_every_step()
    {
        CSharpCompilation first = GeneratorHarness.Compilation(Sources.FashionMlp);
        GeneratorDriver driver = GeneratorHarness.Driver().RunGenerators(first);
        GeneratorRunResult rerun = driver.RunGenerators(first.Clone()).GetRunResult().Results.Single();
        foreach (string step in TrackedSteps)
        {
            Assert.All(rerun.TrackedSteps[step].SelectMany(s => s.Outputs), o => Assert.NotEqual(IncrementalStepRunReason.Modified, o.Reason));
        }
    }

    [Fact]
    public void A_width_change_regenerates_the_network()
    {
        CSharpCompilation first = GeneratorHarness.Compilation(Sources.FashionMlp);
        GeneratorDriver driver = GeneratorHarness.Driver().RunGenerators(first);
        string before = driver.GetRunResult().Results.Single().GeneratedSources.Single().SourceText.ToString();

        SyntaxTree tree = first.SyntaxTrees.Single();
        CSharpCompilation second = first.ReplaceSyntaxTree(
            tree,
            CSharpSyntaxTree.ParseText(Sources.FashionMlp.Replace("Dense(128)", "Dense(64)"), GeneratorHarness.ParseOptions, tree.FilePath));
        GeneratorRunResult rerun = driver.RunGenerators(second).GetRunResult().Results.Single();

        foreach (string step in TrackedSteps)
        {
            Assert.Contains(rerun.TrackedSteps[step].SelectMany(s => s.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
        }

        string after = rerun.GeneratedSources.Single().SourceText.ToString();
        Assert.NotEqual(before, after);
        Assert.Contains("Dense(64)", after);
    }

    [Fact]
    public void No_step_output_holds_symbols_syntax_or_compilations()
    {
        GeneratorDriver driver = GeneratorHarness.Driver().RunGenerators(GeneratorHarness.Compilation(Sources.FashionMlp, Sources.Regressor));
        GeneratorRunResult result = driver.GetRunResult().Results.Single();
        foreach (string step in TrackedSteps)
        {
            foreach ((object value, _) in result.TrackedSteps[step].SelectMany(s => s.Outputs))
            {
                AssertHoldsNoRoslynObjects(value, step, new HashSet<object>(ReferenceEqualityComparer.Instance));
            }
        }
    }

    private static void AssertHoldsNoRoslynObjects(object? value, string path, HashSet<object> visited)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum || !visited.Add(value))
        {
            return;
        }

        Assert.False(value is ISymbol or SyntaxNode or Compilation or SemanticModel or SyntaxTree, $"{path} holds a {value.GetType().Name}");
        if (value is DiagnosticDescriptor || value.GetType().Namespace == "Microsoft.CodeAnalysis.Text")
        {
            return; // immutable value types of Roslyn's own (descriptors, spans) are safe to cache
        }

        if (value is IEnumerable items)
        {
            foreach (object? item in items)
            {
                AssertHoldsNoRoslynObjects(item, path + "[]", visited);
            }
        }

        foreach (PropertyInfo property in value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length == 0)
            {
                AssertHoldsNoRoslynObjects(property.GetValue(value), path + "." + property.Name, visited);
            }
        }
    }
}
