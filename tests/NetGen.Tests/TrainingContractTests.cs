using NetGen.Testing;

namespace NetGen.Tests;

/// <summary>The training surface: split steps, determinism, allocation, and learning on a synthetic problem.</summary>
[Collection(Allocations.Collection)]
public class TrainingContractTests
{
    [Fact]
    public void TrainStep_equals_ComputeGradients_then_ApplyGradients_bit_for_bit()
    {
        var fused = new ActivationZoo(seed: 11);
        var split = new ActivationZoo(seed: 11);
        var gradients = new float[ActivationZoo.ParameterCount];
        for (int step = 0; step < 5; step++)
        {
            float[] inputs = TestBatches.Inputs(4, ActivationZoo.InputSize, seed: step);
            int[] labels = TestBatches.Labels(4, ActivationZoo.OutputSize, seed: step);
            float fusedLoss = fused.TrainStep(inputs, labels);
            float splitLoss = split.ComputeGradients(inputs, labels, gradients);
            split.ApplyGradients(gradients);
            Assert.Equal(fusedLoss, splitLoss);
            Assert.True(fused.Parameters.SequenceEqual(split.Parameters), $"parameters differ after step {step}");
        }

        Assert.Equal(5, fused.Step);
        Assert.Equal(5, split.Step);
    }

    [Fact]
    public void TrainStep_with_targets_equals_ComputeGradients_then_ApplyGradients()
    {
        var fused = new Regressor(seed: 5);
        var split = new Regressor(seed: 5);
        var gradients = new float[Regressor.ParameterCount];
        for (int step = 0; step < 4; step++)
        {
            float[] inputs = TestBatches.Inputs(2, Regressor.InputSize, seed: step);
            float[] targets = TestBatches.Targets(2, Regressor.OutputSize, seed: step);
            fused.TrainStep(inputs, targets);
            split.ComputeGradients(inputs, targets, gradients);
            split.ApplyGradients(gradients);
        }

        Assert.True(fused.Parameters.SequenceEqual(split.Parameters));
    }

    [Fact]
    public void Same_seed_gives_bit_identical_parameters_after_100_steps_and_other_seeds_differ()
    {
        var a = new BlobClassifier(seed: 42);
        var b = new BlobClassifier(seed: 42);
        var c = new BlobClassifier(seed: 43);
        Assert.True(a.Parameters.SequenceEqual(b.Parameters));
        Assert.False(a.Parameters.SequenceEqual(c.Parameters));
        for (int step = 0; step < 100; step++)
        {
            float[] inputs = TestBatches.Inputs(32, 2, seed: step);
            int[] labels = TestBatches.Labels(32, 3, seed: step);
            a.TrainStep(inputs, labels);
            b.TrainStep(inputs, labels);
        }

        Assert.True(a.Parameters.SequenceEqual(b.Parameters));
    }

    [Fact]
    public void Train_step_and_predict_allocate_nothing()
    {
        var network = new WideMlp(seed: 1);
        float[] inputs = TestBatches.Inputs(64, WideMlp.InputSize, seed: 1);
        int[] labels = TestBatches.Labels(64, WideMlp.OutputSize, seed: 1);
        var outputs = new float[64 * WideMlp.OutputSize];
        var gradients = new float[WideMlp.ParameterCount];
        Assert.Equal(0, Allocations.PerCall(() => network.TrainStep(inputs, labels)));
        Assert.Equal(0, Allocations.PerCall(() => network.TrainStep(inputs.AsSpan(0, 17 * WideMlp.InputSize), labels.AsSpan(0, 17))));
        Assert.Equal(0, Allocations.PerCall(() => network.Predict(inputs, outputs)));
        Assert.Equal(0, Allocations.PerCall(() => network.ComputeGradients(inputs, labels, gradients)));
        Assert.Equal(0, Allocations.PerCall(() => network.ApplyGradients(gradients)));
    }

    [Fact]
    public void Gaussian_blobs_are_learned_to_a_low_loss()
    {
        // Three well-separated 2-D clusters: a correct network drives the loss far below log 3 ≈ 1.10.
        var network = new BlobClassifier(seed: 3);
        var random = new Randomness.SeededRandom(99);
        float[][] centres = [[-2f, 0f], [2f, 0f], [0f, 2.5f]];
        var inputs = new float[32 * 2];
        var labels = new int[32];
        float lastLosses = 0;
        for (int step = 0; step < 300; step++)
        {
            for (int i = 0; i < 32; i++)
            {
                labels[i] = random.NextInt(3);
                inputs[2 * i] = centres[labels[i]][0] + 0.5f * (float)random.NextNormal();
                inputs[2 * i + 1] = centres[labels[i]][1] + 0.5f * (float)random.NextNormal();
            }

            float loss = network.TrainStep(inputs, labels);
            if (step >= 280)
            {
                lastLosses += loss / 20;
            }
        }

        Assert.True(lastLosses < 0.1f, $"mean loss over the last 20 steps is {lastLosses}");
    }

    [Fact]
    public void Predict_returns_probabilities_for_any_sample_count_equal_to_one_at_a_time()
    {
        var network = new ReluClassifier(seed: 8);
        float[] inputs = TestBatches.Inputs(11, ReluClassifier.InputSize, seed: 8); // 11 > BatchSize = 4: three chunks
        var all = new float[11 * ReluClassifier.OutputSize];
        network.Predict(inputs, all);
        var single = new float[ReluClassifier.OutputSize];
        for (int i = 0; i < 11; i++)
        {
            network.Predict(inputs.AsSpan(i * ReluClassifier.InputSize, ReluClassifier.InputSize), single);
            Assert.Equal(single, all.AsSpan(i * ReluClassifier.OutputSize, ReluClassifier.OutputSize).ToArray());
            Assert.Equal(1f, single.Sum(), 1e-6f);
        }

        network.Predict([], []);
    }

    [Fact]
    public void Layers_view_the_parameters_in_the_documented_layout()
    {
        var network = new Regressor(seed: 2);
        Assert.Equal(["Hidden", "Squash", "Output"], network.Layers.Select(l => l.Name));
        Assert.Equal([8, 3], network.Hidden.WeightShape);
        Assert.Equal(0, network.Hidden.WeightOffset);
        Assert.Equal(24, network.Hidden.BiasOffset);
        Assert.Equal(0, network.Squash.BiasLength);
        Assert.Equal(0, network.Squash.Slopes.Length);
        Assert.Equal(32, network.Squash.WeightOffset);
        Assert.Equal(32 + 32, network.Output.WeightOffset);
        Assert.Equal(Regressor.ParameterCount, network.Output.BiasOffset + network.Output.BiasLength);
        Assert.All(network.Hidden.Bias.ToArray(), b => Assert.Equal(0.01f, b));
        network.Output.Weight[0] = 123f;
        Assert.Equal(123f, network.Parameters[64]);
        Assert.Equal("Dense(8) → ReLU", network.Hidden.Description);
    }

    [Fact]
    public void PReLU_slopes_and_Maxout_widths_follow_the_documented_layout()
    {
        var network = new ModernActivations(seed: 1);
        Assert.All(network.PReluLayer.Slopes.ToArray(), a => Assert.Equal(0.25f, a));
        Assert.Equal(network.PReluLayer.BiasOffset + 4, network.PReluLayer.WeightOffset + network.PReluLayer.WeightLength + network.PReluLayer.BiasLength);
        Assert.Equal([9, 4], network.MaxoutLayer.WeightShape); // 3 units × 3 pieces
        Assert.Equal(3, network.MaxoutLayer.OutputSize);
        Assert.Equal(ModernActivations.ParameterCount, network.Layers.Sum(l => l.ParameterCount));
    }

    [Fact]
    public void Learning_rate_can_be_changed_to_any_finite_non_negative_value()
    {
        var network = new ReluClassifier();
        Assert.Equal(0.1f, network.LearningRate);
        network.LearningRate = 0.01f;
        Assert.Equal(0.01f, network.LearningRate);
        network.LearningRate = 0f; // a schedule may anneal to zero
        Assert.Equal(0f, network.LearningRate);
        network.LearningRate = 0.01f;
        Assert.Throws<ArgumentOutOfRangeException>(() => network.LearningRate = -1e-3f);
        Assert.Throws<ArgumentOutOfRangeException>(() => network.LearningRate = float.NaN);
        Assert.Throws<ArgumentOutOfRangeException>(() => network.LearningRate = float.PositiveInfinity);
        Assert.Equal(0.01f, network.LearningRate);
    }
}
