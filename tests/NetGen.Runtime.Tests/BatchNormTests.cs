using NetGen.Testing;

namespace NetGen.Runtime.Tests;

/// <summary>Spatial batch norm (per channel over batch × positions) equals dense batch norm on the same values laid out as rows.</summary>
[Collection(Allocations.Collection)]
public class BatchNormTests
{
    [Fact]
    public void Per_channel_batch_norm_equals_dense_batch_norm_over_batch_times_positions()
    {
        const int rows = 3, features = 4, positions = 5;
        float[] z = TestData.Uniform(rows * features * positions, seed: 1, -2f, 3f);
        float[] gamma = TestData.Uniform(features, seed: 2, 0.5f, 1.5f), beta = TestData.Uniform(features, seed: 3);
        float[] bias = TestData.Uniform(features, seed: 4);
        // The same values as a dense [rows·positions, features] batch.
        var dense = new float[z.Length];
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < features; j++)
            {
                for (int p = 0; p < positions; p++)
                {
                    dense[(i * positions + p) * features + j] = z[(i * features + j) * positions + p];
                }
            }
        }

        float[] spatialMean = new float[features], spatialVar = Enumerable.Repeat(1f, features).ToArray();
        float[] denseMean = new float[features], denseVar = Enumerable.Repeat(1f, features).ToArray();
        float[] spatialInv = new float[features], denseInv = new float[features];
        var spatialY = new float[z.Length];
        var denseY = new float[z.Length];
        BatchNorm.ForwardTraining(bias, gamma, beta, 0.1f, 1e-5f, default(Relu), rows, positions, z, spatialInv, spatialMean, spatialVar, spatialY);
        BatchNorm.ForwardTraining(bias, gamma, beta, 0.1f, 1e-5f, default(Relu), rows * positions, 1, dense, denseInv, denseMean, denseVar, denseY);
        Assert.Equal(denseMean, spatialMean);
        Assert.Equal(denseVar, spatialVar);
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < features; j++)
            {
                for (int p = 0; p < positions; p++)
                {
                    Assert.Equal(denseY[(i * positions + p) * features + j], spatialY[(i * features + j) * positions + p], 1e-6f);
                }
            }
        }

        float[] dn = TestData.Uniform(z.Length, seed: 5);
        var dDense = new float[z.Length];
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < features; j++)
            {
                for (int p = 0; p < positions; p++)
                {
                    dDense[(i * positions + p) * features + j] = dn[(i * features + j) * positions + p];
                }
            }
        }

        float[] g1 = new float[features], b1 = new float[features], g2 = new float[features], b2 = new float[features];
        BatchNorm.Backward(z, gamma, spatialInv, rows, positions, dn, g1, b1);
        BatchNorm.Backward(dense, gamma, denseInv, rows * positions, 1, dDense, g2, b2);
        for (int j = 0; j < features; j++)
        {
            Assert.Equal(g2[j], g1[j], 1e-5f);
            Assert.Equal(b2[j], b1[j], 1e-5f);
        }

        Assert.Equal(dDense[(1 * positions + 2) * features + 3], dn[(1 * features + 3) * positions + 2], 1e-5f);
    }

    [Fact]
    public void Wide_layers_are_normalized_in_chunks_without_allocating()
    {
        const int rows = 4, features = 1100; // more features than one stack chunk
        float[] z = TestData.Uniform(rows * features, seed: 7, -1f, 2f);
        float[] original = (float[])z.Clone();
        float[] gamma = Enumerable.Repeat(1f, features).ToArray(), beta = new float[features];
        float[] mean = new float[features], variance = new float[features], inverse = new float[features];
        var y = new float[z.Length];
        BatchNorm.ForwardTraining([], gamma, beta, 1f, 1e-5f, default(Identity), rows, 1, z, inverse, mean, variance, y);
        foreach (int f in new[] { 0, 511, 512, 1099 })
        {
            double mu = Enumerable.Range(0, rows).Average(i => (double)original[i * features + f]);
            Assert.Equal(mu, mean[f], 1e-6);
        }

        float[] dn = TestData.Uniform(z.Length, seed: 8), dGamma = new float[features], dBeta = new float[features];
        float[] normalized = (float[])original.Clone(), gradient = (float[])dn.Clone();
        Assert.Equal(0, Allocations.PerCall(() => BatchNorm.ForwardTraining([], gamma, beta, 1f, 1e-5f, default(Identity), rows, 1, normalized, inverse, mean, variance, y)));
        Assert.Equal(0, Allocations.PerCall(() => BatchNorm.Backward(normalized, gamma, inverse, rows, 1, gradient, dGamma, dBeta)));
        BatchNorm.Backward(normalized, gamma, inverse, rows, 1, dn, dGamma, dBeta);
        Assert.Equal(Enumerable.Range(0, rows).Sum(i => (double)TestData.Uniform(z.Length, seed: 8)[i * features + 1099]), dBeta[1099], 1e-5);
    }

    [Theory]
    [InlineData(1, 600)] // after Dense, more features than one chunk
    [InlineData(9, 3)] // after Conv2D: 3 channels of 9 positions
    [InlineData(25, 2)] // planes of 25: a Vector512 body, a Vector256 step and a scalar tail
    public void Inference_uses_the_running_statistics(int positions, int features)
    {
        const int rows = 3;
        float[] x = TestData.Uniform(rows * features * positions, seed: 11, -2f, 2f);
        float[] gamma = TestData.Uniform(features, seed: 12, 0.5f, 1.5f), beta = TestData.Uniform(features, seed: 13);
        float[] mean = TestData.Uniform(features, seed: 14), variance = TestData.Uniform(features, seed: 15, 0.1f, 2f);
        foreach (SimdWidth width in new[] { SimdWidth.Scalar, SimdWidth.Vector256, SimdWidth.Vector512 })
        {
            var y = new float[x.Length];
            Assert.Equal(ExpectedCoverage.Of(width, rows * features, positions), BatchNorm.ForwardInference(x, gamma, beta, mean, variance, 1e-5f, rows, positions, y, width));
            for (int i = 0; i < x.Length; i++)
            {
                int j = i / positions % features;
                double expected = gamma[j] * (x[i] - mean[j]) / Math.Sqrt(variance[j] + 1e-5) + beta[j];
                Assert.Equal(expected, y[i], 1e-5);
            }
        }
    }
}

/// <summary>Predict's BatchNorm (scale and shift per feature, applied in the epilogue) against the double-precision definition.</summary>
public class BatchNormInferenceTests
{
    public static TheoryData<SimdWidth> Widths => new(SimdWidth.Scalar, SimdWidth.Vector256, SimdWidth.Vector512);

    [Theory]
    [MemberData(nameof(Widths))]
    public void Scale_shift_epilogue_matches_the_reference_per_feature_and_per_channel(SimdWidth width)
    {
        foreach ((int rows, int features, int positions) in new[] { (3, 1, 1), (5, 37, 1), (2, 16, 1), (3, 4, 5), (2, 3, 49), (1, 6, 17) })
        {
            float[] z = TestData.Uniform(rows * features * positions, seed: features + positions, -3f, 3f);
            float[] bias = TestData.Uniform(features, seed: 11), gamma = TestData.Uniform(features, seed: 12, 0.5f, 2f);
            float[] beta = TestData.Uniform(features, seed: 13), mean = TestData.Uniform(features, seed: 14);
            float[] variance = TestData.Uniform(features, seed: 15, 0.1f, 3f);
            foreach (bool withBias in new[] { true, false })
            {
                float[] b = withBias ? bias : [];
                float[] expected = (float[])z.Clone();
                BatchNormReference.Inference(b, gamma, beta, mean, variance, 1e-5f, new Relu(), rows, positions, expected);
                float[] scale = new float[features], shift = new float[features], y = (float[])z.Clone();
                BatchNorm.InferenceScaleShift(b, gamma, beta, mean, variance, 1e-5f, scale, shift);
                SimdCoverage expectedCoverage = positions == 1 ? ExpectedCoverage.Of(width, rows, features) : ExpectedCoverage.Of(width, rows * features, positions);
                Assert.Equal(expectedCoverage, BatchNorm.ApplyInference(scale, shift, new Relu(), rows, positions, y, width));
                Close.All(expected, y, 2e-6f, $"{rows}×{features}×{positions}, bias {withBias}, {width}");
            }
        }
    }
}
