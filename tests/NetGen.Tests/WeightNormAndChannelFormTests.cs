using NetGen.Testing;

namespace NetGen.Tests;

/// <summary>
/// WeightNorm (w = g·v/‖v‖ per output unit or filter) and the per-channel forms after Conv2D: LayerNorm over [C, H, W],
/// PReLU with a slope per channel, Maxout over consecutive channel planes.
/// </summary>
[Collection(Allocations.Collection)]
public class WeightNormAndChannelFormTests
{
    [Fact]
    public void WeightNorm_dense_gradients_for_v_g_and_bias_match_finite_differences()
    {
        var network = new WeightNormMlp(seed: 3);
        float[] inputs = TestBatches.Inputs(4, WeightNormMlp.InputSize, seed: 3);
        int[] labels = TestBatches.Labels(4, WeightNormMlp.OutputSize, seed: 3);
        var scratch = new float[WeightNormMlp.ParameterCount];
        GradientCheckTests.Check(network, g => network.ComputeGradients(inputs, labels, g), () => network.ComputeGradients(inputs, labels, scratch));
    }

    [Fact]
    public void Channel_forms_after_convolution_match_finite_differences()
    {
        var network = new ChannelFormsCnn(seed: 4);
        float[] inputs = TestBatches.Inputs(3, ChannelFormsCnn.InputSize, seed: 4);
        int[] labels = TestBatches.Labels(3, ChannelFormsCnn.OutputSize, seed: 4);
        var scratch = new float[ChannelFormsCnn.ParameterCount];
        GradientCheckTests.Check(network, g => network.ComputeGradients(inputs, labels, g), () => network.ComputeGradients(inputs, labels, scratch));
    }

    [Fact]
    public void WeightNorm_starts_with_g_equal_to_the_row_norms_of_v()
    {
        var network = new WeightNormMlp(seed: 5);
        Layer hidden = network.Hidden;
        Assert.Equal(7, hidden.Gamma.Length); // g, one per output unit
        Assert.Equal(0, hidden.Beta.Length);
        for (int i = 0; i < 7; i++)
        {
            ReadOnlySpan<float> row = hidden.Weight.Slice(i * 6, 6);
            double norm = Math.Sqrt(row.ToArray().Sum(v => (double)v * v));
            Assert.Equal(norm, hidden.Gamma[i], 1e-5);
        }

        Assert.Equal(WeightNormMlp.ParameterCount, network.Layers.Sum(l => l.ParameterCount));
        Assert.Equal(7 * 6 + 7 + 7, hidden.ParameterCount); // v, bias, g
    }

    [Fact]
    public void WeightNorm_outputs_do_not_change_when_v_is_scaled()
    {
        // w depends on v only through its direction: scaling a row of v leaves Predict unchanged.
        var network = new WeightNormMlp(seed: 6);
        float[] inputs = TestBatches.Inputs(4, WeightNormMlp.InputSize, seed: 6);
        var before = new float[4 * WeightNormMlp.OutputSize];
        var after = new float[before.Length];
        network.Predict(inputs, before);
        Span<float> v = network.Hidden.Weight;
        for (int j = 0; j < 6; j++)
        {
            v[2 * 6 + j] *= 3.5f;
        }

        network.Predict(inputs, after);
        for (int k = 0; k < before.Length; k++)
        {
            Assert.Equal(before[k], after[k], 1e-5f);
        }

        network.Hidden.Gamma[2] *= 2f; // the length does change it
        network.Predict(inputs, after);
        Assert.False(before.AsSpan().SequenceEqual(after));
    }

    [Fact]
    public void Channel_forms_lay_out_parameters_per_channel_and_per_value()
    {
        var network = new ChannelFormsCnn(seed: 7);
        Assert.Equal(3, network.Normed.Gamma.Length); // WeightNorm g per filter
        Assert.Equal(3, network.Normed.Slopes.Length); // PReLU slope per channel
        Assert.Equal(4 * 3 * 3, network.Layered.Gamma.Length); // LayerNorm over [C, H, W], as torch.nn.LayerNorm([4, 3, 3])
        Assert.Equal(4 * 3 * 3, network.Layered.Beta.Length);
        Assert.Equal([4, 4, 2, 2], network.Pieces.WeightShape); // 2 channels × 2 pieces
        Assert.Equal(2 * 2 * 2, network.Pieces.OutputSize);
        Assert.Equal(2, network.Batched.Slopes.Length);
        Assert.Equal(ChannelFormsCnn.ParameterCount, network.Layers.Sum(l => l.ParameterCount));
    }

    [Fact]
    public void Split_steps_are_bit_identical_training_learns_and_nothing_allocates()
    {
        var fused = new ChannelFormsCnn(seed: 8);
        var split = new ChannelFormsCnn(seed: 8);
        var gradients = new float[ChannelFormsCnn.ParameterCount];
        float[] inputs = TestBatches.Inputs(3, ChannelFormsCnn.InputSize, seed: 8);
        int[] labels = TestBatches.Labels(3, ChannelFormsCnn.OutputSize, seed: 8);
        float first = fused.TrainStep(inputs, labels);
        split.ComputeGradients(inputs, labels, gradients);
        split.ApplyGradients(gradients);
        Assert.True(fused.Parameters.SequenceEqual(split.Parameters));
        float last = first;
        for (int step = 0; step < 80; step++)
        {
            last = fused.TrainStep(inputs, labels);
        }

        Assert.True(last < first / 4, $"loss {first} → {last}");
        var outputs = new float[3 * ChannelFormsCnn.OutputSize];
        Assert.Equal(0, Allocations.PerCall(() => fused.TrainStep(inputs, labels)));
        Assert.Equal(0, Allocations.PerCall(() => fused.Predict(inputs, outputs)));
        var mlp = new WeightNormMlp(seed: 8);
        float[] mlpInputs = TestBatches.Inputs(4, WeightNormMlp.InputSize, seed: 8);
        int[] mlpLabels = TestBatches.Labels(4, WeightNormMlp.OutputSize, seed: 8);
        var mlpOutputs = new float[4 * WeightNormMlp.OutputSize];
        Assert.Equal(0, Allocations.PerCall(() => mlp.TrainStep(mlpInputs, mlpLabels)));
        Assert.Equal(0, Allocations.PerCall(() => mlp.Predict(mlpInputs, mlpOutputs)));
    }
}
