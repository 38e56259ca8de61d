using System.Linq;
using NetGen.Generator.Parsing;

namespace NetGen.Generator.Planning;

/// <summary>
/// Which networks Predict runs feature-major (activations as xᵀ[features, lanes], vectorized over the batch; see the
/// runtime's FeatureMajor): chains of Dense layers whose inference is a product, a bias and an element-wise
/// activation, with weights small enough that the batch-major path's per-call costs (packing Wᵀ, narrow column tiles,
/// per-row softmax) outweigh its large-product blocking. A norm, PReLU's slopes or Maxout's pieces keep the batch-major
/// path, as do larger layers, where the packed GEMM runs near the peak.
/// </summary>
internal static class FeatureMajorRule
{
    /// <summary>Floats of the largest weight a feature-major layer multiplies (64 KiB: W stays in L1/L2 across the lane blocks).</summary>
    public const int MaxWeightFloats = 16 * 1024;

    /// <summary>The largest BatchSize a chunk is transposed at (xᵀ of 256 samples of 64 features: 64 KiB).</summary>
    public const int MaxBatchSize = 256;

    public static bool Applies(NetworkPlan plan) =>
        plan.BatchSize <= MaxBatchSize && plan.Layers.All(Qualifies);

    /// <summary>The widest activation of the chain (the input included): feature rows each feature-major buffer holds.</summary>
    public static int MaxFeatures(NetworkPlan plan) => plan.Layers.Select(l => l.Units).Append(plan.InputSize).Max();

    private static bool Qualifies(LayerPlan layer) =>
        layer.Kind == OpKind.Dense
        && layer.Norm is null
        && layer.Activation.Kind is not (ActivationKind.PRelu or ActivationKind.Maxout)
        && layer.ProducerWidth == layer.Units
        && (long)layer.InputSize * layer.Units <= MaxWeightFloats;
}
