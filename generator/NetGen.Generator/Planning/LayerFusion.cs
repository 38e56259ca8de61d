namespace NetGen.Generator.Planning;

// Every fusion decision of one layer, made once by FusionPlanner: the emitters only read it, and the summary's
// "Fusions applied" lines are rendered from it, so the comment and the code cannot drift apart. Immutable with
// structural equality, or incremental caching breaks.

/// <summary>Which norm path a layer runs.</summary>
internal enum NormPath
{
    None,

    /// <summary>
    /// Batch statistics in training (two passes); for Predict one affine map per feature, y = s·z + t, computed from the
    /// current parameters and running statistics on every inference pass and applied in the producer's epilogue.
    /// </summary>
    BatchNorm,

    /// <summary>Each sample's own statistics over its producer outputs, in both passes.</summary>
    LayerNorm,

    /// <summary>Each sample's own statistics per channel group (InstanceNorm: one channel per group), in both passes.</summary>
    GroupNorm,

    /// <summary>No statistics: the weight is recomposed as w = g·v/‖v‖ and the producer runs on it.</summary>
    WeightNorm,
}

/// <summary>Where the producer's weight comes from in a forward pass.</summary>
internal enum WeightSource
{
    /// <summary>The layer's slice of the parameters.</summary>
    Parameters,

    /// <summary>WeightNorm's composed w = g·v/‖v‖.</summary>
    Composed,
}

/// <summary>Which kernel adds the bias in a forward pass.</summary>
internal enum BiasSite
{
    None,

    /// <summary>The convolution, as it writes each output plane.</summary>
    Producer,

    /// <summary>The one pass over the GEMM output that also applies the activation.</summary>
    Epilogue,

    /// <summary>The norm's statistics pass, before the sums.</summary>
    Norm,

    /// <summary>The activation kernel that reads the kept pre-activation z (PReLU, Maxout, GELU, SiLU).</summary>
    Activation,

    /// <summary>
    /// BatchNorm's inference affine, one pass over the producer's output: y = s·z + t with s = γ/√(running σ² + ε) and
    /// t = (b − μ)·s + β (the bias, if any, goes into t), s and t computed per pass in O(features).
    /// </summary>
    InferenceNorm,
}

/// <summary>Which kernel applies the activation in a forward pass.</summary>
internal enum ActivationSite
{
    /// <summary>Identity: nothing to apply.</summary>
    None,

    /// <summary>The direct convolution, as it writes y.</summary>
    Producer,

    /// <summary>One pass over the producer's output, in place (with BatchNorm's inference affine when the pass has it).</summary>
    Epilogue,

    /// <summary>The norm's normalize + affine pass.</summary>
    Norm,

    /// <summary>Its own kernel from the kept pre-activation z into y.</summary>
    Activation,
}

/// <summary>Which kernel turns ∂L/∂y into ∂L/∂z in the backward pass.</summary>
internal enum ActivationBackwardSite
{
    /// <summary>Identity: ∂L/∂z is ∂L/∂y.</summary>
    None,

    /// <summary>The activation's own backward pass, on ∂L/∂y in place (Maxout: into the spent z buffer).</summary>
    Activation,

    /// <summary>The direct convolution's backward, which forms ∂L/∂z as it lays ∂L/∂y out.</summary>
    Producer,
}

/// <summary>One forward pass of a layer with weights: what the producer multiplies by and where bias and activation go.</summary>
/// <param name="Normalizes">The norm's kernel runs in this pass: the producer writes z into the x̂ buffer.</param>
internal sealed record ForwardPass(WeightSource Weight, BiasSite Bias, ActivationSite Activation, bool Normalizes);

/// <summary>The 1/√(σ² + ε) buffer of a norm of the producer's outputs.</summary>
/// <param name="PerSample">One set per sample (LayerNorm, GroupNorm): the buffer holds BatchSize × Count; else Count for the batch.</param>
/// <param name="Count">Values per sample (LayerNorm 1, GroupNorm its groups) or per batch (BatchNorm: one per feature).</param>
internal sealed record NormStatistics(bool PerSample, int Count);

/// <summary>The buffers a layer keeps between its forward and backward pass, beyond its parameters.</summary>
/// <param name="HasOutput">Its own output buffer; false for Flatten, whose output is its input reinterpreted.</param>
/// <param name="KeepsPreActivation">z[BatchSize, ProducerWidth], when the activation's derivative needs z, not y.</param>
/// <param name="KeepsActivated">The activation before dropout or noise, beside the dropped-out (mask kept too) or noisy output.</param>
/// <param name="KeepsWinners">MaxPool's or Maxout's winning index per output.</param>
/// <param name="Statistics">A norm's inverse standard deviations, or null.</param>
/// <param name="KeepsRunningStatistics">BatchNorm's running mean and variance, and Predict's per-pass scale and shift.</param>
/// <param name="KeepsComposedWeight">WeightNorm's composed weight and its ‖v‖ per row.</param>
internal sealed record LayerBuffers(
    bool HasOutput,
    bool KeepsPreActivation,
    bool KeepsActivated,
    bool KeepsWinners,
    NormStatistics? Statistics,
    bool KeepsRunningStatistics,
    bool KeepsComposedWeight);

/// <summary>A layer's fusion decisions, per pass.</summary>
/// <param name="Training">The training forward pass (batch statistics, dropout).</param>
/// <param name="Inference">Predict's forward pass; differs from <paramref name="Training"/> only for BatchNorm.</param>
/// <param name="InputLayer">The layer whose output buffer this layer reads (Flatten looked through), -1 for the network input.</param>
internal sealed record LayerFusion(
    NormPath Norm,
    ForwardPass Training,
    ForwardPass Inference,
    ActivationBackwardSite ActivationBackward,
    LayerBuffers Buffers,
    int InputLayer)
{
    /// <summary>The training and inference passes differ, so the forward code branches on <c>training</c>.</summary>
    public bool BranchesOnTraining => Training != Inference;
}
