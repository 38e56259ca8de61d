using System.Collections;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace NetGen.Generator.Tests;

/// <summary>
/// The pipeline's caching contract: an edit that leaves a network's spec alone (in another file, or trivia in its own)
/// regenerates nothing (every tracked step Cached or Unchanged), a spec change regenerates, and no step output holds an
/// ISymbol, SyntaxNode or Compilation.
/// </summary>
public class IncrementalTests
{
    private static readonly string[] TrackedSteps = [NetGenGenerator.Steps.Parsing, NetGenGenerator.Steps.Validation, NetGenGenerator.Steps.Planning, NetGenGenerator.Steps.Emission];

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
            AssertCachedOrUnchanged(rerun, step);
        }
    }

    [Theory]
    [InlineData("public partial Layer Output { get; }", "public partial Layer Output { get; } // the logits\n\n    ")]
    [InlineData("{ get; }\n}", "{ get; }\n\n    /* nothing after the layers */\n}\n\n")]
    public void A_trivia_edit_in_the_network_file_leaves_every_step_cached_or_unchanged(string original, string edited)
    {
        GeneratorRunResult rerun = RerunAfterEdit(original, edited);
        foreach (string step in TrackedSteps)
        {
            AssertCachedOrUnchanged(rerun, step);
        }
    }

    [Fact]
    public void A_comment_above_the_network_leaves_the_plan_and_so_the_generated_source_unchanged()
    {
        // The comment shifts the attribute spans the parsed spec keeps for diagnostics, so Parsing and Validation rerun;
        // the plan holds no locations, so it compares equal and nothing is emitted again.
        GeneratorRunResult rerun = RerunAfterEdit("public partial class FashionMlp", "// A comment above the class.\npublic partial class FashionMlp");
        AssertCachedOrUnchanged(rerun, NetGenGenerator.Steps.Planning);
        AssertCachedOrUnchanged(rerun, NetGenGenerator.Steps.Emission);
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

    /// <summary>Runs the generator on FashionMlp, replaces <paramref name="original"/> in its file by <paramref name="edited"/>, and reruns.</summary>
    private static GeneratorRunResult RerunAfterEdit(string original, string edited)
    {
        Assert.Contains(original, Sources.FashionMlp);
        CSharpCompilation first = GeneratorHarness.Compilation(Sources.FashionMlp);
        GeneratorDriver driver = GeneratorHarness.Driver().RunGenerators(first);
        SyntaxTree network = first.SyntaxTrees.Single();
        CSharpCompilation second = first.ReplaceSyntaxTree(
            network,
            CSharpSyntaxTree.ParseText(Sources.FashionMlp.Replace(original, edited), GeneratorHarness.ParseOptions, network.FilePath));
        return driver.RunGenerators(second).GetRunResult().Results.Single();
    }

    private static void AssertCachedOrUnchanged(GeneratorRunResult rerun, string step)
    {
        IncrementalStepRunReason[] reasons = rerun.TrackedSteps[step].SelectMany(s => s.Outputs).Select(o => o.Reason).ToArray();
        Assert.NotEmpty(reasons);
        Assert.All(reasons, reason => Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{step}: {reason}"));
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
