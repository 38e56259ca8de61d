using NetGen.Training;

namespace NetGen.Tests;

/// <summary>
/// MaxNorm, GaussianNoise and ActivityL1: finite differences of the whole objective (data loss + penalties), and known
/// answers against twins without the regularizer. Generated vs interpreted is checked for every network here by the
/// linked GraphEquivalence suite.
/// </summary>
public class RegularizerTests
{
    [Fact]
    public void Gradients_of_the_penalized_noisy_objective_match_finite_differences()
    {
        var network = new PenalizedClassifier(seed: 5);
        float[] inputs = TestBatches.Inputs(6, PenalizedClassifier.InputSize, seed: 5);
        int[] labels = TestBatches.Labels(6, PenalizedClassifier.OutputSize, seed: 5);
        var scratch = new float[PenalizedClassifier.ParameterCount];
        var penalties = new PenaltyRecorder([0.05f, 0f, 0.02f]);

        // The objective the backward differentiates: the data loss TrainStep reports plus λ·Σ|y|/B of each penalized
        // layer. RecordActivations puts the noise stream back, so its forward and ComputeGradients draw the same noise.
        float Objective(float[] gradients)
        {
            network.ReseedDropout(2);
            penalties.Reset();
            network.RecordActivations(inputs, penalties);
            return network.ComputeGradients(inputs, labels, gradients) + (float)penalties.Total;
        }

        GradientCheckTests.Check(network, g => Objective(g), () => Objective(scratch));
    }

    [Fact]
    public void The_public_gradient_check_adds_the_activity_penalties_to_the_loss_it_differentiates()
    {
        var network = new PenalizedClassifier(seed: 5);
        float[] inputs = TestBatches.Inputs(6, PenalizedClassifier.InputSize, seed: 5);
        int[] labels = TestBatches.Labels(6, PenalizedClassifier.OutputSize, seed: 5);
        GradientCheckResult result = GradientCheck.Run(network, inputs, labels, new GradientCheckOptions { Dimensions = 40, Seed = 3 });
        Assert.True(result.Passed, result.ToString());

        // Targets too: the penalty's gradient on a linear layer is large next to the data loss's, so leaving the penalty
        // out of the loss would fail every weight of the layer.
        var sparse = new SparseRegressor(seed: 2);
        GradientCheckResult regression = GradientCheck.Run(sparse, TestBatches.Inputs(5, 4, seed: 2), TestBatches.Targets(5, 3, seed: 2), new GradientCheckOptions { Dimensions = 15 });
        Assert.True(regression.Passed, regression.ToString());
    }

    [Fact]
    public void The_activity_penalty_adds_lambda_over_batch_times_sign_to_the_output_gradient()
    {
        var penalized = new SparseRegressor(seed: 2);
        var plain = new DenseRegressor(seed: 2);
        float[] inputs = TestBatches.Inputs(5, 4, seed: 2);
        float[] targets = TestBatches.Targets(5, 3, seed: 2);
        var withPenalty = new float[SparseRegressor.ParameterCount];
        var without = new float[DenseRegressor.ParameterCount];
        float loss = penalized.ComputeGradients(inputs, targets, withPenalty);
        Assert.Equal(plain.ComputeGradients(inputs, targets, without), loss); // the reported loss is the data loss alone

        var outputs = new float[5 * 3];
        plain.Predict(inputs, outputs);
        // ∂(λ·Σ|y|/B)/∂W[j, i] = (λ/B)·Σ_b sign(y[b, j])·x[b, i]; ∂/∂b[j] = (λ/B)·Σ_b sign(y[b, j]).
        for (int j = 0; j < 3; j++)
        {
            for (int i = 0; i < 4; i++)
            {
                double expected = Enumerable.Range(0, 5).Sum(b => Math.Sign(outputs[b * 3 + j]) * inputs[b * 4 + i]) * 0.2 / 5;
                Assert.Equal(expected, withPenalty[j * 4 + i] - without[j * 4 + i], 1e-5);
            }

            double bias = Enumerable.Range(0, 5).Sum(b => Math.Sign(outputs[b * 3 + j])) * 0.2 / 5;
            Assert.Equal(bias, withPenalty[12 + j] - without[12 + j], 1e-5);
        }
    }

    [Fact]
    public void MaxNorm_bounds_every_row_after_each_step_and_leaves_rows_within_the_bound_untouched()
    {
        var bounded = new MaxNormedRegressor(seed: 7);
        var free = new UnboundedRegressor(seed: 7);
        Assert.True(bounded.Parameters.SequenceEqual(free.Parameters));
        float[] inputs = TestBatches.Inputs(4, MaxNormedRegressor.InputSize, seed: 7);
        float[] targets = TestBatches.Targets(4, MaxNormedRegressor.OutputSize, seed: 7).Select(t => 4 * t).ToArray();
        int clipped = 0, untouched = 0;
        for (int step = 0; step < 5; step++)
        {
            // From the same parameters, one step each: the bounded network's rows are the free one's, renormed.
            bounded.Parameters.CopyTo(free.Parameters);
            CopyOptimizerState(bounded, free);
            bounded.TrainStep(inputs, targets);
            free.TrainStep(inputs, targets);
            foreach ((Layer b, Layer f, float c) in new[] { (bounded.Filters, free.Filters, 1.4f), (bounded.Output, free.Output, 1.35f) })
            {
                int rows = b.Bias.Length, columns = b.Weight.Length / rows;
                Assert.True(b.Bias.SequenceEqual(f.Bias)); // the bias is not bound
                for (int r = 0; r < rows; r++)
                {
                    float[] row = b.Weight.Slice(r * columns, columns).ToArray(), freeRow = f.Weight.Slice(r * columns, columns).ToArray();
                    double norm = Math.Sqrt(freeRow.Sum(w => (double)w * w));
                    Assert.True(Math.Sqrt(row.Sum(w => (double)w * w)) <= c * (1 + 1e-6), $"step {step}, {b.Name} row {r}");
                    if (norm <= c)
                    {
                        Assert.Equal(freeRow, row); // bit for bit
                        untouched++;
                    }
                    else
                    {
                        float scale = c / ((float)norm + 1e-7f);
                        for (int i = 0; i < columns; i++)
                        {
                            Assert.Equal(freeRow[i] * scale, row[i], 1e-6f);
                        }

                        clipped++;
                    }
                }
            }
        }

        Assert.True(clipped > 0 && untouched > 0, $"{clipped} rows renormed, {untouched} left: the test must see both");
    }

    [Fact]
    public void Gaussian_noise_leaves_Predict_alone_and_adds_sigma_squared_to_the_mse_in_training()
    {
        var noisy = new NoisyRegressor(seed: 4);
        var clean = new CleanRegressor(seed: 4);
        float[] inputs = TestBatches.Inputs(64, 8, seed: 4);
        var noisyOut = new float[64 * 16];
        var cleanOut = new float[64 * 16];
        noisy.Predict(inputs, noisyOut);
        clean.Predict(inputs, cleanOut);
        Assert.Equal(cleanOut, noisyOut);

        // Targets = the clean outputs, so the training loss is mean((σ·ε)²): σ² = 0.25 in expectation; over ten
        // batches of 1024 draws its standard error is σ²·√(2/10240) ≈ 1.4 %.
        var gradients = new float[NoisyRegressor.ParameterCount];
        double mean = Enumerable.Range(0, 10).Average(_ => noisy.ComputeGradients(inputs, cleanOut, gradients));
        Assert.InRange(mean, 0.25 * 0.95, 0.25 * 1.05);
        Assert.Equal(0f, clean.ComputeGradients(inputs, cleanOut, gradients));
    }

    [Fact]
    public void A_checkpoint_without_a_noise_stream_is_refused_by_a_noisy_network()
    {
        var network = new NoisyRegressor(seed: 1);
        byte[] file = CheckpointFiles.WithHeader(CheckpointFiles.Saved(network), h => h["__metadata__"]!["netgen.dropout_state"] = "none");
        string path = CheckpointFiles.TempFile("noise.safetensors");
        File.WriteAllBytes(path, file);
        CheckpointException e = Assert.Throws<CheckpointException>(() => network.Load(path));
        Assert.Contains("so not 'none'", e.Message, StringComparison.Ordinal);
    }

    private static void CopyOptimizerState(INetwork from, INetwork to)
    {
        for (int i = 0; i < from.OptimizerState.Count; i++)
        {
            from.OptimizerState[i].Values.Span.CopyTo(to.OptimizerState[i].Values.Span);
        }

        to.Position = from.Position;
    }

    /// <summary>λ·Σ|a|/B of each layer's recorded output (the layers recorded have neither dropout nor noise).</summary>
    private sealed class PenaltyRecorder(float[] lambdas) : IActivationRecorder
    {
        public double Total { get; private set; }

        public void Reset() => Total = 0;

        public void Record(int layer, ReadOnlySpan<float> activations, int batch) =>
            Total += Runtime.ActivityL1.Penalty(activations, batch, lambdas[layer]);
    }
}
