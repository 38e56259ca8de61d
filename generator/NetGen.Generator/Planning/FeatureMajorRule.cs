using System.Linq;
using NetGen.Generator.Parsing;

namespace NetGen.Generator.Planning;

/// <summary>
/// Which networks Predict runs feature-major (activations as xᵀ[features, lanes], vectorized over the batch; see the
/// runtime's FeatureMajor): chains of Dense layers whose inference is a product, a bias and an element-wise
/// activation, small enough that the batch-major path's per-call costs (packing Wᵀ, narrow column tiles, per-row
/// softmax) outweigh its large-product blocking. A norm, PReLU's slopes or Maxout's pieces keep the batch-major path, as
/// do larger layers and batches. The bounds are where `--feature-major` (tests/NetGen.Benchmarks,
/// FeatureMajorCrossover) measured the feature-major chain at least as fast as batch-major on the Zen 5 at both widths
/// (1.06–1.86× inside them): past them the batch-major products reach the 8 MFLOP at which the runtime splits them over
/// the cores (GemmParallel.MinimumFlops), which one feature-major thread does not match (0.67–0.89× at 128 × 128 and
/// 256 × 64 on 256 samples).
/// </summary>
internal static class FeatureMajorRule
{
    /// <summary>Floats of the largest weight a feature-major layer multiplies (64 KiB: W stays in L1/L2 across the lane blocks).</summary>
    public const int MaxWeightFloats = 16 * 1024;

    /// <summary>The largest BatchSize a chunk is transposed at (the largest the crossover measured).</summary>
    public const int MaxBatchSize = 256;

    /// <summary>
    /// BatchSize · inputs · units of a layer below which its batch-major product stays on one core: 2 · MACs under the
    /// runtime's 8 MFLOP split threshold.
    /// </summary>
    public const long MaxLayerMultiplyAdds = 4L << 20;

    public static bool Applies(NetworkPlan plan) =>
        plan.BatchSize <= MaxBatchSize && plan.Layers.All(l => Qualifies(l, plan.BatchSize));

    /// <summary>
    /// Whether TrainStep and ComputeGradients also run feature-major (forward, the loss down the lanes, and the backward
    /// products; see the runtime's FeatureMajorGradients): a chain Predict runs so, trained on softmax cross-entropy (on
    /// labels), mean squared error or binary cross-entropy (on labels or targets), whose training pass adds nothing per sample beyond product, bias and an activation whose
    /// derivative reads its output (so no dropout, noise, activity penalty, or GELU/SiLU's kept pre-activation), and
    /// whose updates follow each layer's backward (clip-by-norm waits for every gradient, a path of its own).
    /// </summary>
    public static bool TrainApplies(NetworkPlan plan) =>
        Applies(plan)
        && plan.Loss.Kind is LossKind.SoftmaxCrossEntropy or LossKind.MeanSquaredError or LossKind.BinaryCrossEntropy
        && !plan.Optimizer.ClipsByNorm
        && !plan.DrawsRandomly
        && plan.Layers.All(l => !l.HasDropout && !l.HasNoise && !l.HasActivityL1 && !l.Activation.KeepsPreActivation);

    /// <summary>The widest layer output: feature rows each feature-major gradient buffer holds.</summary>
    public static int MaxUnits(NetworkPlan plan) => plan.Layers.Max(l => l.Units);

    /// <summary>The widest activation of the chain (the input included): feature rows each feature-major buffer holds.</summary>
    public static int MaxFeatures(NetworkPlan plan) => plan.Layers.Select(l => l.Units).Append(plan.InputSize).Max();

    private static bool Qualifies(LayerPlan layer, int batchSize) =>
        layer.Kind == OpKind.Dense
        && layer.Norm is null
        && layer.Activation.Kind is not (ActivationKind.PRelu or ActivationKind.Maxout)
        && layer.ProducerWidth == layer.Units
        && (long)layer.InputSize * layer.Units <= MaxWeightFloats
        && (long)batchSize * layer.InputSize * layer.Units < MaxLayerMultiplyAdds;
}
