using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Emit;

namespace NetGen.Generator.Tests;

/// <summary>
/// Odd names compile and run: keywords in namespaces and layer names are escaped, hint names are unique for any class
/// in any namespace, a user method that only overloads a generated one is accepted, and a network that is not generated
/// still compiles, its layer properties throwing.
/// </summary>
public class NamesTests
{
    private const string Spec = "[Network(BatchSize = 4)] [Input(3)] [SoftmaxCrossEntropy] [Sgd(0.1f)]";

    [Fact]
    public void Keywords_in_the_namespace_and_a_layer_name_are_escaped()
    {
        string source = $"using NetGen;\nnamespace App.@class;\n{Spec} public partial class @event {{ [Dense(4), ReLU] public partial Layer @int {{ get; }} [Dense(2)] public partial Layer o {{ get; }} }}";
        Assembly assembly = Build(source, out _);
        float loss = TrainOnce(assembly, "App.class.event");
        Assert.True(float.IsFinite(loss));
    }

    [Fact]
    public void Two_networks_of_one_name_in_two_namespaces_and_two_differing_in_case_each_get_a_file()
    {
        string a = $"using NetGen;\nnamespace A;\n{Spec} public partial class N {{ [Dense(2)] public partial Layer Out {{ get; }} }}\n{Spec} public partial class n {{ [Dense(2)] public partial Layer Out {{ get; }} }}";
        string b = $"using NetGen;\nnamespace B;\n{Spec} public partial class N {{ [Dense(2)] public partial Layer Out {{ get; }} }}";
        string unicode = $"using NetGen;\nnamespace Ünï.Cödé;\n{Spec} public partial class Сеть {{ [Dense(2)] public partial Layer Выход {{ get; }} }}";
        Assembly assembly = Build([a, b, unicode], out string[] hintNames);
        Assert.Equal(4, hintNames.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        foreach (string name in new[] { "A.N", "A.n", "B.N", "Ünï.Cödé.Сеть" })
        {
            Assert.True(float.IsFinite(TrainOnce(assembly, name)), name);
        }
    }

    [Fact]
    public void A_method_that_overloads_a_generated_one_with_other_parameters_is_fine()
    {
        string source = $"using NetGen;\nnamespace T;\n{Spec} public partial class N {{ [Dense(2)] public partial Layer Out {{ get; }} public void Predict(float[] inputs) {{ }} public N(string name) : this(1) {{ }} }}";
        GeneratorOutcome outcome = GeneratorHarness.Run(source);
        Assert.Empty(outcome.GeneratorDiagnostics);
        Assert.Empty(outcome.CompilationDiagnostics);
    }

    [Fact]
    public void The_layer_properties_of_a_network_with_errors_throw_naming_the_errors()
    {
        string source = $"using NetGen;\nnamespace T;\n[Network] [Input(3)] [SoftmaxCrossEntropy] [Sgd(0.1f)] public partial class N {{ [Dense(0)] internal partial Layer Out {{ get; }} }}";
        Assembly assembly = Build(source, out _, expectErrors: true);
        object network = Activator.CreateInstance(assembly.GetType("T.N")!)!;
        PropertyInfo layer = network.GetType().GetProperty("Out", BindingFlags.Instance | BindingFlags.NonPublic)!;
        var thrown = Assert.IsType<InvalidOperationException>(Assert.Throws<TargetInvocationException>(() => layer.GetValue(network)).InnerException);
        Assert.Equal("Network 'N' was not generated: fix the NetGen errors reported for it (NG0007).", thrown.Message);
    }

    private static Assembly Build(string source, out string[] hintNames, bool expectErrors = false) => Build([source], out hintNames, expectErrors);

    /// <summary>Runs the generator, compiles with its output and loads the assembly (into a context of its own, never unloaded: tests are short).</summary>
    private static Assembly Build(string[] sources, out string[] hintNames, bool expectErrors = false)
    {
        GeneratorDriver driver = GeneratorHarness.Driver().RunGeneratorsAndUpdateCompilation(GeneratorHarness.Compilation(sources), out Compilation output, out var generatorDiagnostics);
        hintNames = driver.GetRunResult().Results.Single().GeneratedSources.Select(s => s.HintName).ToArray();
        Assert.Equal(expectErrors, generatorDiagnostics.Any(d => d.Severity == DiagnosticSeverity.Error));
        using var image = new MemoryStream();
        EmitResult result = output.Emit(image);
        Assert.True(result.Success, string.Join(Environment.NewLine, result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        Assert.DoesNotContain(result.Diagnostics, d => d.Severity >= DiagnosticSeverity.Warning);
        image.Position = 0;
        return new AssemblyLoadContext("names", isCollectible: true).LoadFromStream(image);
    }

    private static float TrainOnce(Assembly assembly, string typeName)
    {
        var network = (INetwork)Activator.CreateInstance(assembly.GetType(typeName, throwOnError: true)!, 0)!;
        return network.TrainStep(new float[network.InputSize * 2], new int[2]);
    }
}
