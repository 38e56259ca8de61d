namespace NetGen.Tests;

/// <summary>
/// ComputeGradients against central finite differences of the loss, for every activation and both losses.
/// The loss is computed in float, so the step h = 1e-3 balances truncation (h²) against rounding (ε/h).
/// </summary>
public class GradientCheckTests
{
    [Fact]
    public void ReLU_classifier_gradients_match_finite_differences() =>
        CheckLabels(new ReluClassifier(seed: 1), ReluClassifier.InputSize, ReluClassifier.OutputSize, batch: 4);

    [Fact]
    public void Tanh_LeakyReLU_Sigmoid_with_label_smoothing_match_finite_differences() =>
        CheckLabels(new ActivationZoo(seed: 2), ActivationZoo.InputSize, ActivationZoo.OutputSize, batch: 3);

    [Fact]
    public void ELU_GELU_SiLU_PReLU_and_Maxout_gradients_match_finite_differences() =>
        CheckLabels(new ModernActivations(seed: 6), ModernActivations.InputSize, ModernActivations.OutputSize, batch: 4);

    [Fact]
    public void Padded_ceil_mode_max_and_average_pooling_gradients_match_finite_differences()
    {
        Assert.Equal((3 * 4 * 4, 3 * 3 * 3), (new PaddedPoolCnn(seed: 9).Max.OutputSize, new PaddedPoolCnn(seed: 9).Mean.OutputSize));
        CheckLabels(new PaddedPoolCnn(seed: 9), PaddedPoolCnn.InputSize, PaddedPoolCnn.OutputSize, batch: 3);
    }

    [Fact]
    public void Dropout_gradients_match_finite_differences_under_a_fixed_mask()
    {
        var network = new DropoutClassifier(seed: 7);
        float[] inputs = TestBatches.Inputs(8, DropoutClassifier.InputSize, seed: 7);
        int[] labels = TestBatches.Labels(8, DropoutClassifier.OutputSize, seed: 7);
        var scratch = new float[DropoutClassifier.ParameterCount];
        // Reseeding before every evaluation keeps the masks fixed, so the loss is a smooth function of θ.
        Check(
            network,
            g => { network.ReseedDropout(3); return network.ComputeGradients(inputs, labels, g); },
            () => { network.ReseedDropout(3); return network.ComputeGradients(inputs, labels, scratch); });
    }

    [Fact]
    public void Binary_cross_entropy_gradients_match_finite_differences_for_labels_and_targets()
    {
        var network = new BinaryClassifier(seed: 8);
        float[] inputs = TestBatches.Inputs(6, BinaryClassifier.InputSize, seed: 8);
        int[] labels = [0, 1, 1, 0, 1, 0];
        float[] targets = [0.1f, 0.9f, 1f, 0f, 0.6f, 0.3f];
        var scratch = new float[BinaryClassifier.ParameterCount];
        Check(network, g => network.ComputeGradients(inputs, labels, g), () => network.ComputeGradients(inputs, labels, scratch));
        Check(network, g => network.ComputeGradients(inputs, targets, g), () => network.ComputeGradients(inputs, targets, scratch));
    }

    [Fact]
    public void Mean_squared_error_regressor_gradients_match_finite_differences()
    {
        var network = new Regressor(seed: 3);
        float[] inputs = TestBatches.Inputs(3, Regressor.InputSize, seed: 3);
        float[] targets = TestBatches.Targets(3, Regressor.OutputSize, seed: 3);
        var scratch = new float[Regressor.ParameterCount];
        Check(network, g => network.ComputeGradients(inputs, targets, g), () => network.ComputeGradients(inputs, targets, scratch));
    }

    [Fact]
    public void Soft_targets_gradients_match_finite_differences()
    {
        var network = new ReluClassifier(seed: 4);
        float[] inputs = TestBatches.Inputs(2, ReluClassifier.InputSize, seed: 4);
        float[] targets = [0.2f, 0.5f, 0.3f, 0f, 0f, 1f];
        var scratch = new float[ReluClassifier.ParameterCount];
        Check(network, g => network.ComputeGradients(inputs, targets, g), () => network.ComputeGradients(inputs, targets, scratch));
    }

    private static void CheckLabels(INetwork network, int inputSize, int classes, int batch)
    {
        float[] inputs = TestBatches.Inputs(batch, inputSize, seed: batch);
        int[] labels = TestBatches.Labels(batch, classes, seed: batch);
        var scratch = new float[network.ParameterCount];
        Check(network, g => network.ComputeGradients(inputs, labels, g), () => network.ComputeGradients(inputs, labels, scratch));
    }

    internal static void Check(INetwork network, Func<float[], float> gradients, Func<float> loss)
    {
        const float h = 1e-3f;
        var analytic = new float[network.ParameterCount];
        gradients(analytic);
        Span<float> parameters = network.Parameters;
        var numeric = new float[analytic.Length];
        for (int i = 0; i < parameters.Length; i++)
        {
            float original = parameters[i];
            parameters[i] = original + h;
            double plus = loss();
            parameters[i] = original - h;
            double minus = loss();
            parameters[i] = original;
            numeric[i] = (float)((plus - minus) / (2 * h));
        }

        double differenceNorm = 0, sumNorm = 0;
        for (int i = 0; i < analytic.Length; i++)
        {
            differenceNorm += Math.Pow(analytic[i] - numeric[i], 2);
            sumNorm += Math.Pow(analytic[i] + numeric[i], 2);
            Assert.True(Math.Abs(analytic[i] - numeric[i]) <= 2e-3 + 2e-2 * Math.Abs(numeric[i]), $"parameter {i}: analytic {analytic[i]}, numeric {numeric[i]}");
        }

        double relative = Math.Sqrt(differenceNorm) / Math.Sqrt(sumNorm);
        Assert.True(relative < 5e-3, $"relative gradient error {relative:E2}");
        Assert.Contains(analytic, g => g != 0f);
    }
}
