using System.Linq;
using NetGen.Generator.Parsing;

namespace NetGen.Generator.Planning;

/// <summary>
/// Which networks Predict runs feature-major (activations as xᵀ[features, lanes], vectorized over the batch; see the
/// runtime's FeatureMajor): chains of Dense layers whose inference is a product, a bias and an element-wise
/// activation, small enough that the batch-major path's per-call costs (packing Wᵀ, narrow column tiles, per-row
/// softmax) outweigh its large-product blocking. A norm, PReLU's slopes or Maxout's pieces keep the batch-major path, as
/// do larger layers and batches. The bounds are where `--feature-major` (tests/NetGen.Benchmarks,
/// FeatureMajorCrossover) measured the feature-major chain at least as fast as batch-major on the Zen 5 at both
/// widths: 1.0–1.8× inside them; at a batch of 256 it fell to 0.5–0.8× (rows of 1 KiB alias in L1, and batch-major
/// products of 8 MFLOP split over the cores), and at 128 samples of 256 features to 0.95×.
/// </summary>
internal static class FeatureMajorRule
{
    /// <summary>Floats of the largest weight a feature-major layer multiplies (64 KiB: W stays in L1/L2 across the lane blocks).</summary>
    public const int MaxWeightFloats = 16 * 1024;

    /// <summary>The largest BatchSize a chunk is transposed at.</summary>
    public const int MaxBatchSize = 128;

    /// <summary>Floats of the widest activation of a chunk, BatchSize × MaxFeatures (64 KiB: xᵀ's lane block stays in L1).</summary>
    public const int MaxActivationFloats = 16 * 1024;

    public static bool Applies(NetworkPlan plan) =>
        plan.BatchSize <= MaxBatchSize
        && (long)plan.BatchSize * MaxFeatures(plan) <= MaxActivationFloats
        && plan.Layers.All(Qualifies);

    /// <summary>The widest activation of the chain (the input included): feature rows each feature-major buffer holds.</summary>
    public static int MaxFeatures(NetworkPlan plan) => plan.Layers.Select(l => l.Units).Append(plan.InputSize).Max();

    private static bool Qualifies(LayerPlan layer) =>
        layer.Kind == OpKind.Dense
        && layer.Norm is null
        && layer.Activation.Kind is not (ActivationKind.PRelu or ActivationKind.Maxout)
        && layer.ProducerWidth == layer.Units
        && (long)layer.InputSize * layer.Units <= MaxWeightFloats;
}
