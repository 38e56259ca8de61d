using NetGen.Testing;

namespace NetGen.Tests;

/// <summary>PredictWithDropout and MonteCarloDropout.Predict in both engines.</summary>
public class MonteCarloDropoutTests
{
    public static TheoryData<string> Engines => new() { "generated", "interpreted" };

    private static INetwork Create(Type type, string engine, int seed = 4) => CheckpointFiles.Create(type, engine, seed);

    [Theory]
    [MemberData(nameof(Engines))]
    public void The_mean_of_a_linear_dropout_network_approaches_predict_and_the_variance_is_the_known_one(string engine)
    {
        INetwork network = Create(typeof(LinearDropout), engine);
        const int samples = 3, passes = 4000;
        float[] inputs = TestBatches.Inputs(samples, network.InputSize, seed: 1);
        var predicted = new float[samples * network.OutputSize];
        network.Predict(inputs, predicted);
        var mean = new float[predicted.Length];
        var variance = new float[predicted.Length];
        MonteCarloDropout.Predict(network, inputs, passes, mean, variance);

        // y = W₂(m ⊙ h) + b₂ with h = W₁x + b₁ and E[m] = 1, Var[m] = p/(1 − p): Var[yᵢ] = p/(1 − p)·Σⱼ W₂ᵢⱼ² hⱼ².
        Layer hidden = network.Layers[0], output = network.Layers[1];
        float p = hidden.DropoutRate;
        for (int s = 0; s < samples; s++)
        {
            for (int i = 0; i < network.OutputSize; i++)
            {
                double expected = 0;
                for (int j = 0; j < hidden.OutputSize; j++)
                {
                    double h = hidden.Bias[j];
                    for (int k = 0; k < hidden.InputSize; k++)
                    {
                        h += hidden.Weight[j * hidden.InputSize + k] * inputs[s * hidden.InputSize + k];
                    }

                    double w = output.Weight[i * hidden.OutputSize + j];
                    expected += w * w * h * h;
                }

                expected *= p / (1 - p);
                int at = s * network.OutputSize + i;
                Assert.InRange(mean[at], predicted[at] - 5 * Math.Sqrt(expected / passes), predicted[at] + 5 * Math.Sqrt(expected / passes));
                Assert.InRange(variance[at], 0.85 * expected, 1.15 * expected);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public void Without_dropout_or_at_rate_zero_it_equals_predict_with_no_variance(string engine)
    {
        foreach (INetwork network in new[] { Create(typeof(ReluClassifier), engine), Create(typeof(LinearDropout), engine) })
        {
            if (network.Layers[0].HasDropout)
            {
                network.Layers[0].DropoutRate = 0f;
            }

            float[] inputs = TestBatches.Inputs(5, network.InputSize, seed: 2);
            var predicted = new float[5 * network.OutputSize];
            var mean = new float[predicted.Length];
            var variance = new float[predicted.Length];
            network.Predict(inputs, predicted);
            MonteCarloDropout.Predict(network, inputs, 10, mean, variance);
            Assert.Equal(predicted, mean);
            Assert.All(variance, v => Assert.Equal(0f, v));
        }
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public void With_dropout_the_variance_is_positive(string engine)
    {
        INetwork network = Create(typeof(NormedDropout), engine);
        float[] inputs = TestBatches.Inputs(4, network.InputSize, seed: 3);
        var mean = new float[4 * network.OutputSize];
        var variance = new float[mean.Length];
        MonteCarloDropout.Predict(network, inputs, 50, mean, variance);
        Assert.All(variance, v => Assert.True(v > 0f));
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public void It_is_inference_that_moves_only_the_dropout_stream(string engine)
    {
        INetwork network = Create(typeof(NormedDropout), engine);
        CheckpointFiles.Train(network, 3);
        float[] inputs = TestBatches.Inputs(12, network.InputSize, seed: 4); // more than one batch
        float[] parameters = network.Parameters.ToArray();
        float[] runningMean = network.Layers[0].RunningMean.ToArray(), runningVariance = network.Layers[0].RunningVariance.ToArray();
        TrainingPosition before = network.Position;
        var outputs = new float[12 * network.OutputSize];
        network.PredictWithDropout(inputs, outputs);
        TrainingPosition after = network.Position;
        Assert.Equal(before with { Dropout = after.Dropout }, after); // Step and BatchNorm's batch count unchanged
        Assert.NotEqual(before.Dropout, after.Dropout); // the stream advanced
        Assert.Equal(parameters, network.Parameters.ToArray());
        Assert.Equal(runningMean, network.Layers[0].RunningMean.ToArray());
        Assert.Equal(runningVariance, network.Layers[0].RunningVariance.ToArray());

        network.Position = before; // the same stream again: the same masks
        var again = new float[outputs.Length];
        network.PredictWithDropout(inputs, again);
        Assert.Equal(outputs, again);
    }

    [Fact]
    public void Both_engines_draw_the_same_masks()
    {
        INetwork generated = Create(typeof(NormedDropout), "generated", seed: 7), interpreted = Create(typeof(NormedDropout), "interpreted", seed: 7);
        float[] inputs = TestBatches.Inputs(10, generated.InputSize, seed: 5);
        var a = new float[10 * generated.OutputSize];
        var b = new float[a.Length];
        for (int pass = 0; pass < 3; pass++)
        {
            generated.PredictWithDropout(inputs, a);
            interpreted.PredictWithDropout(inputs, b);
            Assert.Equal(a, b); // the same masks, and here the same arithmetic: bit for bit

            Assert.Equal(generated.Position, interpreted.Position);
        }
    }

    [Fact]
    public void Arguments_are_checked()
    {
        INetwork network = new LinearDropout();
        float[] inputs = new float[2 * LinearDropout.InputSize];
        Assert.Throws<ArgumentNullException>(() => MonteCarloDropout.Predict(null!, inputs, 2, new float[4], new float[4]));
        Assert.Throws<ArgumentOutOfRangeException>(() => MonteCarloDropout.Predict(network, inputs, 0, new float[4], new float[4]));
        Assert.Equal("mean", Assert.Throws<ArgumentException>(() => MonteCarloDropout.Predict(network, inputs, 2, new float[3], new float[4])).ParamName);
        Assert.Equal("variance", Assert.Throws<ArgumentException>(() => MonteCarloDropout.Predict(network, inputs, 2, new float[4], new float[5])).ParamName);
        Assert.Equal("inputs", Assert.Throws<ArgumentException>(() => MonteCarloDropout.Predict(network, new float[5], 2, new float[4], new float[4])).ParamName);
        Assert.Equal("pass", Assert.Throws<ArgumentException>(() => MonteCarloDropout.Predict(network, inputs, 2, new float[4], new float[4], new float[3])).ParamName);
        Assert.Equal("outputs", Assert.Throws<ArgumentException>(() => network.PredictWithDropout(inputs, new float[3])).ParamName);
    }
}

/// <summary>PredictWithDropout and MonteCarloDropout.Predict allocate nothing per call, in both engines.</summary>
[Collection(Allocations.Collection)]
public class MonteCarloDropoutAllocationTests
{
    [Theory]
    [InlineData("generated")]
    [InlineData("interpreted")]
    public void Passes_allocate_nothing(string engine)
    {
        INetwork network = CheckpointFiles.Create(typeof(NormedDropout), engine, 1);
        float[] inputs = TestBatches.Inputs(20, network.InputSize, seed: 6);
        var outputs = new float[20 * network.OutputSize];
        var mean = new float[outputs.Length];
        var variance = new float[outputs.Length];
        Assert.Equal(0, Allocations.PerCall(() => network.PredictWithDropout(inputs, outputs)));
        Assert.Equal(0, Allocations.PerCall(() => MonteCarloDropout.Predict(network, inputs, 8, mean, variance)));
        Assert.Equal(0, Allocations.PerCall(() => MonteCarloDropout.Predict(network, inputs, 8, mean, variance, outputs)));
    }
}
