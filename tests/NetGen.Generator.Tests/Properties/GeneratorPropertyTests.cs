using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.Loader;
using CsCheck;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace NetGen.Generator.Tests.Properties;

/// <summary>
/// The generator over random valid specs and random mutations of them (<see cref="RandomNetwork"/>, <see cref="Mutation"/>),
/// in-process: it never throws and never reports NG0999; every network it accepts (no NG error) compiles with no other
/// error and trains a step to a finite loss; every network it refuses carries an NG error. A sample is a batch of
/// networks compiled together, to spend the compiler's fixed cost once. CI runs <see cref="DefaultBatches"/> batches;
/// NETGEN_PROPERTY_BATCHES sets another count (12500 for 100,000 networks; the README has the command).
/// </summary>
public class GeneratorPropertyTests
{
    private const int NetworksPerBatch = 8;
    private const int DefaultBatches = 375;

    /// <summary>Networks whose buffers would pass this many floats compile but are not trained (they are valid, just big).</summary>
    private const long TrainableFloats = 16L << 20;

    [Fact]
    public void Every_spec_is_refused_with_an_NG_error_or_compiles_and_trains_a_step()
    {
        int batches = int.TryParse(Environment.GetEnvironmentVariable("NETGEN_PROPERTY_BATCHES"), out int n) && n > 0 ? n : DefaultBatches;
        Gen.Int[0, 1 << 20].Array[NetworksPerBatch * 64].Sample(CheckBatch, iter: batches, threads: 1, print: Print);
    }

    private static string Print(int[] choices) => string.Join("\n// ---\n", Sources(choices));

    /// <summary>The batch's networks, each in its own file: about half valid as drawn, half mutated once.</summary>
    private static string[] Sources(int[] choices)
    {
        var c = new Choices(choices);
        return Enumerable.Range(0, NetworksPerBatch).Select(k =>
        {
            string network = RandomNetwork.Source(c, $"N{k}");
            return "using NetGen;\nnamespace Property;\n\n" + (c.OneIn(2) ? Mutation.Apply(c, network) : network);
        }).ToArray();
    }

    private static void CheckBatch(int[] choices)
    {
        string[] sources = Sources(choices);
        CSharpCompilation input = GeneratorHarness.Compilation(sources);
        GeneratorDriver driver = GeneratorHarness.Driver().RunGeneratorsAndUpdateCompilation(input, out Compilation output, out ImmutableArray<Diagnostic> diagnostics);
        Assert.Null(driver.GetRunResult().Results.Single().Exception);
        Assert.All(diagnostics, d => Assert.StartsWith("NG", d.Id, StringComparison.Ordinal));
        Assert.DoesNotContain(diagnostics, d => d.Id == "NG0999");

        // A mutation may break C# itself (a second [ClipGradValue] where one is allowed, NaN for an int): the user's
        // error, not ours. Every other network is either refused with an NG error, or accepted, and then must compile.
        var notCSharp = input.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error && d.Id is not ("CS9248" or "CS8795")).Select(FileOf).ToHashSet();
        var refused = diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(FileOf).ToHashSet();
        var dropped = notCSharp.Concat(refused).ToHashSet();
        var droppedClasses = input.SyntaxTrees.Where(t => dropped.Contains(t.FilePath)).SelectMany(ClassNames).ToHashSet();
        Compilation accepted = output.RemoveSyntaxTrees(output.SyntaxTrees.Where(t => dropped.Contains(t.FilePath) || (!input.SyntaxTrees.Contains(t) && ClassNames(t).Any(droppedClasses.Contains))));
        using var image = new MemoryStream();
        Diagnostic[] errors = accepted.Emit(image).Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
        Assert.True(errors.Length == 0, "accepted networks must compile:\n" + string.Join("\n", errors.Select(e => e.ToString())));
        image.Position = 0;
        TrainEach(image, diagnostics);
    }

    private static string FileOf(Diagnostic diagnostic) => diagnostic.Location.GetLineSpan().Path;

    private static IEnumerable<string> ClassNames(SyntaxTree tree) =>
        tree.GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.TypeDeclarationSyntax>().Select(c => c.Identifier.Text);

    /// <summary>Loads the compiled networks and runs one TrainStep on each on random data; the loss must be finite.</summary>
    private static void TrainEach(MemoryStream image, ImmutableArray<Diagnostic> warnings)
    {
        var context = new AssemblyLoadContext("property batch", isCollectible: true);
        try
        {
            foreach (Type type in context.LoadFromStream(image).GetTypes().Where(t => typeof(INetwork).IsAssignableFrom(t)))
            {
                Train(type, refusesBatchOfOne: warnings.Any(w => w.Id == "NG0030" && w.GetMessage().Length > 0 && IsIn(w, type)));
            }
        }
        finally
        {
            context.Unload();
        }
    }

    private static bool IsIn(Diagnostic diagnostic, Type type) =>
        diagnostic.Location.SourceTree?.GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.ClassDeclarationSyntax>()
            .Any(c => c.Identifier.Text == type.Name && c.Span.Contains(diagnostic.Location.SourceSpan)) == true;

    private static void Train(Type type, bool refusesBatchOfOne)
    {
        int Const(string name) => (int)type.GetField(name, BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
        int inputSize = Const("InputSize"), outputSize = Const("OutputSize"), batch = Const("BatchSize");
        if ((long)Const("ParameterCount") * 4 + (long)batch * (inputSize + outputSize) * 8 > TrainableFloats)
        {
            return;
        }

        var network = (INetwork)Activator.CreateInstance(type, 0)!;
        var random = new Random(batch * 31 + inputSize);
        float[] inputs = Enumerable.Range(0, batch * inputSize).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        string loss = type.GetCustomAttributes().Select(a => a.GetType().Name).First(n => n.EndsWith("EntropyAttribute", StringComparison.Ordinal) || n == "MeanSquaredErrorAttribute");
        float Step() => loss == "SoftmaxCrossEntropyAttribute"
            ? network.TrainStep(inputs, Enumerable.Range(0, batch).Select(i => i % outputSize).ToArray())
            : network.TrainStep(inputs, Enumerable.Range(0, batch * outputSize).Select(i => (float)(i % 2)).ToArray());
        if (refusesBatchOfOne && batch == 1)
        {
            Assert.Throws<ArgumentException>(() => Step());
            return;
        }

        float value = Step();
        Assert.True(float.IsFinite(value), $"{type.Name}: the first step's loss is {value}");
    }
}
