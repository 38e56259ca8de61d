using NetGen.Runtime;
using NetGen.Testing;

namespace NetGen.Tests;

[Network(BatchSize = 32)]
[Input(64)]
[SoftmaxCrossEntropy]
[Adam(1e-3f)]
public partial class FeatureMajorClassifier
{
    [Dense(32), ReLU]
    public partial Layer Hidden { get; }

    [Dense(13), LeakyReLU(0.2f)]
    public partial Layer Narrow { get; }

    [Dense(10)]
    public partial Layer Output { get; }
}

[Network(BatchSize = 24)]
[Input(7, 3)]
[BinaryCrossEntropy]
[Sgd(0.1f)]
public partial class FeatureMajorBinary
{
    [Dense(9, UseBias = false), Tanh]
    public partial Layer Hidden { get; }

    [Dense(1)]
    public partial Layer Output { get; }
}

[Network(BatchSize = 40)]
[Input(5)]
[MeanSquaredError]
[Sgd(0.01f)]
public partial class FeatureMajorRegressor
{
    [Dense(11), GELU]
    public partial Layer Hidden { get; }

    [Dense(3, UseBias = false)]
    public partial Layer Output { get; }
}

/// <summary>
/// Predict's feature-major chunks (networks of small Dense layers, chunks whose samples fill ¾ of the lanes) against the
/// batch-major path the same network takes one sample at a time (its dot-product form: the same outputs to rounding), for every loss's output transform,
/// chunk sizes that pad the lanes, and the ragged last chunk that falls back to batch-major.
/// </summary>
[Collection(Allocations.Collection)]
public class FeatureMajorPredictTests
{
    [Fact]
    public void Softmax_classifier_matches_batch_major() =>
        Check(new FeatureMajorClassifier(seed: 3), FeatureMajorClassifier.InputSize, FeatureMajorClassifier.OutputSize, FeatureMajorClassifier.BatchSize, tolerance: 1e-6f);

    [Fact]
    public void Binary_classifier_without_bias_matches_batch_major() =>
        Check(new FeatureMajorBinary(seed: 4), FeatureMajorBinary.InputSize, FeatureMajorBinary.OutputSize, FeatureMajorBinary.BatchSize, tolerance: 1e-6f);

    [Fact]
    public void Regressor_matches_batch_major() =>
        Check(new FeatureMajorRegressor(seed: 5), FeatureMajorRegressor.InputSize, FeatureMajorRegressor.OutputSize, FeatureMajorRegressor.BatchSize, tolerance: 1e-6f);

    [Fact]
    public void Feature_major_predict_allocates_nothing()
    {
        var network = new FeatureMajorClassifier(seed: 6);
        float[] inputs = TestBatches.Inputs(FeatureMajorClassifier.BatchSize, FeatureMajorClassifier.InputSize, seed: 6);
        var outputs = new float[FeatureMajorClassifier.BatchSize * FeatureMajorClassifier.OutputSize];
        Assert.True(FeatureMajor.Pays(FeatureMajorClassifier.BatchSize) || Simd.Width == SimdWidth.Scalar);
        Assert.Equal(0, Allocations.PerCall(() => network.Predict(inputs, outputs)));
    }

    [Fact]
    public void A_non_finite_sample_changes_only_its_own_outputs_as_batch_major_does()
    {
        var network = new FeatureMajorClassifier(seed: 7);
        const int samples = FeatureMajorClassifier.BatchSize, inputSize = FeatureMajorClassifier.InputSize, outputSize = FeatureMajorClassifier.OutputSize;
        float[] inputs = TestBatches.Inputs(samples, inputSize, seed: 7);
        var clean = new float[samples * outputSize];
        network.Predict(inputs, clean);
        inputs[5 * inputSize + 3] = float.NaN;
        inputs[9 * inputSize] = float.PositiveInfinity;
        var spoiled = new float[samples * outputSize];
        network.Predict(inputs, spoiled);
        for (int s = 0; s < samples; s++)
        {
            float[] row = spoiled.AsSpan(s * outputSize, outputSize).ToArray();
            if (s is 5 or 9)
            {
                // What the batch-major path makes of the same sample alone (ReLU maps NaN to 0, as both engines' Relu does).
                var alone = new float[outputSize];
                network.Predict(inputs.AsSpan(s * inputSize, inputSize), alone);
                for (int o = 0; o < outputSize; o++)
                {
                    Assert.True(float.IsNaN(alone[o]) == float.IsNaN(row[o]) && (float.IsNaN(row[o]) || Math.Abs(alone[o] - row[o]) <= 1e-6f), $"sample {s} output {o}: {row[o]} chunked, {alone[o]} alone");
                }

                continue;
            }

            Assert.Equal(clean.AsSpan(s * outputSize, outputSize).ToArray(), row);
        }
    }

    private static void Check(INetwork network, int inputSize, int outputSize, int batchSize, float tolerance)
    {
        // Two full chunks, then a last one of 19 (still feature-major at both vector widths) or of 3 (batch-major).
        foreach (int samples in new[] { 2 * batchSize + 19, 2 * batchSize + 3, batchSize - 1 })
        {
            float[] inputs = TestBatches.Inputs(samples, inputSize, seed: samples);
            var all = new float[samples * outputSize];
            network.Predict(inputs, all);
            var one = new float[outputSize];
            for (int s = 0; s < samples; s++)
            {
                network.Predict(inputs.AsSpan(s * inputSize, inputSize), one);
                for (int o = 0; o < outputSize; o++)
                {
                    float chunked = all[s * outputSize + o];
                    Assert.True(Math.Abs(chunked - one[o]) <= tolerance * Math.Max(1f, Math.Abs(one[o])), $"{samples} samples: sample {s} output {o} is {chunked} chunked, {one[o]} alone");
                }
            }
        }
    }
}
