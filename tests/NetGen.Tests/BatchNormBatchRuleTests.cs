using NetGen.Graph;

namespace NetGen.Tests;

/// <summary>
/// BatchNorm's batch rule is PyTorch's, N·H·W ≥ 2 per channel, in both engines: after a convolution with several output
/// positions a batch of one sample trains; after a Dense layer it is refused without changing anything.
/// </summary>
public class BatchNormBatchRuleTests
{
    [Fact]
    public void A_convolution_with_batch_norm_trains_on_one_sample_in_both_engines()
    {
        float[] inputs = Enumerable.Range(0, 2 * 8 * 8).Select(i => MathF.Sin(i)).ToArray();
        int[] label = [1];
        INetwork[] engines = [new ConvBatchNormCnn(seed: 1), GraphNetwork.Create(GraphAttributes.Read(typeof(ConvBatchNormCnn)), seed: 1)];
        float[] losses = engines.Select(n => n.TrainStep(inputs, label)).ToArray();
        Assert.All(losses, l => Assert.True(float.IsFinite(l)));
        Assert.Equal(losses[0], losses[1], 1e-5f);
    }

    [Fact]
    public void A_dense_layer_with_batch_norm_refuses_one_sample_in_both_engines_and_changes_nothing()
    {
        INetwork[] engines = [new BatchNormMlp(seed: 1), GraphNetwork.Create(GraphAttributes.Read(typeof(BatchNormMlp)), seed: 1)];
        foreach (INetwork network in engines)
        {
            float[] before = network.Parameters.ToArray();
            Assert.Throws<ArgumentException>(() => network.TrainStep(new float[20], new int[1]));
            Assert.Equal(before, network.Parameters.ToArray());
            Assert.Equal(0, network.Step);
        }
    }
}

/// <summary>BatchNorm over a convolution's 6 × 6 output positions: one sample holds 36 values per channel.</summary>
[Network(BatchSize = 4)]
[Input(2, 8, 8)]
[SoftmaxCrossEntropy]
[Sgd(0.05f)]
public partial class ConvBatchNormCnn
{
    [Conv2D(3, 3), BatchNorm, ReLU]
    public partial Layer Conv { get; }

    [Dense(2)]
    public partial Layer Output { get; }
}
