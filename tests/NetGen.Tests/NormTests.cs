using NetGen.Testing;

namespace NetGen.Tests;

/// <summary>BatchNorm and LayerNorm: gradients, running statistics, train vs Predict, folding, batch-size rules.</summary>
[Collection(Allocations.Collection)]
public class NormTests
{
    [Fact]
    public void BatchNorm_and_LayerNorm_gradients_match_finite_differences()
    {
        var network = new NormedClassifier(seed: 3);
        float[] inputs = TestBatches.Inputs(8, NormedClassifier.InputSize, seed: 3);
        int[] labels = TestBatches.Labels(8, NormedClassifier.OutputSize, seed: 3);
        var scratch = new float[NormedClassifier.ParameterCount];
        GradientCheckTests.Check(
            network,
            g => { network.ReseedDropout(2); return network.ComputeGradients(inputs, labels, g); },
            () => { network.ReseedDropout(2); return network.ComputeGradients(inputs, labels, scratch); });
    }

    [Fact]
    public void Running_statistics_follow_pytorch_momentum_with_the_unbiased_variance()
    {
        var network = new BatchNormMlp(seed: 1);
        float[] inputs = TestBatches.Inputs(32, BatchNormMlp.InputSize, seed: 1);
        int[] labels = TestBatches.Labels(32, BatchNormMlp.OutputSize, seed: 1);
        // z = x·Wᵀ + b of the batch, computed by hand from the parameters before the step.
        float[] weight = network.Hidden.Weight.ToArray(), bias = network.Hidden.Bias.ToArray();
        network.TrainStep(inputs, labels);
        for (int j = 0; j < 24; j++)
        {
            double[] z = Enumerable.Range(0, 32).Select(i => bias[j] + Enumerable.Range(0, 20).Sum(k => (double)inputs[i * 20 + k] * weight[j * 20 + k])).ToArray();
            double mean = z.Average();
            double unbiased = z.Sum(v => (v - mean) * (v - mean)) / 31;
            Assert.Equal(0.1 * mean, network.Hidden.RunningMean[j], 1e-5);
            Assert.Equal(0.9 * 1 + 0.1 * unbiased, network.Hidden.RunningVariance[j], 1e-4);
        }
    }

    [Fact]
    public void Predict_uses_running_statistics_and_the_folded_network_equals_the_unfolded_one()
    {
        var network = new BatchNormMlp(seed: 2);
        for (int step = 0; step < 30; step++)
        {
            network.TrainStep(TestBatches.Inputs(32, 20, seed: step), TestBatches.Labels(32, 5, seed: step));
        }

        float[] inputs = TestBatches.Inputs(7, 20, seed: 99);
        var predicted = new float[7 * 5];
        network.Predict(inputs, predicted);

        // Unfolded inference by hand: z = x·Wᵀ + b, n = γ(z − μ)/√(σ² + ε) + β, ReLU, then the output layer and softmax.
        Layer hidden = network.Hidden, output = network.Output;
        float[] w = hidden.Weight.ToArray(), b = hidden.Bias.ToArray(), gamma = hidden.Gamma.ToArray(), beta = hidden.Beta.ToArray();
        float[] mu = hidden.RunningMean.ToArray(), variance = hidden.RunningVariance.ToArray(), w2 = output.Weight.ToArray(), b2 = output.Bias.ToArray();
        for (int i = 0; i < 7; i++)
        {
            var h = new double[24];
            for (int j = 0; j < 24; j++)
            {
                double z = b[j] + Enumerable.Range(0, 20).Sum(k => (double)inputs[i * 20 + k] * w[j * 20 + k]);
                h[j] = Math.Max(0, gamma[j] * (z - mu[j]) / Math.Sqrt(variance[j] + 1e-5) + beta[j]);
            }

            double[] logits = Enumerable.Range(0, 5).Select(c => b2[c] + Enumerable.Range(0, 24).Sum(j => h[j] * w2[c * 24 + j])).ToArray();
            double max = logits.Max(), sum = logits.Sum(l => Math.Exp(l - max));
            for (int c = 0; c < 5; c++)
            {
                Assert.Equal(Math.Exp(logits[c] - max) / sum, predicted[i * 5 + c], 1e-5);
            }
        }
    }

    [Fact]
    public void Training_a_step_or_writing_parameters_refolds_before_the_next_predict()
    {
        var network = new BatchNormMlp(seed: 3);
        float[] inputs = TestBatches.Inputs(4, 20, seed: 3);
        var before = new float[20];
        var after = new float[20];
        network.Predict(inputs, before);
        network.Hidden.Gamma[0] = 5f; // through the layer view
        network.Predict(inputs, after);
        Assert.NotEqual(before, after);
        network.Parameters[network.Hidden.WeightOffset + network.Hidden.WeightLength + network.Hidden.BiasLength + 24] = 2f; // β[0], through Parameters
        network.Predict(inputs, before);
        Assert.NotEqual(before, after);
    }

    [Fact]
    public void BatchNorm_refuses_single_sample_training_batches_and_changes_nothing()
    {
        var network = new BatchNormMlp(seed: 4);
        float[] mean = network.Hidden.RunningMean.ToArray();
        float[] parameters = network.Parameters.ToArray();
        var e = Assert.Throws<ArgumentException>(() => network.TrainStep(new float[20], [1]));
        Assert.Equal("labels", e.ParamName);
        Assert.Equal(mean, network.Hidden.RunningMean.ToArray());
        Assert.Equal(parameters, network.Parameters.ToArray());
        var single = new float[5];
        network.Predict(new float[20], single); // inference on one sample is fine
        Assert.Equal(1f, single.Sum(), 1e-6f);
    }

    [Fact]
    public void LayerNorm_predicts_with_the_samples_own_statistics()
    {
        var network = new NormedClassifier(seed: 5);
        float[] inputs = TestBatches.Inputs(8, 6, seed: 5);
        var all = new float[8 * 3];
        network.Predict(inputs, all);
        var one = new float[3];
        network.Predict(inputs.AsSpan(6, 6), one); // LayerNorm layers do not depend on the rest of the batch
        Assert.Equal(all.AsSpan(3, 3).ToArray(), one, new FloatTolerance(1e-6f));
    }

    [Fact]
    public void Norm_networks_split_steps_are_bit_identical_and_allocate_nothing()
    {
        var fused = new NormedClassifier(seed: 6);
        var split = new NormedClassifier(seed: 6);
        var gradients = new float[NormedClassifier.ParameterCount];
        var outputs = new float[8 * 3];
        for (int step = 0; step < 5; step++)
        {
            float[] inputs = TestBatches.Inputs(8, 6, seed: step);
            int[] labels = TestBatches.Labels(8, 3, seed: step);
            fused.TrainStep(inputs, labels);
            split.ComputeGradients(inputs, labels, gradients);
            split.ApplyGradients(gradients);
        }

        Assert.True(fused.Parameters.SequenceEqual(split.Parameters));
        Assert.Equal(fused.Batch.RunningVariance.ToArray(), split.Batch.RunningVariance.ToArray());
        float[] x = TestBatches.Inputs(8, 6, seed: 1);
        int[] y = TestBatches.Labels(8, 3, seed: 1);
        Assert.Equal(0, Allocations.PerCall(() => fused.TrainStep(x, y)));
        Assert.Equal(0, Allocations.PerCall(() => fused.Predict(x, outputs)));
    }

    private sealed class FloatTolerance(float tolerance) : IEqualityComparer<float>
    {
        public bool Equals(float a, float b) => Math.Abs(a - b) <= tolerance;

        public int GetHashCode(float value) => 0;
    }
}
