using NetGen.Testing;

using NetGen.Randomness;

namespace NetGen.Graph.Tests;

/// <summary>The three ways to describe a network (attributes, builder, JSON) build the same interpreted network.</summary>
[Collection(Allocations.Collection)]
public class ConstructionTests
{
    [Fact]
    public void Builder_json_and_attributes_give_the_same_network()
    {
        GraphNetwork fromAttributes = GraphNetwork.Create(GraphAttributes.Read(typeof(TinyCnn)), seed: 5);
        GraphNetwork fromBuilder = Descriptions.TinyCnn().Build(seed: 5);
        GraphNetwork fromJson = GraphNetwork.Create(GraphJson.Parse(Descriptions.TinyCnnJson), seed: 5);
        var generated = new TinyCnn(seed: 5);
        foreach (GraphNetwork network in new[] { fromAttributes, fromBuilder, fromJson })
        {
            Assert.Equal(TinyCnn.ParameterCount, network.ParameterCount);
            Assert.True(generated.Parameters.SequenceEqual(network.Parameters));
            Assert.Equal(generated.Layers.Select(l => l.Description), network.Layers.Select(l => l.Description));
        }

        float[] inputs = Inputs(4 * TinyCnn.InputSize, seed: 1);
        int[] labels = [0, 2, 1, 2];
        float[] losses = new[] { fromAttributes, fromBuilder, fromJson }.Select(n => n.TrainStep(inputs, labels)).ToArray();
        Assert.Equal(losses[0], losses[1]);
        Assert.Equal(losses[0], losses[2]);
        Assert.True(fromAttributes.Parameters.SequenceEqual(fromJson.Parameters));
    }

    [Fact]
    public void Pooling_padding_ceil_mode_and_count_include_pad_read_alike_in_every_form()
    {
        var generated = new PaddedPools(seed: 3);
        GraphNetwork[] networks =
        [
            GraphNetwork.Create(GraphAttributes.Read(typeof(PaddedPools)), seed: 3),
            Descriptions.PaddedPools().Build(seed: 3),
            GraphNetwork.Create(GraphJson.Parse(Descriptions.PaddedPoolsJson), seed: 3),
        ];
        float[] inputs = Inputs(2 * PaddedPools.InputSize, seed: 2);
        int[] labels = [1, 2];
        float expected = generated.TrainStep(inputs, labels);
        foreach (GraphNetwork network in networks)
        {
            Assert.Equal(["MaxPool(3, stride 2, pad 1, ceil)", "AvgPool(2, pad 1, ceil, pad not counted)", "Dense(3)"], network.Layers.Select(l => l.Description));
            Assert.Equal([2 * 4 * 4, 2 * 3 * 3, 3], network.Layers.Select(l => l.OutputSize));
            Assert.Equal(expected, network.TrainStep(inputs, labels), 5);
        }
    }

    [Fact]
    public void Layers_and_ops_report_shapes_and_the_parameter_layout()
    {
        GraphNetwork network = Descriptions.TinyCnn().Build();
        Assert.Equal(["Conv", "Pool", "Hidden", "Output"], network.Layers.Select(l => l.Name));
        Assert.Equal([4, 1, 3, 3], network.Layers[0].WeightShape);
        Assert.Equal(4, network.Layers[0].Gamma.Length);
        Assert.Equal(4, network.Layers[0].RunningVariance.Length);
        Assert.Equal(4 * 4 * 4, network.Layers[1].OutputSize);
        Assert.Equal(8, network.Layers[2].Gamma.Length);
        Assert.Equal(network.ParameterCount, network.Layers.Sum(l => l.ParameterCount));
        Assert.Contains(network.Ops, o => o.StartsWith("Conv: Conv2DOp [1, 8, 8] → [4, 8, 8]", StringComparison.Ordinal));
        Assert.Contains(network.Ops, o => o.StartsWith("Hidden.Dropout: DropoutOp [8] → [8]", StringComparison.Ordinal));
    }

    [Fact]
    public void Training_learns_and_a_steady_loop_does_not_allocate()
    {
        GraphNetwork network = new GraphBuilder(10).BatchSize(16)
            .Dense(32).BatchNorm().ReLU().Dropout(0.1f)
            .Dense(3)
            .SoftmaxCrossEntropy().Sgd(0.1f, momentum: 0.9f)
            .Build(seed: 2);
        float[] inputs = Inputs(16 * 10, seed: 3);
        int[] labels = Enumerable.Range(0, 16).Select(i => inputs[i * 10] > 0 ? 1 : inputs[i * 10 + 1] > 0 ? 2 : 0).ToArray();
        float first = network.TrainStep(inputs, labels), last = first;
        for (int step = 0; step < 100; step++)
        {
            last = network.TrainStep(inputs, labels);
        }

        Assert.True(last < first / 4, $"loss {first} → {last}");
        var outputs = new float[16 * 3];
        // Tensors keep their storage between calls (a caching allocator's behaviour), so nothing is allocated per step.
        Assert.Equal(0, Allocations.PerCall(() => network.TrainStep(inputs, labels)));
        Assert.Equal(0, Allocations.PerCall(() => network.Predict(inputs, outputs)));
    }

    [Fact]
    public void Batches_of_any_size_up_to_the_batch_size_work_and_larger_predicts_are_chunked()
    {
        GraphNetwork network = new GraphBuilder(4).BatchSize(3).Dense(5).Tanh().Dense(2).MeanSquaredError().Sgd(0.05f).Build();
        float[] inputs = Inputs(7 * 4, seed: 4);
        var all = new float[7 * 2];
        network.Predict(inputs, all);
        var one = new float[2];
        for (int i = 0; i < 7; i++)
        {
            network.Predict(inputs.AsSpan(i * 4, 4), one);
            Assert.Equal(all[i * 2], one[0], 6);
            Assert.Equal(all[i * 2 + 1], one[1], 6);
        }

        Assert.True(float.IsFinite(network.TrainStep(inputs.AsSpan(0, 4), new float[2])));
        Assert.True(float.IsFinite(network.TrainStep(inputs.AsSpan(0, 12), new float[6])));
    }

    internal static float[] Inputs(int length, int seed)
    {
        var random = new SeededRandom(seed);
        return Enumerable.Range(0, length).Select(_ => (float)random.NextNormal()).ToArray();
    }
}
