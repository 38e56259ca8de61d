using NetGen.Testing;

namespace NetGen.Tests;

/// <summary>A generated CNN (Conv → BatchNorm → ReLU → MaxPool → Conv → Tanh → AvgPool → Flatten → Dense).</summary>
[Collection(Allocations.Collection)]
public class ConvolutionNetworkTests
{
    [Fact]
    public void Gradients_through_convolution_batch_norm_and_pooling_match_finite_differences()
    {
        var network = new SmallCnn(seed: 4);
        float[] inputs = TestBatches.Inputs(4, SmallCnn.InputSize, seed: 4);
        int[] labels = TestBatches.Labels(4, SmallCnn.OutputSize, seed: 4);
        var scratch = new float[SmallCnn.ParameterCount];
        GradientCheckTests.Check(network, g => network.ComputeGradients(inputs, labels, g), () => network.ComputeGradients(inputs, labels, scratch));
    }

    [Fact]
    public void Shapes_and_parameter_layout_follow_pytorch()
    {
        var network = new SmallCnn(seed: 1);
        Assert.Equal(72, SmallCnn.InputSize);
        Assert.Equal([3, 2, 3, 3], network.Conv1.WeightShape);
        Assert.Equal(3 * 6 * 6, network.Conv1.OutputSize);
        Assert.Equal(27, network.Pool1.OutputSize);
        Assert.Equal([4, 3, 2, 2], network.Conv2.WeightShape);
        Assert.Equal(0, network.Conv2.BiasLength);
        Assert.Equal(4, network.Flat.OutputSize);
        Assert.Equal(0, network.Pool1.ParameterCount);
        Assert.Equal(3, network.Conv1.Gamma.Length); // one γ per channel
        Assert.Equal(SmallCnn.ParameterCount, network.Layers.Sum(l => l.ParameterCount));
    }

    [Fact]
    public void Split_steps_are_bit_identical_training_learns_and_nothing_allocates()
    {
        var fused = new SmallCnn(seed: 2);
        var split = new SmallCnn(seed: 2);
        var gradients = new float[SmallCnn.ParameterCount];
        float[] inputs = TestBatches.Inputs(4, SmallCnn.InputSize, seed: 2);
        int[] labels = TestBatches.Labels(4, SmallCnn.OutputSize, seed: 2);
        float first = fused.TrainStep(inputs, labels);
        split.ComputeGradients(inputs, labels, gradients);
        split.ApplyGradients(gradients);
        Assert.True(fused.Parameters.SequenceEqual(split.Parameters));
        float last = first;
        for (int step = 0; step < 60; step++)
        {
            last = fused.TrainStep(inputs, labels);
        }

        Assert.True(last < first / 4, $"loss {first} → {last}");
        var outputs = new float[4 * 3];
        Assert.Equal(0, Allocations.PerCall(() => fused.TrainStep(inputs, labels)));
        Assert.Equal(0, Allocations.PerCall(() => fused.Predict(inputs, outputs)));
    }

    [Fact]
    public void Group_and_instance_norm_gradients_match_finite_differences()
    {
        var network = new GroupedCnn(seed: 5);
        float[] inputs = TestBatches.Inputs(3, GroupedCnn.InputSize, seed: 5);
        int[] labels = TestBatches.Labels(3, GroupedCnn.OutputSize, seed: 5);
        var scratch = new float[GroupedCnn.ParameterCount];
        GradientCheckTests.Check(network, g => network.ComputeGradients(inputs, labels, g), () => network.ComputeGradients(inputs, labels, scratch));
        Assert.Equal(4, network.Grouped.Gamma.Length); // one γ per channel, not per group
    }

    [Fact]
    public void Group_and_instance_norm_predict_each_sample_with_its_own_statistics()
    {
        var network = new GroupedCnn(seed: 6);
        float[] inputs = TestBatches.Inputs(3, GroupedCnn.InputSize, seed: 6);
        var all = new float[3 * 3];
        var one = new float[3];
        network.Predict(inputs, all);
        network.Predict(inputs.AsSpan(GroupedCnn.InputSize, GroupedCnn.InputSize), one);
        for (int c = 0; c < 3; c++)
        {
            Assert.Equal(all[3 + c], one[c], 1e-6f);
        }
    }
}
