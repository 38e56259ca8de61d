using System;
using System.Linq;

namespace NetGen.Spec;

/// <summary>
/// Each optimizer's settings before the user's arguments: PyTorch's defaults (torch.optim), which the attributes' property
/// initializers repeat. Every reader (attributes at build time, reflection, JSON, the builder) starts from these, because
/// an attribute read from source or metadata shows only the arguments written at the use site, never the initializers.
/// </summary>
internal static class OptimizerDefaults
{
    /// <summary>The defaults of <paramref name="kind"/>. SGD has no default learning rate: NaN, which NG0008 reports.</summary>
    public static OptimizerSpec For(OptimizerKind kind, SpecLocation? location) => kind switch
    {
        OptimizerKind.AdaGrad => new OptimizerSpec(kind, location, LearningRate: 1e-2f, Epsilon: 1e-10f),
        OptimizerKind.RmsProp => new OptimizerSpec(kind, location, LearningRate: 1e-2f),
        OptimizerKind.Adam => new OptimizerSpec(kind, location, LearningRate: 1e-3f),
        OptimizerKind.AdamW => new OptimizerSpec(kind, location, LearningRate: 1e-3f, WeightDecay: 1e-2f),
        _ => new OptimizerSpec(OptimizerKind.Sgd, location, LearningRate: float.NaN),
    };

    /// <summary>The settings <paramref name="kind"/> takes besides the learning rate: its attribute's named arguments.</summary>
    public static string[] SettingsOf(OptimizerKind kind) => kind switch
    {
        OptimizerKind.AdaGrad => ["LrDecay", "InitialAccumulator", "Epsilon", "WeightDecay", "DecayWeightsOnly"],
        OptimizerKind.RmsProp => ["Alpha", "Epsilon", "Momentum", "Centered", "WeightDecay", "DecayWeightsOnly"],
        OptimizerKind.Adam or OptimizerKind.AdamW => ["Beta1", "Beta2", "Epsilon", "WeightDecay", "AmsGrad", "DecayWeightsOnly"],
        _ => ["Momentum", "Dampening", "Nesterov", "WeightDecay", "DecayWeightsOnly"],
    };

    /// <summary>
    /// Whether biases, norm parameters and PReLU slopes need an update of their own: with DecayWeightsOnly, even when the
    /// declared weight decay and L1 are 0, because the weight decay is a run-time value (INetwork.WeightDecay) that a
    /// later set must keep off them as the attribute's would. Without decay and L1 the split update is the same numbers.
    /// </summary>
    public static bool SplitsNonWeights(OptimizerSpec optimizer) => SplitsNonWeights(optimizer.DecayWeightsOnly);

    /// <inheritdoc cref="SplitsNonWeights(OptimizerSpec)"/>
    public static bool SplitsNonWeights(bool decayWeightsOnly) => decayWeightsOnly;

    /// <summary>
    /// The optimizer's state buffers, one float per parameter each, in the order both engines keep them, by the names
    /// torch.optim's state uses (checkpoint tensors are "optimizer.&lt;parameter&gt;.&lt;name&gt;"), with each one's start value.
    /// </summary>
    public static (string Name, float Initial)[] StateBuffers(OptimizerSpec o) => o.Kind switch
    {
        OptimizerKind.Sgd => o.Momentum != 0f ? [("momentum_buffer", 0f)] : [],
        OptimizerKind.AdaGrad => [("sum", o.InitialAccumulator)],
        OptimizerKind.RmsProp => new[] { ("square_avg", 0f) }
            .Concat(o.Centered ? [("grad_avg", 0f)] : Array.Empty<(string, float)>())
            .Concat(o.Momentum > 0f ? [("momentum_buffer", 0f)] : Array.Empty<(string, float)>())
            .ToArray(),
        _ => o.AmsGrad ? [("exp_avg", 0f), ("exp_avg_sq", 0f), ("max_exp_avg_sq", 0f)] : [("exp_avg", 0f), ("exp_avg_sq", 0f)],
    };
}
