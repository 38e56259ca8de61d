using NetGen.Testing;

namespace NetGen.Tests;

/// <summary>
/// The optimizer paths of the generated code: TrainStep equals ComputeGradients + ApplyGradients bit for bit for every
/// optimizer kind and for deferred (clip-by-norm) updates, and no step allocates.
/// </summary>
[Collection(Allocations.Collection)]
public class OptimizerContractTests
{
    [Fact]
    public void Clip_by_norm_AdamW_split_step_is_bit_identical() => AssertSplitEqualsFused(s => new ClippedAdamW(s), labels: true);

    [Fact]
    public void Clamped_centered_RmsProp_split_step_is_bit_identical() => AssertSplitEqualsFused(s => new ClampedRmsProp(s), labels: false);

    [Fact]
    public void Learned_slopes_and_maxout_split_step_is_bit_identical() => AssertSplitEqualsFused(s => new ModernActivations(s), labels: true, batch: 4);

    [Fact]
    public void AdaGrad_split_step_is_bit_identical() => AssertSplitEqualsFused(s => new DecayingAdaGrad(s), labels: true);

    [Fact]
    public void Optimizer_steps_allocate_nothing()
    {
        foreach (INetwork network in new INetwork[] { new ClippedAdamW(1), new ClampedRmsProp(1), new DecayingAdaGrad(1) })
        {
            float[] inputs = TestBatches.Inputs(16, network.InputSize, seed: 1);
            int[] labels = TestBatches.Labels(16, network.OutputSize, seed: 1);
            var gradients = new float[network.ParameterCount];
            Assert.Equal(0, Allocations.PerCall(() => network.TrainStep(inputs, labels)));
            Assert.Equal(0, Allocations.PerCall(() => network.ComputeGradients(inputs, labels, gradients)));
            Assert.Equal(0, Allocations.PerCall(() => network.ApplyGradients(gradients)));
        }
    }

    private static void AssertSplitEqualsFused(Func<int, INetwork> create, bool labels, int batch = 16)
    {
        INetwork fused = create(5), split = create(5);
        var gradients = new float[fused.ParameterCount];
        for (int step = 0; step < 6; step++)
        {
            float[] inputs = TestBatches.Inputs(batch, fused.InputSize, seed: step);
            float fusedLoss, splitLoss;
            if (labels)
            {
                int[] y = TestBatches.Labels(batch, fused.OutputSize, seed: step);
                fusedLoss = fused.TrainStep(inputs, y);
                splitLoss = split.ComputeGradients(inputs, y, gradients);
            }
            else
            {
                float[] t = TestBatches.Targets(batch, fused.OutputSize, seed: step);
                fusedLoss = fused.TrainStep(inputs, t);
                splitLoss = split.ComputeGradients(inputs, t, gradients);
            }

            split.ApplyGradients(gradients);
            Assert.Equal(fusedLoss, splitLoss);
            Assert.True(fused.Parameters.SequenceEqual(split.Parameters), $"parameters differ after step {step}");
        }
    }
}
