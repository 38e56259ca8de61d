namespace NetGen.Runtime.Tests;

/// <summary>
/// The losses against <see cref="LossReference"/> (PyTorch's definitions in double): softmax cross-entropy with class
/// labels and with probability targets, each with and without label smoothing, at every class count 1..67 (the vector
/// exp and its tail); binary cross-entropy on logits with targets and with labels; mean squared error likewise.
/// </summary>
public class LossReferenceTests
{
    public static TheoryData<int, int, float> CrossEntropyShapes()
    {
        var shapes = new TheoryData<int, int, float>();
        foreach (float smoothing in new[] { 0f, 0.1f })
        {
            for (int classes = 1; classes <= 67; classes++)
            {
                shapes.Add(1 + classes % 4, classes, smoothing);
            }
        }

        return shapes;
    }

    [Theory]
    [MemberData(nameof(CrossEntropyShapes))]
    public void Softmax_cross_entropy_with_labels_matches_the_reference(int rows, int classes, float smoothing)
    {
        float[] logits = TestData.Uniform(rows * classes, seed: classes, -8f, 8f);
        int[] labels = Enumerable.Range(0, rows).Select(i => (i * 7 + classes) % classes).ToArray();
        float[] expectedGradient = new float[logits.Length];
        double expected = LossReference.SoftmaxCrossEntropy(logits, LossReference.OneHot(labels, classes), classes, smoothing, expectedGradient);
        foreach (SimdWidth width in new[] { SimdWidth.Scalar, SimdWidth.Vector256, SimdWidth.Vector512 })
        {
            float[] gradient = new float[logits.Length];
            float loss = SoftmaxCrossEntropy.Forward(logits, labels, classes, smoothing, gradient, width);
            Close.One(expected, loss, 1e-5, $"loss [{rows}, {classes}] ε={smoothing} at {width}");
            Close.All(expectedGradient, gradient, 1e-6f, $"dlogits [{rows}, {classes}] ε={smoothing} at {width}");
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    [InlineData(1000)]
    public void Softmax_cross_entropy_over_several_chunks_of_rows_matches_the_reference_and_is_the_same_at_every_width(int classes)
    {
        const int rows = 130; // two full chunks of 64 rows and a ragged one
        float[] logits = TestData.Uniform(rows * classes, seed: 5, -8f, 8f);
        int[] labels = Enumerable.Range(0, rows).Select(i => (i * 7) % classes).ToArray();
        float[] expectedGradient = new float[logits.Length];
        double expected = LossReference.SoftmaxCrossEntropy(logits, LossReference.OneHot(labels, classes), classes, 0.1f, expectedGradient);
        float[] scalarGradient = new float[logits.Length];
        float scalarLoss = SoftmaxCrossEntropy.Forward(logits, labels, classes, 0.1f, scalarGradient, SimdWidth.Scalar);
        Close.One(expected, scalarLoss, 1e-5, $"loss [{rows}, {classes}]");
        Close.All(expectedGradient, scalarGradient, 1e-6f, $"dlogits [{rows}, {classes}]");
        foreach (SimdWidth width in new[] { SimdWidth.Vector256, SimdWidth.Vector512 })
        {
            float[] gradient = new float[logits.Length];
            Assert.Equal(scalarLoss, SoftmaxCrossEntropy.Forward(logits, labels, classes, 0.1f, gradient, width));
            Assert.Equal(scalarGradient, gradient);
        }
    }

    [Theory]
    [InlineData(SimdWidth.Scalar)]
    [InlineData(SimdWidth.Vector256)]
    [InlineData(SimdWidth.Vector512)]
    public void Softmax_exponentials_are_the_same_at_every_width_and_position(SimdWidth width)
    {
        foreach (int n in new[] { 0, 1, 7, 8, 9, 15, 16, 17, 31, 33, 100, 320 })
        {
            float[] x = TestData.Uniform(n, seed: n, -8f, 0f);
            float[] scalar = (float[])x.Clone(), e = (float[])x.Clone();
            SoftmaxCrossEntropy.ExpInPlace(scalar, SimdWidth.Scalar);
            SimdCoverage coverage = SoftmaxCrossEntropy.ExpInPlace(e, width);

            // At a vector width the tail runs in one zero-padded Vector256, so nothing is left to the scalar loop.
            SimdCoverage expected = width switch
            {
                SimdWidth.Vector512 => new(n - n % 16, n % 16, 0),
                SimdWidth.Vector256 => new(0, n, 0),
                _ => new(0, 0, n),
            };
            Assert.Equal(expected, coverage);
            Assert.Equal(scalar, e);
            Close.All(x.Select(v => (float)Math.Exp(v)).ToArray(), e, 1e-6f, $"e^x of {n} at {width}");

            // A value's exponential does not depend on where in the span it falls (vector body or padded tail).
            for (int i = 0; i < n; i++)
            {
                float[] one = [x[i]];
                SoftmaxCrossEntropy.ExpInPlace(one, width);
                Assert.Equal(e[i], one[0]);
            }
        }
    }

    [Theory]
    [InlineData(SimdWidth.Scalar)]
    [InlineData(SimdWidth.Vector256)]
    [InlineData(SimdWidth.Vector512)]
    public void Softmax_matches_the_reference_probabilities(SimdWidth width)
    {
        for (int classes = 1; classes <= 67; classes++)
        {
            float[] logits = TestData.Uniform(3 * classes, seed: classes, -8f, 8f);
            var p = new float[logits.Length];
            SoftmaxCrossEntropy.Softmax(logits, classes, p, width);
            float[] expected = logits.Chunk(classes).SelectMany(row =>
            {
                double max = row.Max(), total = row.Sum(v => Math.Exp(v - max));
                return row.Select(v => (float)(Math.Exp(v - max) / total));
            }).ToArray();
            Close.All(expected, p, 1e-6f, $"softmax of {classes} at {width}");
        }
    }

    [Theory]
    [MemberData(nameof(CrossEntropyShapes))]
    public void Softmax_cross_entropy_with_probability_targets_matches_the_reference(int rows, int classes, float smoothing)
    {
        float[] logits = TestData.Uniform(rows * classes, seed: classes + 100, -8f, 8f);
        float[] targets = TestData.Uniform(rows * classes, seed: classes + 200, 0f, 1f);
        for (int i = 0; i < rows; i++)
        {
            targets[i * classes] = 0f; // a zero target contributes no 0·log p
            float sum = targets.AsSpan(i * classes, classes).ToArray().Sum();
            for (int c = 0; c < classes && sum > 0; c++)
            {
                targets[i * classes + c] /= sum;
            }
        }

        float[] gradient = new float[logits.Length], expectedGradient = new float[logits.Length];
        float loss = SoftmaxCrossEntropy.Forward(logits, targets, classes, smoothing, gradient);
        double expected = LossReference.SoftmaxCrossEntropy(logits, targets, classes, smoothing, expectedGradient);
        Close.One(expected, loss, 1e-5, $"loss [{rows}, {classes}] ε={smoothing}");
        Close.All(expectedGradient, gradient, 1e-6f, $"dlogits [{rows}, {classes}] ε={smoothing}");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(67)]
    public void Binary_cross_entropy_on_logits_matches_the_reference(int outputs)
    {
        const int rows = 5;
        float[] logits = TestData.Uniform(rows * outputs, seed: outputs, -30f, 30f);
        float[] targets = TestData.Uniform(rows * outputs, seed: outputs + 1, 0f, 1f);
        float[] gradient = new float[logits.Length], expectedGradient = new float[logits.Length];
        float loss = BinaryCrossEntropy.Forward(logits, targets, gradient);
        double expected = LossReference.BinaryCrossEntropy(logits, targets, expectedGradient);
        Close.One(expected, loss, 1e-5, $"loss with targets [{rows}, {outputs}]");
        Close.All(expectedGradient, gradient, 1e-6f, $"dlogits with targets [{rows}, {outputs}]");

        int classes = outputs == 1 ? 2 : outputs; // one output: labels 0/1
        int[] labels = Enumerable.Range(0, rows).Select(i => (i * 3 + 1) % classes).ToArray();
        float[] labelTargets = outputs == 1 ? labels.Select(l => (float)l).ToArray() : LossReference.OneHot(labels, outputs);
        loss = BinaryCrossEntropy.Forward(logits, labels, outputs, gradient);
        expected = LossReference.BinaryCrossEntropy(logits, labelTargets, expectedGradient);
        Close.One(expected, loss, 1e-5, $"loss with labels [{rows}, {outputs}]");
        Close.All(expectedGradient, gradient, 1e-6f, $"dlogits with labels [{rows}, {outputs}]");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    [InlineData(67)]
    public void Mean_squared_error_matches_the_reference(int outputs)
    {
        const int rows = 3;
        float[] y = TestData.Uniform(rows * outputs, seed: outputs, -3f, 3f);
        float[] targets = TestData.Uniform(rows * outputs, seed: outputs + 1, -3f, 3f);
        float[] gradient = new float[y.Length], expectedGradient = new float[y.Length];
        float loss = MeanSquaredError.Forward(y, targets, gradient);
        double expected = LossReference.MeanSquaredError(y, targets, expectedGradient);
        Close.One(expected, loss, 1e-6, $"loss with targets [{rows}, {outputs}]");
        Close.All(expectedGradient, gradient, 1e-6f, $"dy with targets [{rows}, {outputs}]");

        int[] labels = Enumerable.Range(0, rows).Select(i => (i * 5 + 2) % outputs).ToArray();
        loss = MeanSquaredError.Forward(y, labels, outputs, gradient);
        expected = LossReference.MeanSquaredError(y, LossReference.OneHot(labels, outputs), expectedGradient);
        Close.One(expected, loss, 1e-6, $"loss with labels [{rows}, {outputs}]");
        Close.All(expectedGradient, gradient, 1e-6f, $"dy with labels [{rows}, {outputs}]");
    }
}
