using Xunit.Abstractions;

namespace NetGen.Parity.Tests;

/// <summary>
/// Every case trained for 20 steps in NetGen and in PyTorch from the same parameters and batches; every parameter
/// tensor is compared after every step (max absolute and relative difference, as llm.c's check_tensor reports), and
/// the data loss of every step too. A PyTorch that cannot start fails these tests: they never skip.
/// </summary>
public sealed class TorchParityTests(ParityRun run, ITestOutputHelper output) : IClassFixture<ParityRun>
{
    public static TheoryData<string> Cases => new(ParityCases.All.Select(c => c.Name));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Parameters_match_pytorch_after_every_step(string name)
    {
        Assert.True(run.Failure is null, run.Failure);
        ParityCase c = ParityCases.All.Single(x => x.Name == name);
        INetwork network = c.Create(ParityRun.Seed);
        (float[] inputs, int[] labels, float[] targets) = ParityRun.Batches(c, network);
        (float[][] torch, float[] torchLosses) = run.TorchResults(c, network.ParameterCount);
        var schedule = c.Schedule?.Invoke(network.LearningRate);
        schedule?.ApplyTo(network); // a warmup starts below the attribute's rate

        Compare(c, network, 0, torch[0]);
        for (int step = 0; step < ParityRun.Steps; step++)
        {
            ReadOnlySpan<float> x = inputs.AsSpan(step * c.Batch * network.InputSize, c.Batch * network.InputSize);
            float loss = c.Loss == "mse"
                ? network.TrainStep(x, targets.AsSpan(step * c.Batch * network.OutputSize, c.Batch * network.OutputSize))
                : network.TrainStep(x, labels.AsSpan(step * c.Batch, c.Batch));
            Assert.True(Math.Abs(loss - torchLosses[step]) <= c.Tolerance * (Math.Abs(torchLosses[step]) + 0.1), $"step {step + 1}: loss {loss} vs torch {torchLosses[step]}");
            if (schedule is not null)
            {
                schedule.Advance();
                schedule.ApplyTo(network);
            }

            Compare(c, network, step + 1, torch[step + 1]);
        }
    }

    private void Compare(ParityCase c, INetwork network, int step, float[] expected)
    {
        foreach (Layer layer in network.Layers.Where(l => l.ParameterCount > 0))
        {
            CheckTensor(c, $"step {step,2} {layer.Name}.weight", layer.Weight, expected.AsSpan(layer.WeightOffset, layer.WeightLength));
            if (layer.BiasLength > 0)
            {
                CheckTensor(c, $"step {step,2} {layer.Name}.bias", layer.Bias, expected.AsSpan(layer.BiasOffset, layer.BiasLength));
            }

            if (layer.Gamma.Length > 0)
            {
                int gamma = layer.WeightOffset + layer.WeightLength + layer.BiasLength;
                CheckTensor(c, $"step {step,2} {layer.Name}.gamma", layer.Gamma, expected.AsSpan(gamma, layer.Gamma.Length));
            }

            if (layer.Beta.Length > 0)
            {
                int beta = layer.WeightOffset + layer.WeightLength + layer.BiasLength + layer.Gamma.Length;
                CheckTensor(c, $"step {step,2} {layer.Name}.beta", layer.Beta, expected.AsSpan(beta, layer.Beta.Length));
            }

            int slopes = layer.WeightOffset + layer.WeightLength + layer.BiasLength + layer.Gamma.Length + layer.Beta.Length;
            if (layer.Slopes.Length > 0)
            {
                CheckTensor(c, $"step {step,2} {layer.Name}.slopes", layer.Slopes, expected.AsSpan(slopes, layer.Slopes.Length));
            }
        }
    }

    private void CheckTensor(ParityCase c, string label, ReadOnlySpan<float> ours, ReadOnlySpan<float> torch)
    {
        double maxAbsolute = 0, maxRelative = 0;
        int worst = -1;
        for (int i = 0; i < ours.Length; i++)
        {
            double difference = Math.Abs(ours[i] - torch[i]);
            double bound = c.Tolerance * (Math.Abs(torch[i]) + 0.1);
            maxAbsolute = Math.Max(maxAbsolute, difference);
            maxRelative = Math.Max(maxRelative, difference / (Math.Abs(torch[i]) + 0.1));
            if (difference > bound && worst < 0)
            {
                worst = i;
            }
        }

        if (label.StartsWith("step 20", StringComparison.Ordinal) || worst >= 0)
        {
            output.WriteLine($"{c.Name} {label}: max |Δ| {maxAbsolute:E2}, max |Δ|/(|torch| + 0.1) {maxRelative:E2} (tolerance {c.Tolerance:E0}) {(worst < 0 ? "OK" : "NOT OK")}");
        }

        if (worst >= 0)
        {
            Assert.Fail($"{c.Name} {label}[{worst}]: NetGen {ours[worst]} vs PyTorch {torch[worst]}; max |Δ| {maxAbsolute:E2}");
        }
    }
}
