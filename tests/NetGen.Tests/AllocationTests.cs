using NetGen.Graph;
using NetGen.Testing;

namespace NetGen.Tests;

/// <summary>
/// Zero bytes per call on every public entry point and both overloads, counted on every thread of the process
/// (<see cref="Allocations"/>): classification, regression (MSE) and binary (BCE) networks, with BatchNorm and dropout,
/// generated and interpreted.
/// </summary>
[Collection(Allocations.Collection)]
public class AllocationTests
{
    public static TheoryData<string> Networks => new("NormedClassifier", "Regressor", "BinaryClassifier", "DropoutClassifier", "WeightNormMlp");

    [Theory]
    [MemberData(nameof(Networks))]
    public void Every_entry_point_allocates_nothing_generated_or_interpreted(string name)
    {
        Type type = typeof(NormedClassifier).Assembly.GetType("NetGen.Tests." + name)!;
        var generated = (INetwork)Activator.CreateInstance(type, 1)!;
        Check(generated, name + " generated");
        Check(GraphNetwork.Create(GraphAttributes.Read(type), 1), name + " interpreted");
    }

    private static void Check(INetwork network, string what)
    {
        int batch = network.BatchSize;
        int classes = network.OutputSize == 1 ? 2 : network.OutputSize;
        float[] inputs = TestBatches.Inputs(batch, network.InputSize, seed: 1);
        int[] labels = TestBatches.Labels(batch, classes, seed: 1);
        float[] targets = TestBatches.Inputs(batch, network.OutputSize, seed: 2).Select(v => 1f / (1f + MathF.Exp(-v))).ToArray();
        var outputs = new float[batch * network.OutputSize];
        var gradients = new float[network.ParameterCount];
        network.LearningRate = 1e-4f;
        Assert.True(0 == Allocations.PerCall(() => network.TrainStep(inputs, labels)), $"{what}: TrainStep(labels)");
        Assert.True(0 == Allocations.PerCall(() => network.TrainStep(inputs, targets)), $"{what}: TrainStep(targets)");
        Assert.True(0 == Allocations.PerCall(() => network.ComputeGradients(inputs, labels, gradients)), $"{what}: ComputeGradients(labels)");
        Assert.True(0 == Allocations.PerCall(() => network.ComputeGradients(inputs, targets, gradients)), $"{what}: ComputeGradients(targets)");
        Assert.True(0 == Allocations.PerCall(() => network.ApplyGradients(gradients)), $"{what}: ApplyGradients");
        Assert.True(0 == Allocations.PerCall(() => network.Predict(inputs, outputs)), $"{what}: Predict");
        Assert.True(0 == Allocations.PerCall(() => network.Predict(inputs.AsSpan(0, network.InputSize), outputs.AsSpan(0, network.OutputSize))), $"{what}: Predict one sample");
        Assert.True(0 == Allocations.PerCall(() => network.LearningRate = 1e-4f), $"{what}: LearningRate");
        Assert.True(0 == Allocations.PerCall(() => _ = network.Parameters.Length + network.Step + network.Layers.Count), $"{what}: properties");
        System.Reflection.MethodInfo? reseed = network.GetType().GetMethod("ReseedDropout");
        if (reseed is not null)
        {
            var reseedDropout = reseed.CreateDelegate<Action<int>>(network);
            Assert.True(0 == Allocations.PerCall(() => reseedDropout(5)), $"{what}: ReseedDropout");
        }
    }
}
