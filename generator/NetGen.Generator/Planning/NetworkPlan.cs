using System.Linq;
using NetGen.Generator.Common;
using NetGen.Generator.Parsing;

namespace NetGen.Generator.Planning;

// The lowered network: fixed shapes, resolved init schemes, parameter offsets, buffer assignments and the fusions
// applied. Immutable with structural equality, or incremental caching breaks.

internal enum ActivationKind
{
    Identity,
    Relu,
    LeakyRelu,
    Tanh,
    Sigmoid,
    Elu,
    Gelu,
    Silu,
    PRelu,
    Maxout,
}

/// <summary>A layer's activation; <paramref name="Argument"/> is LeakyReLU's slope or ELU's α, <paramref name="Pieces"/> Maxout's k.</summary>
internal sealed record ActivationPlan(ActivationKind Kind, float Argument, int Pieces = 1)
{
    /// <summary>The backward pass needs the pre-activation z, not only y: GELU and SiLU (f' needs x), PReLU (learned
    /// slopes may be negative, so y does not give the sign of z), Maxout (its z is wider than y).</summary>
    public bool KeepsPreActivation => Kind is ActivationKind.Gelu or ActivationKind.Silu or ActivationKind.PRelu or ActivationKind.Maxout;
}

/// <summary>A convolution's or pooling window's fixed geometry, mirrored by the runtime's ConvShape.</summary>
/// <param name="CeilMode">Pooling's ceil_mode (OutHeight and OutWidth already follow it).</param>
/// <param name="CountIncludePad">AvgPool's count_include_pad.</param>
internal sealed record WindowPlan(int Channels, int Height, int Width, int Filters, int Kernel, int Stride, int Padding, int OutHeight, int OutWidth, bool CeilMode = false, bool CountIncludePad = true)
{
    public int PatchSize => Channels * Kernel * Kernel;

    public int Positions => OutHeight * OutWidth;

    /// <summary>How this convolution is computed, chosen from the fixed shape by the rule both engines share.</summary>
    public ConvLowering Lowering => ConvLowerings.Choose(Kernel, Stride, Padding);
}

/// <summary>One layer: a producing op (Dense: y[B, Units] = f(x[B, InputSize] · Wᵀ + b); Conv2D; pooling; flatten), its norm, activation and dropout.</summary>
/// <param name="Kind">The producing op.</param>
/// <param name="Window">Conv2D and pooling geometry; null otherwise.</param>
/// <param name="Units">Outputs per sample after the activation.</param>
/// <param name="ProducerWidth">Outputs of the GEMM: Units, or Units × pieces before a Maxout.</param>
/// <param name="WeightOffset">Where W[ProducerWidth, InputSize] starts in the parameter array.</param>
/// <param name="BiasOffset">Where b[ProducerWidth] starts (right after W).</param>
/// <param name="DropoutProbability">p of the layer's closing Dropout, 0 for none.</param>
/// <param name="Norm">The norm between producer and activation, or null.</param>
/// <param name="GammaOffset">Where the norm's γ[NormLength] starts (after the bias), then β; WeightNorm's g[WeightRows], without β.</param>
/// <param name="OutputGradientSlot">Which of the two ping-pong gradient buffers holds ∂L/∂y during backward.</param>
/// <param name="MaxNorm">The max-norm bound c on each weight row, applied after every update; 0 for none.</param>
/// <param name="NoiseStd">σ of the layer's closing GaussianNoise, 0 for none.</param>
/// <param name="ActivityL1">λ of the penalty λ·Σ|y|/B on the layer's output, 0 for none.</param>
internal sealed record LayerPlan(
    int Index,
    string Name,
    string Modifiers,
    string Description,
    int InputSize,
    int Units,
    int ProducerWidth,
    bool UseBias,
    int WeightOffset,
    int BiasOffset,
    ActivationPlan Activation,
    ResolvedInit WeightInit,
    ResolvedBias BiasInit,
    int OutputGradientSlot,
    float DropoutProbability = 0f,
    NormPlan? Norm = null,
    int GammaOffset = 0,
    OpKind Kind = OpKind.Dense,
    WindowPlan? Window = null,
    float MaxNorm = 0f,
    float NoiseStd = 0f,
    float ActivityL1 = 0f)
{
    public bool HasWeights => Kind is OpKind.Dense or OpKind.Conv2D;

    /// <summary>Rows of the weight: Dense outputs, or Conv2D filters.</summary>
    public int WeightRows => Kind switch { OpKind.Dense => ProducerWidth, OpKind.Conv2D => Window!.Filters, _=> 0 };

    /// <summary>Columns of the weight: the fan-in (Dense inputs, or C·K·K).</summary>
    public int WeightColumns => Kind switch { OpKind.Dense => InputSize, OpKind.Conv2D => Window!.PatchSize, _ => 0 };

    /// <summary>What a norm normalizes per: Dense outputs, or Conv2D channels.</summary>
    public int Features => WeightRows;

    /// <summary>Values per feature per sample: 1 for Dense, OutH·OutW for Conv2D.</summary>
    public int Positions => Kind == OpKind.Conv2D ? Window!.Positions : 1;

    /// <summary>
    /// γ values: one per producer output of a sample for LayerNorm (torch.nn.LayerNorm over [C, H, W] after Conv2D),
    /// one per feature (unit or channel) for the other norms, WeightNorm's g one per weight row.
    /// </summary>
    public int NormLength => Norm is null ? 0 : Norm.Kind == OpKind.LayerNorm ? ProducerWidth : Features;

    /// <summary>β values: as many as γ, none for WeightNorm.</summary>
    public int BetaLength => Norm is { IsWeightNorm: true } ? 0 : NormLength;

    public int BetaOffset => GammaOffset + NormLength;

    /// <summary>Where PReLU's slopes start: after the bias and the norm's γ and β (or WeightNorm's g).</summary>
    public int SlopesOffset => BetaOffset + BetaLength;

    /// <summary>A norm of the producer's outputs (not WeightNorm, which reparameterizes the weight).</summary>
    public bool NormalizesOutputs => Norm is { IsWeightNorm: false };

    public bool HasDropout => DropoutProbability > 0f;

    public bool HasNoise => NoiseStd > 0f;

    public bool HasMaxNorm => MaxNorm > 0f;

    public bool HasActivityL1 => ActivityL1 > 0f;

    public int WeightLength => WeightRows * WeightColumns;

    public int BiasLength => UseBias && HasWeights ? WeightRows : 0;

    /// <summary>PReLU slopes: one per unit after Dense, one per channel after Conv2D (torch.nn.PReLU(channels)).</summary>
    public int SlopesLength => Activation.Kind != ActivationKind.PRelu ? 0 : Kind == OpKind.Conv2D ? Window!.Filters : Units;

    /// <summary>Everything after the weight: bias, norm γ and β, then PReLU slopes (not decayed with DecayWeightsOnly).</summary>
    public int RestLength => BiasLength + NormLength + BetaLength + SlopesLength;

    public int ParameterCount => WeightLength + RestLength;

    /// <summary>
    /// Where bias, norm and activation run in each pass and which buffers are kept: the fusion pass sets it from the rest
    /// of this record as <see cref="Planner.Plan"/> lays the layer out, and every emitter reads it.
    /// </summary>
    public LayerFusion Fusion { get; init; } = null!;
}

/// <param name="LabelsAreBinary">Labels are 0/1 (binary cross-entropy with one output), not an index below OutputSize.</param>
internal sealed record LossPlan(LossKind Kind, float LabelSmoothing, bool LabelsAreBinary);

/// <summary>A layer's norm: of its producer outputs (batch norm, a scale and shift in Predict; layer, group, instance norm) or of its weight (WeightNorm).</summary>
/// <param name="Groups">Channel groups of a GroupNorm (InstanceNorm: one per channel); 1 otherwise.</param>
internal sealed record NormPlan(OpKind Kind, float Momentum, float Epsilon, int Groups = 1)
{
    public bool IsBatchNorm => Kind == OpKind.BatchNorm;

    /// <summary>WeightNorm: w = g·v/‖v‖ per weight row, composed before the producer runs.</summary>
    public bool IsWeightNorm => Kind == OpKind.WeightNorm;

    /// <summary>GroupNorm and InstanceNorm share one kernel.</summary>
    public bool IsGrouped => Kind is OpKind.GroupNorm or OpKind.InstanceNorm;
}

/// <summary>An optimizer state buffer, one float per parameter, allocated once.</summary>
/// <param name="Field">Its field name.</param>
/// <param name="Description">What it holds, for the generated comment.</param>
/// <param name="InitialValue">Its value before the first step.</param>
/// <param name="TorchName">torch.optim's name of this state (OptimizerDefaults.StateBuffers), which names it in <c>OptimizerState</c> and checkpoints.</param>
internal sealed record StateBufferPlan(string Field, string Description, float InitialValue, string TorchName = "");

/// <summary>The optimizer and the regularizers around it, with the state buffers they need.</summary>
/// <param name="CoupledDecay">λ added to the gradient (SGD, AdaGrad, RMSProp, Adam).</param>
/// <param name="DecoupledDecay">λ of AdamW's θ *= 1 - γλ.</param>
/// <param name="ClipNorm">clip_grad_norm_'s max, 0 for none: updates then wait for every gradient.</param>
/// <param name="ClipValue">clip_grad_value_'s bound, 0 for none.</param>
/// <param name="L1">λ₁ of the L1 penalty, 0 for none.</param>
internal sealed record OptimizerPlan(
    OptimizerKind Kind,
    float LearningRate,
    float Momentum,
    float Dampening,
    bool Nesterov,
    float CoupledDecay,
    float DecoupledDecay,
    float Beta1,
    float Beta2,
    float Epsilon,
    bool AmsGrad,
    float Alpha,
    bool Centered,
    float LrDecay,
    float InitialAccumulator,
    bool DecayWeightsOnly,
    float ClipNorm,
    float ClipValue,
    float L1,
    EquatableArray<StateBufferPlan> StateBuffers)
{
    public bool ClipsByNorm => ClipNorm > 0f;

    /// <summary>Biases get a transform of their own when decay or L1 must skip them.</summary>
    public bool SplitsBias => OptimizerDefaults.SplitsNonWeights(DecayWeightsOnly);
}

/// <summary>One layer as the torch.nn.Sequential that <c>NetGen.LayerModules</c> describes, from the shared TorchModules.</summary>
/// <param name="InputShape">A sample in: [C, H, W] when spatial, else [features].</param>
/// <param name="OutputShape">A sample out, likewise.</param>
internal sealed record LayerModulesPlan(string Name, EquatableArray<int> InputShape, EquatableArray<int> OutputShape, EquatableArray<ModuleSpec> Modules);

/// <summary>
/// The torch.nn model the network is equivalent to (its generated <c>Architecture</c>): the shared spec fingerprint and
/// each layer's modules, as TorchModules derives them from the validated network, so both engines name state alike.
/// </summary>
internal sealed record ArchitecturePlan(string Fingerprint, EquatableArray<LayerModulesPlan> Layers);

/// <summary>The whole network, ready to emit.</summary>
/// <param name="GradientBufferLength">Floats in each of the two ping-pong gradient buffers: BatchSize × the widest layer.</param>
/// <param name="Architecture">The torch.nn module tree and the fingerprint, for the generated Architecture.</param>
internal sealed record NetworkPlan(
    string Namespace,
    string ClassName,
    EquatableArray<int> InputShape,
    int InputSize,
    int OutputSize,
    int BatchSize,
    int ParameterCount,
    LossPlan Loss,
    OptimizerPlan Optimizer,
    EquatableArray<LayerPlan> Layers,
    int GradientBufferLength,
    ArchitecturePlan Architecture)
{
    public bool HasBatchNorm => Layers.Any(l => l.Fusion.Norm == NormPath.BatchNorm);

    /// <summary>
    /// PyTorch's batch rule: BatchNorm needs two values per channel, N·H·W ≥ 2, so only a BatchNorm over one position
    /// (after Dense, or a 1 × 1 convolution output) makes training refuse a batch of one sample.
    /// </summary>
    public bool BatchNormNeedsTwoSamples => Layers.Any(l => l.Fusion.Norm == NormPath.BatchNorm && l.Positions < 2);

    /// <summary>
    /// Floats of running statistics (mean and variance of every BatchNorm layer): what a training call saves before its
    /// forward pass moves them, to put back if the loss is not finite.
    /// </summary>
    public int RunningStatisticsLength => Layers.Where(l => l.Fusion.Buffers.KeepsRunningStatistics).Sum(l => 2 * l.Features);

    public bool HasDropout => Layers.Any(l => l.HasDropout);

    /// <summary>Dropout masks or Gaussian noise are drawn, both from the one seeded stream that Position saves and restores.</summary>
    public bool DrawsRandomly => Layers.Any(l => l.HasDropout || l.HasNoise);
}
