namespace NetGen.Runtime.Tests;

/// <summary>
/// The feature-major kernels (transposes, dense layer, softmax) at every width against their scalar forms and against
/// the batch-major kernels they stand in for, over odd batches, depths and row counts that exercise every register
/// block (1..6 rows) and every ragged transpose edge. Vector512 runs emulated where the processor lacks AVX-512.
/// </summary>
public class FeatureMajorTests
{
    public static TheoryData<SimdWidth> Widths => new(SimdWidth.Scalar, SimdWidth.Vector256, SimdWidth.Vector512);

    [Theory]
    [MemberData(nameof(Widths))]
    public void Lanes_are_the_batch_rounded_up_to_whole_lane_blocks(SimdWidth width)
    {
        int block = width switch { SimdWidth.Vector512 => 32, SimdWidth.Vector256 => 16, _ => 1 };
        Assert.Equal(block, FeatureMajor.LaneBlock(width));
        Assert.Equal(0, FeatureMajor.Lanes(0, width));
        Assert.Equal(block, FeatureMajor.Lanes(1, width));
        Assert.Equal(3 * block, FeatureMajor.Lanes(2 * block + 1, width));
        // Samples in three quarters of the padded lanes: 24..32 of a block of 32, 48..64 of two.
        bool vector = width != SimdWidth.Scalar;
        Assert.Equal(vector, FeatureMajor.Pays(3 * block / 4, width));
        Assert.False(FeatureMajor.Pays(3 * block / 4 - 1, width));
        Assert.Equal(vector, FeatureMajor.Pays(block, width));
        Assert.False(FeatureMajor.Pays(block + 1, width));
        Assert.Equal(vector, FeatureMajor.Pays(3 * block / 2, width));
        Assert.False(FeatureMajor.Pays(0, width));
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void Transpose_and_untranspose_move_every_value_and_zero_the_padding(SimdWidth width)
    {
        foreach (int batch in new[] { 0, 1, 7, 8, 9, 16, 31, 32, 33 })
        {
            foreach (int features in new[] { 1, 5, 8, 10, 17, 64 })
            {
                int lanes = FeatureMajor.Lanes(batch, width) + (width == SimdWidth.Scalar ? 3 : 0); // scalar: three padding samples
                float[] x = TestData.Uniform(batch * features, seed: batch * 100 + features);
                float[] transposed = Enumerable.Repeat(float.NaN, features * lanes).ToArray();
                SimdCoverage coverage = FeatureMajor.Transpose(x, batch, features, lanes, transposed, width);
                int block = FeatureMajor.LaneBlock(width);
                int blocked = 0;
                for (int first = 0; width != SimdWidth.Scalar && System.Runtime.Intrinsics.X86.Avx.IsSupported && first < batch; first += block)
                {
                    blocked += Math.Min(block, batch - first) / 8 * 8 * (features / 8 * 8);
                }

                Assert.Equal(new SimdCoverage(0, blocked, batch * features - blocked), coverage);
                for (int f = 0; f < features; f++)
                {
                    for (int lane = 0; lane < lanes; lane++)
                    {
                        float expected = lane < batch ? x[lane * features + f] : 0f;
                        int at = lane / block * features * block + f * block + lane % block;
                        Assert.True(expected.Equals(transposed[at]), $"batch {batch}, features {features}: xᵀ[{f}, {lane}] is {transposed[at]}, expected {expected}");
                    }
                }

                var back = new float[batch * features];
                FeatureMajor.Untranspose(transposed, features, lanes, batch, back, width);
                Assert.Equal(x, back);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void Dense_matches_the_scalar_form_bit_for_bit_and_the_batch_major_reference(SimdWidth width)
    {
        foreach (int units in new[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 13, 16, 17, 32 })
        {
            foreach (int depth in new[] { 0, 1, 3, 16, 37, 64 })
            {
                foreach (int batch in new[] { 1, 17, 32, 45 })
                {
                    CheckDense(new Relu(), units, depth, batch, width, withBias: true, tolerance: 0f);
                    CheckDense(new Identity(), units, depth, batch, width, withBias: false, tolerance: 0f);
                }
            }
        }

        CheckDense(new Tanh(), 11, 29, 33, width, withBias: true, tolerance: 3e-7f);
        CheckDense(new Gelu(), 7, 64, 32, width, withBias: true, tolerance: 3e-7f);
        CheckDense(new LeakyRelu(0.2f), 9, 20, 20, width, withBias: true, tolerance: 0f);
    }

    private static void CheckDense<TActivation>(TActivation activation, int units, int depth, int batch, SimdWidth width, bool withBias, float tolerance)
        where TActivation : struct, IActivation
    {
        string what = $"{typeof(TActivation).Name} {units} × {depth}, batch {batch}, {width}";
        int lanes = FeatureMajor.Lanes(batch, width);
        float[] w = TestData.Uniform(units * depth, seed: units * 7 + depth);
        float[] bias = withBias ? TestData.Uniform(units, seed: units + 3) : [];
        float[] x = TestData.Uniform(batch * depth, seed: batch + depth * 13, -2f, 2f);
        float[] xT = new float[depth * lanes];
        FeatureMajor.Transpose(x, batch, depth, lanes, xT, width);
        float[] yT = new float[units * lanes];
        SimdCoverage coverage = FeatureMajorDense.Forward(w, bias, activation, xT, depth, units, lanes, yT, width);
        Assert.Equal(width switch
        {
            SimdWidth.Vector512 => new SimdCoverage(units * lanes, 0, 0),
            SimdWidth.Vector256 => new SimdCoverage(0, units * lanes, 0),
            _ => new SimdCoverage(0, 0, units * lanes),
        }, coverage);

        // The scalar form on its own layout (lane blocks of one sample), both results back in sample rows.
        int scalarLanes = FeatureMajor.Lanes(batch, SimdWidth.Scalar);
        float[] xScalar = new float[depth * scalarLanes], yScalar = new float[units * scalarLanes];
        FeatureMajor.Transpose(x, batch, depth, scalarLanes, xScalar, SimdWidth.Scalar);
        FeatureMajorDense.Forward(w, bias, activation, xScalar, depth, units, scalarLanes, yScalar, SimdWidth.Scalar);
        var scalar = new float[batch * units];
        FeatureMajor.Untranspose(yScalar, units, scalarLanes, batch, scalar, SimdWidth.Scalar);
        var y = new float[batch * units];
        FeatureMajor.Untranspose(yT, units, lanes, batch, y, width);
        Close.All(scalar, y, tolerance, $"{what} against the scalar form");

        // The batch-major definition in double: f(Σ_k x[s, k]·W[u, k] + b[u]), to the float rounding of a 64-term sum.
        var expected = new float[batch * units];
        for (int s = 0; s < batch; s++)
        {
            for (int u = 0; u < units; u++)
            {
                double z = withBias ? bias[u] : 0;
                for (int k = 0; k < depth; k++)
                {
                    z += (double)x[s * depth + k] * w[u * depth + k];
                }

                expected[s * units + u] = activation.Apply((float)z);
            }
        }

        Close.All(expected, y, 1e-5f, $"{what} against x·Wᵀ");
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void Softmax_gives_the_batch_major_softmax_bits(SimdWidth width)
    {
        foreach (int classes in new[] { 1, 2, 7, 8, 9, 10, 16, 17, 100 })
        {
            foreach (int batch in new[] { 1, 16, 32, 33 })
            {
                int lanes = FeatureMajor.Lanes(batch, width);
                float[] logits = TestData.Uniform(batch * classes, seed: classes * 31 + batch, -20f, 20f);
                var expected = new float[logits.Length];
                SoftmaxCrossEntropy.Softmax(logits, classes, expected, width);
                float[] zT = new float[classes * lanes];
                FeatureMajor.Transpose(logits, batch, classes, lanes, zT, width);
                FeatureMajorSoftmax.InPlace(zT, classes, lanes, width);
                var actual = new float[logits.Length];
                FeatureMajor.Untranspose(zT, classes, lanes, batch, actual, width);
                Assert.Equal(expected, actual);
            }
        }
    }

    [Fact]
    public void Softmax_covers_each_width_with_its_own_loop()
    {
        Assert.Equal(new SimdCoverage(10 * 64, 0, 0), FeatureMajorSoftmax.InPlace(new float[10 * 64], 10, 64, SimdWidth.Vector512));
        Assert.Equal(new SimdCoverage(0, 10 * 16, 0), FeatureMajorSoftmax.InPlace(new float[10 * 16], 10, 16, SimdWidth.Vector256));
        Assert.Equal(new SimdCoverage(0, 0, 10 * 3), FeatureMajorSoftmax.InPlace(new float[10 * 3], 10, 3, SimdWidth.Scalar));
    }

    [Fact]
    public void Bad_shapes_are_refused_with_what_was_expected()
    {
        var w = new float[12];
        var x = new float[4 * 32];
        var y = new float[3 * 32];
        var lanes = Assert.Throws<ArgumentException>(() => FeatureMajorDense.Forward(w, [], new Relu(), x, 4, 3, 24, y, SimdWidth.Vector512));
        Assert.Contains("lane block 32", lanes.Message);
        var shortWeights = Assert.Throws<ArgumentException>(() => FeatureMajorDense.Forward(w, [], new Relu(), x, 5, 3, 32, y, SimdWidth.Vector512));
        Assert.Equal("weights", shortWeights.ParamName);
        var shortBias = Assert.Throws<ArgumentException>(() => FeatureMajorDense.Forward(w, new float[2], new Relu(), x, 4, 3, 32, y, SimdWidth.Vector512));
        Assert.Equal("bias", shortBias.ParamName);
        var tooMany = Assert.Throws<ArgumentOutOfRangeException>(() => FeatureMajor.Transpose(new float[33 * 4], 33, 4, 32, x, SimdWidth.Vector512));
        Assert.Contains("33 samples", tooMany.Message);
        Assert.Throws<ArgumentException>(() => FeatureMajor.Untranspose(x, 4, 32, 32, new float[4 * 31], SimdWidth.Vector512));
    }
}
