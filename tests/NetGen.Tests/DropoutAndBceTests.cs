namespace NetGen.Tests;

/// <summary>Dropout's train/predict behaviour, mask statistics and exact repeats; binary cross-entropy's surface.</summary>
public class DropoutAndBceTests
{
    [Theory]
    [InlineData(0.1f)]
    [InlineData(0.5f)]
    [InlineData(0.8f)]
    public void Dropout_masks_drop_p_of_the_units_and_scale_the_rest_by_one_over_one_minus_p(float p)
    {
        var mask = new float[100_000];
        new Randomness.SeededRandom(9).FillDropoutMask(mask, p);
        double dropped = mask.Count(m => m == 0f) / (double)mask.Length;
        Assert.InRange(dropped, p - 4 * Math.Sqrt(p * (1 - p) / mask.Length), p + 4 * Math.Sqrt(p * (1 - p) / mask.Length));
        Assert.All(mask.Where(m => m != 0f), m => Assert.Equal(1f / (1f - p), m));
        Assert.Equal(1.0, mask.Average(), 0.02); // inverted dropout keeps the expectation
    }

    [Fact]
    public void Predict_is_deterministic_and_free_of_dropout()
    {
        var network = new DropoutClassifier(seed: 2);
        float[] inputs = TestBatches.Inputs(8, DropoutClassifier.InputSize, seed: 2);
        var first = new float[8 * 3];
        var again = new float[8 * 3];
        network.Predict(inputs, first);
        network.ComputeGradients(inputs, TestBatches.Labels(8, 3, seed: 2), new float[DropoutClassifier.ParameterCount]); // draws masks
        network.Predict(inputs, again);
        Assert.Equal(first, again);
    }

    [Fact]
    public void Same_seed_repeats_every_mask_and_split_steps_stay_bit_identical()
    {
        var a = new DropoutClassifier(seed: 5);
        var b = new DropoutClassifier(seed: 5);
        var gradients = new float[DropoutClassifier.ParameterCount];
        for (int step = 0; step < 10; step++)
        {
            float[] inputs = TestBatches.Inputs(8, DropoutClassifier.InputSize, seed: step);
            int[] labels = TestBatches.Labels(8, 3, seed: step);
            float fused = a.TrainStep(inputs, labels);
            float split = b.ComputeGradients(inputs, labels, gradients);
            b.ApplyGradients(gradients);
            Assert.Equal(fused, split);
        }

        Assert.True(a.Parameters.SequenceEqual(b.Parameters));
    }

    [Fact]
    public void Training_loss_with_dropout_differs_from_the_dropout_free_loss()
    {
        var network = new DropoutClassifier(seed: 3);
        float[] inputs = TestBatches.Inputs(8, DropoutClassifier.InputSize, seed: 3);
        int[] labels = TestBatches.Labels(8, 3, seed: 3);
        var gradients = new float[DropoutClassifier.ParameterCount];
        network.ReseedDropout(1);
        float withMaskA = network.ComputeGradients(inputs, labels, gradients);
        float withMaskB = network.ComputeGradients(inputs, labels, gradients);
        network.ReseedDropout(1);
        Assert.Equal(withMaskA, network.ComputeGradients(inputs, labels, gradients));
        Assert.NotEqual(withMaskA, withMaskB);
    }

    [Fact]
    public void Binary_cross_entropy_predicts_probabilities_and_takes_0_1_labels()
    {
        var network = new BinaryClassifier(seed: 4);
        float[] inputs = TestBatches.Inputs(8, BinaryClassifier.InputSize, seed: 4);
        var probabilities = new float[8];
        network.Predict(inputs, probabilities);
        Assert.All(probabilities, p => Assert.InRange(p, 0f, 1f));
        Assert.Throws<ArgumentOutOfRangeException>(() => network.TrainStep(inputs, [0, 1, 2, 0, 1, 0, 1, 0]));
        float first = network.TrainStep(inputs, [0, 1, 1, 0, 1, 0, 1, 0]);
        for (int i = 0; i < 200; i++)
        {
            network.TrainStep(inputs, [0, 1, 1, 0, 1, 0, 1, 0]);
        }

        Assert.True(network.TrainStep(inputs, [0, 1, 1, 0, 1, 0, 1, 0]) < first / 4);
    }
}
