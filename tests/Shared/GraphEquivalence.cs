using System.Reflection;
using NetGen.Graph;
using NetGen.Randomness;

namespace NetGen.Equivalence;

/// <summary>
/// Generated vs interpreted, for one network class: the interpreter reads the class's attributes
/// (<see cref="GraphAttributes"/>), is built with the same seed, and must agree with the generated network on the
/// initial parameters (bit for bit: same init schemes and draws), the Predict outputs, every gradient, and every
/// parameter after each of 20 optimizer steps, within 1e-5 relative. Linked into every test project that declares
/// networks, so every network the generator compiles in the suite is checked.
/// </summary>
public static class GraphEquivalence
{
    public const double Tolerance = 1e-5;
    public const int Steps = 20;

    /// <summary>
    /// Every generated network class in <paramref name="assemblies"/>, except those with Init.Lsuv (data-dependent,
    /// generated only), by full name (two assemblies may declare networks of the same short name).
    /// </summary>
    public static IEnumerable<object[]> NetworksIn(params Assembly[] assemblies) =>
        assemblies.SelectMany(NetworkTypesIn)
            .Select(t => t.FullName!)
            .Order(StringComparer.Ordinal)
            .Select(name => new object[] { name });

    /// <summary>The network class of full name <paramref name="fullName"/> in <paramref name="assemblies"/>.</summary>
    public static Type NetworkNamed(string fullName, params Assembly[] assemblies) =>
        assemblies.SelectMany(NetworkTypesIn).Single(t => t.FullName == fullName);

    private static IEnumerable<Type> NetworkTypesIn(Assembly assembly) =>
        assembly.GetTypes()
            .Where(t => typeof(INetwork).IsAssignableFrom(t) && t.GetCustomAttribute<NetworkAttribute>() is not null)
            .Where(t => t.GetProperties(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
                .SelectMany(p => p.GetCustomAttributes<DenseAttribute>()).All(d => d.Init != Init.Lsuv));

    /// <summary>Runs the comparison; returns the largest relative difference seen, for the test's output.</summary>
    public static double Check(Type type, int seed = 3)
    {
        GraphNetwork graph = GraphNetwork.Create(GraphAttributes.Read(type), seed);
        var generated = (INetwork)Activator.CreateInstance(type, seed)!;
        Assert.Equal(generated.ParameterCount, graph.ParameterCount);
        Assert.Equal(generated.InputSize, graph.InputSize);
        Assert.Equal(generated.OutputSize, graph.OutputSize);
        Assert.True(generated.Parameters.SequenceEqual(graph.Parameters), $"{type.FullName}: the interpreter's initial parameters differ from the generated ones");
        for (int i = 0; i < generated.Layers.Count; i++)
        {
            Layer g = generated.Layers[i], x = graph.Layers[i];
            Assert.Equal((g.Name, g.InputSize, g.OutputSize, g.WeightOffset, g.WeightLength, g.BiasLength, g.Gamma.Length, g.Beta.Length, g.Slopes.Length), (x.Name, x.InputSize, x.OutputSize, x.WeightOffset, x.WeightLength, x.BiasLength, x.Gamma.Length, x.Beta.Length, x.Slopes.Length));
        }

        int batch = Math.Min(generated.BatchSize, 6);
        var random = new SeededRandom(seed + 17);
        double worst = 0;
        bool labelled = graph.Description.LossName == "SoftmaxCrossEntropy";
        int classes = graph.Description.LossName == "BinaryCrossEntropy" && graph.OutputSize == 1 ? 2 : graph.OutputSize;
        var outputsGenerated = new float[batch * generated.OutputSize];
        var outputsGraph = new float[outputsGenerated.Length];
        var gradientsGenerated = new float[generated.ParameterCount];
        var gradientsGraph = new float[generated.ParameterCount];
        for (int step = 0; step <= Steps; step++)
        {
            float[] inputs = Enumerable.Range(0, batch * generated.InputSize).Select(_ => (float)random.NextNormal()).ToArray();
            int[] labels = Enumerable.Range(0, batch).Select(_ => random.NextInt(classes)).ToArray();
            float[] targets = Enumerable.Range(0, batch * generated.OutputSize).Select(_ => random.NextUniform(0f, 1f)).ToArray();
            generated.Predict(inputs, outputsGenerated);
            graph.Predict(inputs, outputsGraph);
            worst = Math.Max(worst, Compare(type, $"step {step} Predict", outputsGenerated, outputsGraph));
            if (step == Steps)
            {
                break;
            }

            Reseed(generated, graph, step);
            float lossGenerated = labelled ? generated.ComputeGradients(inputs, labels, gradientsGenerated) : generated.ComputeGradients(inputs, targets, gradientsGenerated);
            float lossGraph = labelled ? graph.ComputeGradients(inputs, labels, gradientsGraph) : graph.ComputeGradients(inputs, targets, gradientsGraph);
            worst = Math.Max(worst, Compare(type, $"step {step} loss", [lossGenerated], [lossGraph]));
            worst = Math.Max(worst, Compare(type, $"step {step} gradients", gradientsGenerated, gradientsGraph));

            // The step itself, from each side's own gradients. (TrainStep equals ComputeGradients + ApplyGradients bit for
            // bit on both sides, tested elsewhere; running TrainStep here would move BatchNorm's running statistics twice.)
            generated.ApplyGradients(gradientsGenerated);
            graph.ApplyGradients(gradientsGraph);
            worst = Math.Max(worst, Compare(type, $"step {step + 1} parameters", generated.Parameters.ToArray(), graph.Parameters.ToArray()));
        }

        return worst;
    }

    /// <summary>Both networks draw the same dropout masks for this step (each keeps its own stream; reseeding keeps them in step).</summary>
    private static void Reseed(INetwork generated, GraphNetwork graph, int step)
    {
        MethodInfo? reseed = generated.GetType().GetMethod("ReseedDropout");
        if (reseed is not null)
        {
            reseed.Invoke(generated, [1000 + step]);
            graph.ReseedDropout(1000 + step);
        }
    }

    private static double Compare(Type type, string what, ReadOnlySpan<float> expected, ReadOnlySpan<float> actual)
    {
        double worst = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            double relative = Math.Abs(expected[i] - actual[i]) / (Math.Abs(expected[i]) + 0.1);
            worst = Math.Max(worst, relative);
            if (!(relative <= Tolerance))
            {
                Assert.Fail($"{type.FullName} {what}[{i}]: generated {expected[i]}, interpreted {actual[i]} (relative difference {relative:E2}, tolerance {Tolerance:E0})");
            }
        }

        return worst;
    }
}

/// <summary>
/// Every network declared in the test project this file is linked into, and in the assemblies the project names in an
/// AssemblyMetadata item "GraphEquivalenceAssemblies" (comma-separated assembly names, e.g. NetGen.TestNetworks),
/// generated vs interpreted (see <see cref="GraphEquivalence"/>); <c>typeof(GraphEquivalenceTests).Assembly</c> is that
/// project's assembly.
/// </summary>
public class GraphEquivalenceTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private static readonly Assembly[] Assemblies = typeof(GraphEquivalenceTests).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Where(metadata => metadata.Key == "GraphEquivalenceAssemblies")
        .SelectMany(metadata => (metadata.Value ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        .Select(name => Assembly.Load(new AssemblyName(name)))
        .Prepend(typeof(GraphEquivalenceTests).Assembly)
        .ToArray();

    public static IEnumerable<object[]> Networks => GraphEquivalence.NetworksIn(Assemblies);

    [Theory]
    [MemberData(nameof(Networks))]
    public void Generated_and_interpreted_networks_agree_on_outputs_gradients_and_20_steps(string name)
    {
        double worst = GraphEquivalence.Check(GraphEquivalence.NetworkNamed(name, Assemblies));
        output.WriteLine($"{name}: largest relative difference {worst:E2}");
    }
}
