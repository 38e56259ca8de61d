using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace NetGen.Generator.Tests;

/// <summary>
/// One case per diagnostic id: a network with exactly one mistake, marked {|…|} where the diagnostic must point. A case
/// that also breaks a second rule by construction names it after a '+' ("NG0036+NG0017"); any other diagnostic fails the
/// test. Every error case must also produce no generated class, only the stub of its layer properties, so that it compiles
/// with no diagnostic but the user's own C# ones (<see cref="UserCSharpErrors"/>); every warning case code that compiles
/// cleanly.
/// </summary>
public class DiagnosticTests
{
    private const string Valid = "[Network(BatchSize = 8)] [Input(4)] [SoftmaxCrossEntropy] [Sgd(0.1f)]";

    public static TheoryData<string, string> Cases => new()
    {
        { "NG0001+NG0018", $"{Valid} public class {{|N|}} {{ [Dense(2)] public Layer Out {{ get; }} }}" },
        { "NG0002", $"public partial class Outer {{ {Valid} public partial class {{|N|}} {{ [Dense(2)] public partial Layer Out {{ get; }} }} }}" },
        { "NG0003", $"{Valid} public partial class {{|N|}}<T> {{ [Dense(2)] public partial Layer Out {{ get; }} }}" },
        { "NG0004", Network("[Network] [SoftmaxCrossEntropy] [Sgd(0.1f)]", "[Dense(2)] public partial Layer Out { get; }", marksClass: true) },
        { "NG0005", Network(Valid, "public int NotALayer => 1;", marksClass: true) },
        { "NG0006", Network(Valid, "[{|Dropout(0.5f)|}] public partial Layer Out { get; }") },
        { "NG0006", Network(Valid, "[Dense(3)] public partial Layer A { get; } public partial Layer {|B|} { get; }") },
        { "NG0007", Network(Valid, "[{|Dense(0)|}] public partial Layer Out { get; }") },
        { "NG0007", Network("[{|Network(BatchSize = 0)|}] [Input(4)] [SoftmaxCrossEntropy] [Sgd(0.1f)]", "[Dense(2)] public partial Layer Out { get; }") },
        { "NG0007", Network("[Network] [{|Input(4, 0)|}] [SoftmaxCrossEntropy] [Sgd(0.1f)]", "[Dense(2)] public partial Layer Out { get; }") },
        { "NG0008", Network("[Network] [Input(4)] [SoftmaxCrossEntropy] [{|Sgd(-0.5f)|}]", "[Dense(2)] public partial Layer Out { get; }") },
        { "NG0008", Network("[Network] [Input(4)] [SoftmaxCrossEntropy] [{|Sgd(float.NaN)|}]", "[Dense(2)] public partial Layer Out { get; }") },
        { "NG0009", Network("[Network] [Input(4)] [SoftmaxCrossEntropy] [{|Sgd(0.1f, Momentum = 1.5f)|}]", "[Dense(2)] public partial Layer Out { get; }") },
        { "NG0009", Network("[Network] [Input(4)] [SoftmaxCrossEntropy] [{|Sgd(0.1f, WeightDecay = -1f)|}]", "[Dense(2)] public partial Layer Out { get; }") },
        { "NG0010", Network("[Network] [Input(4)] [SoftmaxCrossEntropy] [{|Sgd(0.1f, Nesterov = true)|}]", "[Dense(2)] public partial Layer Out { get; }") },
        { "NG0011", Network("[Network] [Input(4)] [Sgd(0.1f)]", "[Dense(2)] public partial Layer Out { get; }", marksClass: true) },
        { "NG0012", Network("[Network] [Input(4)] [SoftmaxCrossEntropy] [{|MeanSquaredError|}] [Sgd(0.1f)]", "[Dense(2)] public partial Layer Out { get; }") },
        { "NG0013", Network("[Network] [Input(4)] [SoftmaxCrossEntropy]", "[Dense(2)] public partial Layer Out { get; }", marksClass: true) },
        { "NG0014", Network("[Network] [Input(4)] [SoftmaxCrossEntropy] [Sgd(0.1f)] [{|Sgd(0.2f)|}]", "[Dense(2)] public partial Layer Out { get; }") },
        { "NG0015", Network(Valid, "[Dense(2), {|ReLU|}] public partial Layer Out { get; }") },
        { "NG0016", $"{Valid} public partial class N {{ [Dense(3)] public partial Layer A {{ get; }} }} public partial class N {{ [Dense(2)] public partial Layer {{|B|}} {{ get; }} }}" },
        { "NG0017", Network(Valid, "[{|Dense(2, Init = Init.Zeros)|}] public partial Layer Out { get; }") },
        { "NG0018", Network(Valid, "[Dense(2)] public Layer {|Out|} { get; }") },
        { "NG0018", Network(Valid, "[Dense(2)] public partial int {|Out|} { get; }") },
        { "NG0019", Network(Valid, "[Dense(3), {|Dense(2)|}] public partial Layer Out { get; }") },
        { "NG0020", Network(Valid, "[Dense(3), ReLU, {|Tanh|}] public partial Layer A { get; } [Dense(2)] public partial Layer Out { get; }") },
        { "NG0021", Network(Valid, "[Dense(3), {|LeakyReLU(-0.1f)|}] public partial Layer A { get; } [Dense(2)] public partial Layer Out { get; }") },
        { "NG0021", Network(Valid, "[Dense(3), {|ELU(0f)|}] public partial Layer A { get; } [Dense(2)] public partial Layer Out { get; }") },
        { "NG0027", Network(Valid, "[Dense(3), {|Maxout(1)|}] public partial Layer A { get; } [Dense(2)] public partial Layer Out { get; }") },
        { "NG0015", Network(Valid, "[Dense(2), {|GELU|}] public partial Layer Out { get; }") },
        { "NG0015", Network("[Network] [Input(4)] [BinaryCrossEntropy] [Sgd(0.1f)]", "[Dense(1), {|Sigmoid|}] public partial Layer Out { get; }") },
        { "NG0030", Network("[Network(BatchSize = 1)] [Input(4)] [SoftmaxCrossEntropy] [Sgd(0.1f)]", "[Dense(3), {|BatchNorm|}, ReLU] public partial Layer A { get; } [Dense(2)] public partial Layer Out { get; }") },
        { "NG0031", Network(Valid, "[Dense(3), ReLU, {|BatchNorm|}] public partial Layer A { get; } [Dense(2)] public partial Layer Out { get; }") },
        { "NG0031", Network(Valid, "[Dense(3), BatchNorm, {|LayerNorm|}] public partial Layer A { get; } [Dense(2)] public partial Layer Out { get; }") },
        { "NG0032", Network(Valid, "[Dense(3), {|BatchNorm(Momentum = 0f)|}, ReLU] public partial Layer A { get; } [Dense(2)] public partial Layer Out { get; }") },
        { "NG0032", Network(Valid, "[Dense(3), {|LayerNorm(Epsilon = -1f)|}, ReLU] public partial Layer A { get; } [Dense(2)] public partial Layer Out { get; }") },
        { "NG0033", Network(Valid, "[{|Conv2D(2, 3)|}] public partial Layer A { get; } [Dense(2)] public partial Layer Out { get; }") },
        { "NG0034", Network("[Network] [Input(1, 4, 4)] [SoftmaxCrossEntropy] [Sgd(0.1f)]", "[{|Conv2D(2, 5)|}] public partial Layer A { get; } [Dense(2)] public partial Layer Out { get; }") },
        { "NG0035", Network("[Network] [Input(1, 28, 28)] [SoftmaxCrossEntropy] [Sgd(0.1f)]", "[{|Conv2D(2, 3, Stride = 2)|}] public partial Layer A { get; } [Dense(2)] public partial Layer Out { get; }") },
        { "NG0035", Network("[Network] [Input(1, 5, 5)] [SoftmaxCrossEntropy] [Sgd(0.1f)]", "[{|MaxPool(2)|}] public partial Layer A { get; } [Dense(2)] public partial Layer Out { get; }") },
        { "NG0036", Network("[Network] [Input(1, 4, 4)] [SoftmaxCrossEntropy] [Sgd(0.1f)]", "[MaxPool(2), {|ReLU|}] public partial Layer A { get; } [Dense(2)] public partial Layer Out { get; }") },
        { "NG0036+NG0017", Network(Valid, "[Dense(3, Init = Init.Zeros), {|WeightNorm|}] public partial Layer A { get; } [Dense(2)] public partial Layer Out { get; }") },
        { "NG0037", Network("[Network] [Input(3, 4, 4)] [SoftmaxCrossEntropy] [Sgd(0.1f)]", "[Conv2D(6, 3), {|GroupNorm(4)|}, ReLU] public partial Layer A { get; } [Dense(2)] public partial Layer Out { get; }") },
        { "NG0036", Network(Valid, "[Dense(3), {|InstanceNorm|}] public partial Layer A { get; } [Dense(2)] public partial Layer Out { get; }") },
        { "NG0028", Network(Valid, "[Dense(3), ReLU, {|Dropout(1f)|}] public partial Layer A { get; } [Dense(2)] public partial Layer Out { get; }") },
        { "NG0029", Network(Valid, "[Dense(3), {|Dropout(0.5f)|}, ReLU] public partial Layer A { get; } [Dense(2)] public partial Layer Out { get; }") },
        { "NG0022", Network("[Network] [Input(4)] [{|SoftmaxCrossEntropy(LabelSmoothing = 1f)|}] [Sgd(0.1f)]", "[Dense(2)] public partial Layer Out { get; }") },
        { "NG0023", Network(Valid, "[{|Dense(2, Bias = 0.1f, UseBias = false)|}] public partial Layer Out { get; }") },
        { "NG0024", Network(Valid, "[{|Dense(2, Init = (Init)42)|}] public partial Layer Out { get; }") },
        { "NG0025", Network(Valid + " [{|ClipGradNorm(0f)|}]", "[Dense(2)] public partial Layer Out { get; }") },
        { "NG0025", Network(Valid + " [{|L1(-1e-3f)|}]", "[Dense(2)] public partial Layer Out { get; }") },
        { "NG0026", Network(Valid + " [ClipGradNorm(1f)] [{|ClipGradValue(0.5f)|}]", "[Dense(2)] public partial Layer Out { get; }") },
        { "NG0009", Network("[Network] [Input(4)] [SoftmaxCrossEntropy] [{|Adam(Beta2 = 1f)|}]", "[Dense(2)] public partial Layer Out { get; }") },
        { "NG0009", Network("[Network] [Input(4)] [SoftmaxCrossEntropy] [{|RmsProp(Alpha = 1.5f)|}]", "[Dense(2)] public partial Layer Out { get; }") },
        { "NG0009", Network("[Network] [Input(4)] [SoftmaxCrossEntropy] [{|AdaGrad(InitialAccumulator = -1f)|}]", "[Dense(2)] public partial Layer Out { get; }") },
        { "NG0014", Network("[Network] [Input(4)] [SoftmaxCrossEntropy] [Adam] [{|Sgd(0.1f)|}]", "[Dense(2)] public partial Layer Out { get; }") },
        { "NG0008", Network("[Network] [Input(4)] [SoftmaxCrossEntropy] [{|AdamW(0f)|}]", "[Dense(2)] public partial Layer Out { get; }") },
        { "NG0039", Network("[Network] [{|Input(65536, 65536)|}] [SoftmaxCrossEntropy] [Sgd(0.1f)]", "[Dense(2)] public partial Layer Out { get; }") },
        { "NG0039", Network("[{|Network(BatchSize = 100_000_000)|}] [Input(784)] [SoftmaxCrossEntropy] [Sgd(0.1f)]", "[Dense(10)] public partial Layer Out { get; }") },
        { "NG0039", Network(Valid, "[{|Dense(4)|}, Maxout(1 << 30)] public partial Layer A { get; } [Dense(2)] public partial Layer Out { get; }") },
        { "NG0039", Network("[Network] [Input(1, 4, 4)] [SoftmaxCrossEntropy] [Sgd(0.1f)]", "[{|Conv2D(2, 3, Padding = int.MaxValue)|}] public partial Layer A { get; } [Dense(2)] public partial Layer Out { get; }") },
        { "NG0040", $"{Valid} public partial record {{|N|}} {{ [Dense(2)] public partial Layer Out {{ get; }} }}" },
        { "NG0040+NG0005", $"{Valid} public static partial class {{|N|}} {{ }}" },
        { "NG0041", $"{Valid} public partial class {{|N|}}(int width) {{ [Dense(2)] public partial Layer Out {{ get; }} }}" },
        { "NG0042", $"public class Base {{ public Base(int size) {{ }} }} {Valid} public partial class {{|N|}} : Base {{ [Dense(2)] public partial Layer Out {{ get; }} }}" },
        { "NG0043", $"{Valid} public partial class Net {{ [Dense(2)] public partial Layer Out {{ get; }} }} {Valid} public partial class {{|N|}} : Net {{ [Dense(2)] public partial Layer Out2 {{ get; }} }}" },
        { "NG0018", Network(Valid, "[Dense(2)] public virtual partial Layer {|Out|} { get; }") },
        { "NG0018", $"public class Base {{ public Layer Out {{ get; }} = null!; }} {Valid} public partial class N : Base {{ [Dense(2)] public new partial Layer {{|Out|}} {{ get; }} }}" },
        { "NG0060", Network("[Network] [{|Input(28, 28, 1)|}] [SoftmaxCrossEntropy] [Sgd(0.1f)]", "[Conv2D(4, 1)] public partial Layer A { get; } [Dense(2)] public partial Layer Out { get; }") },
        { "NG0009", Network("[Network] [Input(4)] [SoftmaxCrossEntropy] [{|Adam(Epsilon = 0f)|}]", "[Dense(2)] public partial Layer Out { get; }") },
        { "NG0009", Network("[Network] [Input(4)] [SoftmaxCrossEntropy] [{|AdamW(0.5f, WeightDecay = 2f)|}]", "[Dense(2)] public partial Layer Out { get; }") },
        { "NG0009", Network("[Network] [Input(4)] [SoftmaxCrossEntropy] [{|RmsProp(Alpha = 1f)|}]", "[Dense(2)] public partial Layer Out { get; }") },
        { "NG0008", Network("[Network] [Input(4)] [SoftmaxCrossEntropy] [{|Sgd(1e6f)|}]", "[Dense(2)] public partial Layer Out { get; }") },
        { "NG0023", Network(Valid, "[{|Dense(2, Bias = 1e30f)|}] public partial Layer Out { get; }") },
        { "NG0038", Network(Valid, "[Dense(3), ReLU] public partial Layer Hidden { get; } [Dense(2)] public partial Layer {|hidden|} { get; }") },

        // Pooling's padding and ceil mode (PyTorch's pooling_output_shape).
        { "NG0048", Network("[Network] [Input(1, 6, 6)] [SoftmaxCrossEntropy] [Sgd(0.1f)]", "[{|MaxPool(3, Padding = 2)|}] public partial Layer A { get; } [Dense(2)] public partial Layer Out { get; }") },
        { "NG0048", Network("[Network] [Input(1, 6, 6)] [SoftmaxCrossEntropy] [Sgd(0.1f)]", "[{|AvgPool(2, Padding = -1)|}] public partial Layer A { get; } [Dense(2)] public partial Layer Out { get; }") },
        { "NG0049", Network(Valid, "[Dense(3), ReLU, {|MaxNorm(0f)|}] public partial Layer A { get; } [Dense(2)] public partial Layer Out { get; }") },
        { "NG0049", Network(Valid, "[Dense(3), {|MaxNorm(float.PositiveInfinity)|}] public partial Layer A { get; } [Dense(2)] public partial Layer Out { get; }") },
        { "NG0049", Network(Valid, "[Dense(3), ReLU, {|GaussianNoise(-0.1f)|}] public partial Layer A { get; } [Dense(2)] public partial Layer Out { get; }") },
        { "NG0049", Network(Valid, "[Dense(3), ReLU, {|ActivityL1(float.NaN)|}] public partial Layer A { get; } [Dense(2)] public partial Layer Out { get; }") },
        { "NG0050", Network(Valid, "[Dense(3), {|GaussianNoise(0.1f)|}, ReLU] public partial Layer A { get; } [Dense(2)] public partial Layer Out { get; }") },
        { "NG0029", Network(Valid, "[Dense(3), ReLU, {|Dropout(0.5f)|}, GaussianNoise(0.1f)] public partial Layer A { get; } [Dense(2)] public partial Layer Out { get; }") },
        { "NG0036", Network(Valid, "[Dense(3), WeightNorm, {|MaxNorm(2f)|}] public partial Layer A { get; } [Dense(2)] public partial Layer Out { get; }") },
        { "NG0036", Network("[Network] [Input(1, 4, 4)] [SoftmaxCrossEntropy] [Sgd(0.1f)]", "[MaxPool(2), {|ActivityL1(0.1f)|}] public partial Layer A { get; } [Dense(2)] public partial Layer Out { get; }") },
        { "NG0035", Network("[Network] [Input(1, 5, 5)] [SoftmaxCrossEntropy] [Sgd(0.1f)]", "[{|MaxPool(1, Stride = 3, CeilMode = true)|}] public partial Layer A { get; } [Dense(2)] public partial Layer Out { get; }") },
        { "NG0035", Network("[Network] [Input(1, 6, 6)] [SoftmaxCrossEntropy] [Sgd(0.1f)]", "[{|AvgPool(3, Stride = 3, Padding = 1)|}] public partial Layer A { get; } [Dense(2)] public partial Layer Out { get; }") },
        { "NG0034", Network("[Network] [Input(1, 2, 2)] [SoftmaxCrossEntropy] [Sgd(0.1f)]", "[{|MaxPool(5, Stride = 1, Padding = 1, CeilMode = true)|}] public partial Layer A { get; } [Dense(2)] public partial Layer Out { get; }") },
        // Names the generated code takes: a layer, a member of the user's, a constructor, the class itself.
        { "NG0044", Network(Valid, "[Dense(2)] public partial Layer {|Parameters|} { get; }") },
        { "NG0044", Network(Valid, "[Dense(3)] public partial Layer @int { get; } [Dense(2)] public partial Layer {|intOutput|} { get; }") },
        { "NG0045", Network(Valid, "[Dense(2)] public partial Layer Out { get; } public void {|Predict|}(System.ReadOnlySpan<float> inputs, System.Span<float> outputs) { }") },
        { "NG0045", Network(Valid, "[Dense(2)] public partial Layer Out { get; } public int {|Step|} => 0;") },
        { "NG0046", Network(Valid, "[Dense(2)] public partial Layer Out { get; } public {|N|}(int width) { }") },
        { "NG0047", $"{Valid} public partial class {{|Forward|}} {{ [Dense(2)] public partial Layer Out {{ get; }} }}" },
    };

    /// <summary>
    /// The cases that are not C# even without NetGen, by their marked source, with the compiler's diagnostics for them;
    /// every other error case must compile with none (the stub implements its layer properties, so no CS9248).
    /// </summary>
    private static readonly Dictionary<string, string[]> UserCSharpErrors = new()
    {
        // A non-partial class cannot take a part; its plain auto-property is the user's own nullable warning.
        { $"{Valid} public class {{|N|}} {{ [Dense(2)] public Layer Out {{ get; }} }}", ["CS8618"] },
        { Network(Valid, "[Dense(2)] public Layer {|Out|} { get; }"), ["CS8618"] },
        // Attributes that allow one use, written twice.
        { Network(Valid, "[Dense(3), {|Dense(2)|}] public partial Layer Out { get; }"), ["CS0579"] },
        { Network("[Network] [Input(4)] [SoftmaxCrossEntropy] [Sgd(0.1f)] [{|Sgd(0.2f)|}]", "[Dense(2)] public partial Layer Out { get; }"), ["CS0579"] },
        // The primary constructor's unread parameter, and the base class without a parameterless constructor.
        { $"{Valid} public partial class {{|N|}}(int width) {{ [Dense(2)] public partial Layer Out {{ get; }} }}", ["CS9113"] },
        { $"public class Base {{ public Base(int size) {{ }} }} {Valid} public partial class {{|N|}} : Base {{ [Dense(2)] public partial Layer Out {{ get; }} }}", ["CS7036"] },
        // Partial declarations that are not valid layers are not implemented (their shape is what NG0018 reports).
        { Network(Valid, "[Dense(2)] public partial int {|Out|} { get; }"), ["CS9248"] },
        { Network(Valid, "[Dense(2)] public virtual partial Layer {|Out|} { get; }"), ["CS9248"] },
        { $"public class Base {{ public Layer Out {{ get; }} = null!; }} {Valid} public partial class N : Base {{ [Dense(2)] public new partial Layer {{|Out|}} {{ get; }} }}", ["CS9248"] },
    };

    /// <summary>The id a case marks, and every id it must report (the marked one first).</summary>
    public static string[] IdsOf(string ids) => ids.Split('+');

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_mistake_reports_its_id_on_the_offending_code_and_nothing_else(string ids, string marked)
    {
        string id = IdsOf(ids)[0];
        (string source, var span) = GeneratorHarness.Marked("using NetGen;\nnamespace T;\n" + marked);
        GeneratorOutcome outcome = GeneratorHarness.Run(source);

        Assert.Equal(IdsOf(ids).Order(StringComparer.Ordinal), outcome.GeneratorDiagnostics.Select(d => d.Id).Order(StringComparer.Ordinal));
        Diagnostic diagnostic = Assert.Single(outcome.GeneratorDiagnostics, d => d.Id == id);
        Assert.Equal(span, diagnostic.Location.SourceSpan);
        Assert.True(diagnostic.Location.IsInSource, "in the user's syntax tree, where #pragma and .editorconfig severities apply");
        Assert.Equal("Network0.cs", diagnostic.Location.GetLineSpan().Path);
        if (outcome.GeneratorDiagnostics.Any(d => d.Severity == DiagnosticSeverity.Error))
        {
            // Only the stub: the layer properties, throwing, so the project compiles with no error but the user's own C# ones.
            Assert.DoesNotContain(outcome.Generated, g => g.Contains("partial class N : global::NetGen.INetwork", StringComparison.Ordinal));
            Assert.Equal(
                UserCSharpErrors.GetValueOrDefault(marked, []).Order(StringComparer.Ordinal),
                outcome.CompilationDiagnostics.Select(d => d.Id).Order(StringComparer.Ordinal));
        }
        else
        {
            Assert.Single(outcome.Generated);
            Assert.Empty(outcome.CompilationDiagnostics);
        }
    }

    [Fact]
    public void Every_descriptor_is_documented_and_tested()
    {
        string docs = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "diagnostics.md"));
        string shipped = File.ReadAllText(Path.Combine(RepositoryRoot(), "generator", "NetGen.Generator", "Releases", "AnalyzerReleases.Unshipped.md"));
        var tested = Cases.Select(c => IdsOf((string)c[0])[0]).ToHashSet();
        foreach (DiagnosticDescriptor descriptor in AllDescriptors())
        {
            Assert.Contains($"## {descriptor.Id}", docs);
            Assert.Contains($"Message: `{descriptor.MessageFormat.ToString().Replace("{{", "{").Replace("}}", "}")}`", docs);
            Assert.Contains($"{descriptor.Id} | NetGen | {descriptor.DefaultSeverity} | {descriptor.Title}", shipped);
            if (descriptor.Id != "NG0999")
            {
                Assert.Contains(descriptor.Id, tested);
            }
        }
    }

    [Fact]
    public void The_release_tracking_file_lists_exactly_the_rule_table()
    {
        string shipped = File.ReadAllText(Path.Combine(RepositoryRoot(), "generator", "NetGen.Generator", "Releases", "AnalyzerReleases.Unshipped.md"));
        string[] listed = shipped.Split('\n').Where(l => l.StartsWith("NG", StringComparison.Ordinal)).Select(l => l.Split(' ')[0]).ToArray();
        Assert.Equal(NetGen.Spec.Rules.All.Select(r => r.Id), listed);
    }

    /// <summary>
    /// Shapes PyTorch accepts that read every input row: ceil mode covering an odd size, padding that ends where the last
    /// window does, a ceil-mode window larger than its input (torch gives 1 × 1), count_include_pad off.
    /// </summary>
    [Theory]
    [InlineData(5, "MaxPool(2, CeilMode = true)")]
    [InlineData(7, "AvgPool(3, Stride = 2, Padding = 1, CeilMode = true, CountIncludePad = false)")]
    [InlineData(8, "MaxPool(3, Stride = 2, Padding = 1)")]
    [InlineData(2, "AvgPool(3, Stride = 2, CeilMode = true)")]
    public void Padded_and_ceil_mode_pooling_that_reads_every_input_reports_nothing(int size, string pooling)
    {
        string source = $"using NetGen;\nnamespace T;\n[Network] [Input(1, {size}, {size})] [SoftmaxCrossEntropy] [Sgd(0.1f)] public partial class N {{ [{pooling}] public partial Layer A {{ get; }} [Dense(2)] public partial Layer Out {{ get; }} }}";
        GeneratorOutcome outcome = GeneratorHarness.Run(source);
        Assert.Empty(outcome.GeneratorDiagnostics);
        Assert.Empty(outcome.CompilationDiagnostics);
        Assert.Single(outcome.Generated);
    }

    [Fact]
    public void Valid_networks_report_nothing()
    {
        GeneratorOutcome outcome = GeneratorHarness.Run(Sources.FashionMlp, Sources.Regressor);
        Assert.Empty(outcome.GeneratorDiagnostics);
        Assert.Empty(outcome.CompilationDiagnostics);
        Assert.Equal(2, outcome.Generated.Length);
    }

    private static IEnumerable<DiagnosticDescriptor> AllDescriptors() => NetGen.Spec.Rules.All.Select(Validation.DiagnosticDescriptors.For);

    private static string Network(string classAttributes, string members, bool marksClass = false) =>
        $"{classAttributes} public partial class {(marksClass ? "{|N|}" : "N")} {{ {members} }}";

    private static string RepositoryRoot([CallerFilePath] string path = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, "..", ".."));
}
