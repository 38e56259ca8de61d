namespace NetGen.Runtime.Tests;

/// <summary>
/// The feature-major training kernels (softmax cross-entropy, mean squared error and binary cross-entropy on the lanes, ∂L/∂W with ∂L/∂b, ∂L/∂x with the activation's
/// derivative below) at every width against their scalar forms, against the batch-major kernels they stand in for and
/// against double-precision definitions, over odd batches, row counts that exercise every register block and column
/// counts that leave every kind of tail. The padding lanes are filled with NaN where a kernel must not read them.
/// Vector512 runs emulated where the processor lacks AVX-512.
/// </summary>
public class FeatureMajorTrainingTests
{
    public static TheoryData<SimdWidth> Widths => FeatureMajorTests.Widths;

    private static readonly int[] Batches = [1, 17, 32, 45];

    /// <summary>v[batch, features] in the lane-blocked layout of the width, the padding lanes set to <paramref name="padding"/>.</summary>
    private static float[] LaneBlocked(float[] v, int batch, int features, SimdWidth width, float padding)
    {
        int lanes = FeatureMajor.Lanes(batch, width), block = FeatureMajor.LaneBlock(width);
        var blocked = new float[features * lanes];
        FeatureMajor.Transpose(v, batch, features, lanes, blocked, width);
        for (int lane = batch; lane < lanes; lane++)
        {
            for (int f = 0; f < features; f++)
            {
                blocked[lane / block * features * block + f * block + lane % block] = padding;
            }
        }

        return blocked;
    }

    private static float[] BatchMajor(float[] blocked, int features, int batch, SimdWidth width)
    {
        var v = new float[batch * features];
        FeatureMajor.Untranspose(blocked, features, FeatureMajor.Lanes(batch, width), batch, v, width);
        return v;
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void Weight_gradient_matches_the_scalar_form_bit_for_bit_and_the_batch_major_product(SimdWidth width)
    {
        var scratch = new GemmScratch();
        foreach (int units in new[] { 1, 2, 3, 5, 6, 7, 8, 9, 10, 13, 17, 32 })
        {
            foreach (int depth in new[] { 1, 5, 8, 15, 16, 17, 31, 32, 33, 48, 64, 70 })
            {
                foreach (int batch in Batches)
                {
                    string what = $"∂L/∂W {units} × {depth}, batch {batch}, {width}";
                    float[] dz = TestData.Uniform(batch * units, seed: units * 11 + depth + batch);
                    float[] x = TestData.Uniform(batch * depth, seed: depth * 5 + batch, -2f, 2f);
                    float[] dzT = LaneBlocked(dz, batch, units, width, float.NaN); // padding never read
                    var dw = new float[units * depth];
                    var db = new float[units];
                    SimdCoverage coverage = FeatureMajorGradients.WeightGradient(dzT, x, batch, depth, units, FeatureMajor.Lanes(batch, width), dw, db, width);
                    Assert.Equal(units * depth, coverage.Vector512 + coverage.Vector256 + coverage.Scalar);

                    float[] scalarT = LaneBlocked(dz, batch, units, SimdWidth.Scalar, float.NaN);
                    var scalar = new float[units * depth];
                    FeatureMajorGradients.WeightGradient(scalarT, x, batch, depth, units, FeatureMajor.Lanes(batch, SimdWidth.Scalar), scalar, default, SimdWidth.Scalar);
                    Assert.True(scalar.AsSpan().SequenceEqual(dw), $"{what}: not the scalar form's bits");

                    // ∂L/∂b in the same pass: Epilogue.SumRows' bits (row after row from zero).
                    var sumRows = new float[units];
                    Epilogue.SumRows(dz, batch, sumRows, SimdWidth.Scalar);
                    Assert.True(sumRows.AsSpan().SequenceEqual(db), $"{what}: ∂L/∂b is not Σ_batch ∂L/∂z in sample order");

                    var batchMajor = new float[units * depth];
                    Gemm.MultiplyTransposedA(dz, x, units, depth, batch, batchMajor, scratch);
                    Close.All(batchMajor, dw, 2e-6f, $"{what} against the batch-major (∂L/∂z)ᵀ·x");
                    Close.All(WeightGradientInDouble(dz, x, batch, depth, units), dw, 1e-5f, $"{what} against the definition");
                }
            }
        }
    }

    private static float[] WeightGradientInDouble(float[] dz, float[] x, int batch, int depth, int units)
    {
        var dw = new float[units * depth];
        for (int u = 0; u < units; u++)
        {
            for (int c = 0; c < depth; c++)
            {
                double sum = 0;
                for (int s = 0; s < batch; s++)
                {
                    sum += (double)dz[s * units + u] * x[s * depth + c];
                }

                dw[u * depth + c] = (float)sum;
            }
        }

        return dw;
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void Weight_gradient_covers_whole_vector_columns_and_leaves_only_the_tail_scalar(SimdWidth width)
    {
        int vector = width switch { SimdWidth.Vector512 => 16, SimdWidth.Vector256 => 8, _ => 0 };
        const int units = 3, depth = 53, batch = 5;
        int lanes = FeatureMajor.Lanes(batch, width);
        SimdCoverage coverage = FeatureMajorGradients.WeightGradient(new float[units * lanes], new float[batch * depth], batch, depth, units, lanes, new float[units * depth], default, width);
        int vectorized = vector == 0 ? 0 : depth / vector * vector;
        Assert.Equal(units * (depth - vectorized), coverage.Scalar);
        Assert.Equal(width == SimdWidth.Vector512 ? units * vectorized : 0, coverage.Vector512);
        Assert.Equal(width == SimdWidth.Vector256 ? units * vectorized : 0, coverage.Vector256);
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void Bias_gradient_is_the_sample_order_sum_whichever_columns_carry_it(SimdWidth width)
    {
        // Depths below one vector leave the bias to the scalar sum; one vector, two and more carry it in the first block.
        foreach (int depth in new[] { 3, 8, 16, 24, 40 })
        {
            foreach (int units in new[] { 1, 3, 5, 10, 32 })
            {
                foreach (int batch in Batches.Append(96))
                {
                    float[] dz = TestData.Uniform(batch * units, seed: units + 17 * batch + depth);
                    var db = Enumerable.Repeat(float.NaN, units).ToArray();
                    FeatureMajorGradients.WeightGradient(LaneBlocked(dz, batch, units, width, float.NaN), new float[batch * depth], batch, depth, units, FeatureMajor.Lanes(batch, width), new float[units * depth], db, width);
                    var expected = new float[units];
                    Epilogue.SumRows(dz, batch, expected, SimdWidth.Scalar);
                    Assert.True(expected.AsSpan().SequenceEqual(db), $"∂L/∂b of {units} rows over depth {depth}, batch {batch}, {width}");
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void Input_gradient_matches_the_scalar_form_bit_for_bit_and_the_batch_major_product(SimdWidth width)
    {
        foreach (int units in new[] { 1, 2, 5, 8, 10, 13, 32 })
        {
            foreach (int depth in new[] { 1, 3, 6, 7, 8, 9, 16, 17, 32, 64 })
            {
                foreach (int batch in Batches)
                {
                    CheckInputGradient(new Relu(), units, depth, batch, width);
                    CheckInputGradient(new Identity(), units, depth, batch, width);
                }
            }
        }

        CheckInputGradient(new Tanh(), 10, 29, 33, width);
        CheckInputGradient(new Sigmoid(), 7, 20, 20, width);
        CheckInputGradient(new LeakyRelu(0.1f), 9, 12, 40, width);
        CheckInputGradient(new Elu(1f), 4, 11, 32, width);
    }

    private static void CheckInputGradient<TActivation>(TActivation activation, int units, int depth, int batch, SimdWidth width)
        where TActivation : struct, IActivation
    {
        string what = $"{typeof(TActivation).Name} ∂L/∂x {units} → {depth}, batch {batch}, {width}";
        float[] w = TestData.Uniform(units * depth, seed: units * 3 + depth);
        float[] dz = TestData.Uniform(batch * units, seed: batch * 7 + units);
        float[] below = TestData.Uniform(batch * depth, seed: depth + batch, -3f, 3f).Select(activation.Apply).ToArray(); // y = f(z) of the layer below
        int lanes = FeatureMajor.Lanes(batch, width);
        var dxT = new float[depth * lanes];
        SimdCoverage coverage = FeatureMajorGradients.InputGradient(w, LaneBlocked(dz, batch, units, width, 0f), activation, LaneBlocked(below, batch, depth, width, 0f), depth, units, lanes, dxT, width);
        Assert.Equal(depth * lanes, coverage.Vector512 + coverage.Vector256 + coverage.Scalar);
        float[] dx = BatchMajor(dxT, depth, batch, width);

        var scalarT = new float[depth * batch];
        FeatureMajorGradients.InputGradient(w, dz, activation, below, depth, units, batch, scalarT, SimdWidth.Scalar); // one-sample blocks: the batch-major layout
        Assert.True(scalarT.AsSpan().SequenceEqual(dx), $"{what}: not the scalar form's bits");

        // The batch-major backward the kernel replaces: ∂L/∂z·W, then ⊙ f'(y).
        var batchMajor = new float[batch * depth];
        Gemm.Multiply(dz, w, batch, depth, units, batchMajor, new GemmScratch());
        Epilogue.ActivationBackward(below, activation, batchMajor, width);
        Close.All(batchMajor, dx, 2e-6f, $"{what} against ∂L/∂z·W ⊙ f'");
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void Cross_entropy_gives_the_batch_major_gradient_bits_and_loss_with_zero_padding(SimdWidth width)
    {
        foreach (int classes in new[] { 1, 2, 7, 8, 9, 10, 17, 100 })
        {
            foreach (int batch in Batches)
            {
                foreach (float smoothing in new[] { 0f, 0.1f })
                {
                    string what = $"{classes} classes, batch {batch}, ε {smoothing}, {width}";
                    float[] logits = TestData.Uniform(batch * classes, seed: classes * 13 + batch, -15f, 15f);
                    int[] labels = Enumerable.Range(0, batch).Select(s => (s * 7 + 3) % classes).ToArray();
                    var expected = new float[logits.Length];
                    float expectedLoss = SoftmaxCrossEntropy.Forward(logits, labels, classes, smoothing, expected, width);

                    int lanes = FeatureMajor.Lanes(batch, width);
                    float[] zT = LaneBlocked(logits, batch, classes, width, 0f);
                    float[] dzT = Enumerable.Repeat(float.NaN, classes * lanes).ToArray();
                    float loss = FeatureMajorCrossEntropy.Forward(zT, labels, classes, lanes, smoothing, dzT, width);
                    Close.One(expectedLoss, loss, 3e-7, $"{what}: loss against the batch-major kernel (log Σ by the vector logarithm)");
                    Assert.True(expected.AsSpan().SequenceEqual(BatchMajor(dzT, classes, batch, width)), $"{what}: gradient bits differ");
                    int block = FeatureMajor.LaneBlock(width);
                    for (int lane = batch; lane < lanes; lane++)
                    {
                        for (int c = 0; c < classes; c++)
                        {
                            Assert.True(dzT[lane / block * classes * block + c * block + lane % block] == 0f, $"{what}: padding lane {lane} of class {c} not zero");
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// Rows of signed zeros, ties at the maximum, −∞ beside finite logits and, in <paramref name="nonFinite"/>, a NaN, a
    /// +∞ and a row of −∞: the cases where the hardware maximum the kernels take differs from the IEEE one.
    /// </summary>
    private static float[] EdgeLogits(int batch, int classes, bool nonFinite)
    {
        float[] logits = TestData.Uniform(batch * classes, seed: 77, -15f, 15f);
        float[][] rows =
        [
            Enumerable.Repeat(0f, classes).ToArray(),
            Enumerable.Repeat(-0f, classes).ToArray(),
            Enumerable.Range(0, classes).Select(c => c % 2 == 0 ? 0f : -0f).ToArray(),
            Enumerable.Range(0, classes).Select(c => c % 2 == 0 ? -0f : 0f).ToArray(),
            Enumerable.Range(0, classes).Select(c => c < 3 ? 4f : -2f).ToArray(),
            Enumerable.Range(0, classes).Select(c => c == 1 ? float.NegativeInfinity : c - 0.5f).ToArray(),
            Enumerable.Range(0, classes).Select(c => c == 0 ? -0f : -1e-3f * c).ToArray(),
        ];
        if (nonFinite)
        {
            rows = [.. rows, Enumerable.Range(0, classes).Select(c => c == 2 ? float.NaN : c).ToArray(),
                Enumerable.Range(0, classes).Select(c => c == 4 ? float.PositiveInfinity : c).ToArray(),
                Enumerable.Repeat(float.NegativeInfinity, classes).ToArray()];
        }

        for (int r = 0; r < rows.Length; r++)
        {
            rows[r].CopyTo(logits, (3 * r + 1) % batch * classes);
        }

        return logits;
    }

    /// <summary>Bit for bit, a NaN matching any NaN.</summary>
    private static void SameBits(float[] expected, float[] actual, string what)
    {
        for (int i = 0; i < expected.Length; i++)
        {
            bool same = float.IsNaN(expected[i]) ? float.IsNaN(actual[i]) : BitConverter.SingleToInt32Bits(expected[i]) == BitConverter.SingleToInt32Bits(actual[i]);
            Assert.True(same, $"{what}: element {i} is {actual[i]}, the batch-major kernel's {expected[i]}");
        }
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void Cross_entropy_and_softmax_keep_the_batch_major_bits_at_signed_zeros_ties_and_infinities(SimdWidth width)
    {
        const int batch = 32, classes = 10;
        int lanes = FeatureMajor.Lanes(batch, width);
        int[] labels = Enumerable.Range(0, batch).Select(s => (s * 3 + 2) % classes).ToArray(); // never the −∞ class 1 of row 5
        foreach (bool nonFinite in new[] { false, true })
        {
            string what = $"{(nonFinite ? "NaN and ±∞" : "signed zeros, ties, −∞")}, {width}";
            float[] logits = EdgeLogits(batch, classes, nonFinite);
            var expected = new float[logits.Length];
            float expectedLoss = SoftmaxCrossEntropy.Forward(logits, labels, classes, 0f, expected, width);
            float[] dzT = new float[classes * lanes];
            float loss = FeatureMajorCrossEntropy.Forward(LaneBlocked(logits, batch, classes, width, 0f), labels, classes, lanes, 0f, dzT, width);
            SameBits(expected, BatchMajor(dzT, classes, batch, width), $"{what}: cross-entropy gradient");
            if (nonFinite)
            {
                Assert.True(float.IsNaN(expectedLoss) && float.IsNaN(loss), $"{what}: loss {loss}, batch-major {expectedLoss}; expected NaN from both");
            }
            else
            {
                Close.One(expectedLoss, loss, 3e-7, $"{what}: loss");
            }

            var probabilities = new float[logits.Length];
            SoftmaxCrossEntropy.Softmax(logits, classes, probabilities, width);
            float[] zT = LaneBlocked(logits, batch, classes, width, 0f);
            FeatureMajorSoftmax.InPlace(zT, classes, lanes, width);
            SameBits(probabilities, BatchMajor(zT, classes, batch, width), $"{what}: softmax");
        }
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void Mean_squared_error_gives_the_batch_major_gradient_bits_and_loss_with_zero_padding(SimdWidth width)
    {
        foreach (int outputs in new[] { 1, 2, 3, 7, 10, 17 })
        {
            foreach (int batch in Batches)
            {
                string what = $"{outputs} outputs, batch {batch}, {width}";
                float[] y = TestData.Uniform(batch * outputs, seed: outputs * 5 + batch, -3f, 3f);
                float[] t = TestData.Uniform(batch * outputs, seed: outputs * 7 + batch, -3f, 3f);
                int[] labels = Enumerable.Range(0, batch).Select(s => (s * 5 + 1) % outputs).ToArray();
                int lanes = FeatureMajor.Lanes(batch, width);
                float[] yT = LaneBlocked(y, batch, outputs, width, 7f); // padding outputs are finite, not zero
                int block = FeatureMajor.LaneBlock(width);

                foreach (bool oneHot in new[] { false, true })
                {
                    var expected = new float[y.Length];
                    float expectedLoss = oneHot ? MeanSquaredError.Forward(y, labels, outputs, expected) : MeanSquaredError.Forward(y, t, expected);
                    float[] dyT = Enumerable.Repeat(float.NaN, outputs * lanes).ToArray();
                    float loss = oneHot
                        ? FeatureMajorMeanSquaredError.Forward(yT, default, labels, batch, outputs, lanes, dyT, width)
                        : FeatureMajorMeanSquaredError.Forward(yT, LaneBlocked(t, batch, outputs, width, 0f), default, batch, outputs, lanes, dyT, width);
                    string form = oneHot ? "one-hot" : "targets";
                    Close.One(expectedLoss, loss, 1e-6, $"{what}, {form}: loss against the batch-major kernel");
                    Assert.True(expected.AsSpan().SequenceEqual(BatchMajor(dyT, outputs, batch, width)), $"{what}, {form}: gradient bits differ");
                    for (int lane = batch; lane < lanes; lane++)
                    {
                        for (int c = 0; c < outputs; c++)
                        {
                            Assert.True(dyT[lane / block * outputs * block + c * block + lane % block] == 0f, $"{what}, {form}: padding lane {lane} not zero");
                        }
                    }
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void Binary_cross_entropy_gives_the_batch_major_loss_and_gradient_bits_with_zero_padding(SimdWidth width)
    {
        foreach (int outputs in new[] { 1, 2, 5 })
        {
            foreach (int batch in Batches)
            {
                string what = $"{outputs} outputs, batch {batch}, {width}";
                float[] z = TestData.Uniform(batch * outputs, seed: outputs * 3 + batch, -30f, 30f);
                float[] t = TestData.Uniform(batch * outputs, seed: outputs * 11 + batch, 0f, 1f);
                int[] labels = Enumerable.Range(0, batch).Select(s => (s * 3 + 1) % (outputs == 1 ? 2 : outputs)).ToArray();
                int lanes = FeatureMajor.Lanes(batch, width);
                float[] zT = LaneBlocked(z, batch, outputs, width, 5f);
                int block = FeatureMajor.LaneBlock(width);
                foreach (bool fromLabels in new[] { false, true })
                {
                    var expected = new float[z.Length];
                    float expectedLoss = fromLabels ? BinaryCrossEntropy.Forward(z, labels, outputs, expected) : BinaryCrossEntropy.Forward(z, t, expected);
                    float[] dzT = Enumerable.Repeat(float.NaN, outputs * lanes).ToArray();
                    float loss = fromLabels
                        ? FeatureMajorBinaryCrossEntropy.Forward(zT, default, labels, batch, outputs, lanes, dzT, width)
                        : FeatureMajorBinaryCrossEntropy.Forward(zT, LaneBlocked(t, batch, outputs, width, 0f), default, batch, outputs, lanes, dzT, width);
                    string form = fromLabels ? "labels" : "targets";
                    Assert.True(expectedLoss.Equals(loss), $"{what}, {form}: loss {loss}, batch-major {expectedLoss}");
                    Assert.True(expected.AsSpan().SequenceEqual(BatchMajor(dzT, outputs, batch, width)), $"{what}, {form}: gradient bits differ");
                    for (int lane = batch; lane < lanes; lane++)
                    {
                        for (int c = 0; c < outputs; c++)
                        {
                            Assert.True(dzT[lane / block * outputs * block + c * block + lane % block] == 0f, $"{what}, {form}: padding lane {lane} not zero");
                        }
                    }
                }
            }
        }
    }

    [Fact]
    public void Bad_labels_and_shapes_are_refused_with_what_was_expected()
    {
        var zT = new float[10 * 32];
        var label = Assert.Throws<ArgumentOutOfRangeException>(() => FeatureMajorCrossEntropy.Forward(zT, [1, 10], 10, 32, 0f, new float[10 * 32], SimdWidth.Vector512));
        Assert.Contains("labels[1] is 10", label.Message);
        var negative = Assert.Throws<ArgumentOutOfRangeException>(() => FeatureMajorCrossEntropy.Forward(zT, [-1], 10, 32, 0f, new float[10 * 32], SimdWidth.Vector256));
        Assert.Contains("labels[0] is -1", negative.Message);
        var shortGradient = Assert.Throws<ArgumentException>(() => FeatureMajorCrossEntropy.Forward(zT, [1], 10, 32, 0f, new float[10 * 31], SimdWidth.Vector512));
        Assert.Equal("dLogits", shortGradient.ParamName);
        var squaredLabel = Assert.Throws<ArgumentOutOfRangeException>(() => FeatureMajorMeanSquaredError.Forward(zT, default, [3, 10], 2, 10, 32, new float[10 * 32], SimdWidth.Vector512));
        Assert.Contains("labels[1] is 10", squaredLabel.Message);
        var shortTargets = Assert.Throws<ArgumentException>(() => FeatureMajorMeanSquaredError.Forward(zT, new float[10 * 16], default, 2, 10, 32, new float[10 * 32], SimdWidth.Vector512));
        Assert.Equal("targets", shortTargets.ParamName);
        var binaryLabel = Assert.Throws<ArgumentOutOfRangeException>(() => FeatureMajorBinaryCrossEntropy.Forward(new float[32], [0, 2], 1, 32, new float[32]));
        Assert.Contains("labels[1] is 2", binaryLabel.Message);

        var dw = Assert.Throws<ArgumentException>(() => FeatureMajorGradients.WeightGradient(new float[3 * 32], new float[4 * 5], 4, 5, 3, 32, new float[14], default, SimdWidth.Vector512));
        Assert.Equal("dw", dw.ParamName);
        var x = Assert.Throws<ArgumentException>(() => FeatureMajorGradients.WeightGradient(new float[3 * 32], new float[4 * 5], 5, 5, 3, 32, new float[15], default, SimdWidth.Vector512));
        Assert.Equal("x", x.ParamName);
        var blocks = Assert.Throws<ArgumentException>(() => FeatureMajorGradients.InputGradient(new float[15], new float[3 * 24], new Relu(), new float[5 * 24], 5, 3, 24, new float[5 * 24], SimdWidth.Vector512));
        Assert.Contains("lane block 32", blocks.Message);
        var y = Assert.Throws<ArgumentException>(() => FeatureMajorGradients.InputGradient(new float[15], new float[3 * 32], new Relu(), new float[4 * 32], 5, 3, 32, new float[5 * 32], SimdWidth.Vector512));
        Assert.Equal("y", y.ParamName);
        var db = Assert.Throws<ArgumentException>(() => FeatureMajorGradients.WeightGradient(new float[3 * 32], new float[4 * 5], 4, 5, 3, 32, new float[15], new float[2], SimdWidth.Vector512));
        Assert.Equal("db", db.ParamName);
    }
}
