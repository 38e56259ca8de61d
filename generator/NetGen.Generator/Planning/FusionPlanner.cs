using NetGen.Generator.Parsing;

namespace NetGen.Generator.Planning;

/// <summary>
/// The fusion pass: decides once, per layer, which kernel adds the bias and applies the activation in each pass, which
/// norm path runs and which buffers are kept, so that no emitter decides any of it again. Pure.
/// </summary>
internal static class FusionPlanner
{
    /// <param name="layer">The laid-out layer; its <see cref="LayerPlan.Fusion"/> is not read.</param>
    /// <param name="inputLayer">The layer whose output <paramref name="layer"/> reads, -1 for the network input.</param>
    public static LayerFusion Plan(LayerPlan layer, int inputLayer)
    {
        if (!layer.HasWeights)
        {
            var passThrough = new ForwardPass(WeightSource.Parameters, BiasSite.None, ActivationSite.None, Normalizes: false);
            var buffers = new LayerBuffers(
                HasOutput: layer.Kind != OpKind.Flatten,
                KeepsPreActivation: false,
                KeepsActivated: false,
                KeepsWinners: layer.Kind == OpKind.MaxPool,
                Statistics: null,
                KeepsRunningStatistics: false,
                KeepsComposedWeight: false);
            return new LayerFusion(NormPath.None, passThrough, passThrough, ActivationBackwardSite.None, buffers, inputLayer);
        }

        NormPath norm = NormPathOf(layer.Norm);
        ForwardPass training = norm switch
        {
            NormPath.BatchNorm or NormPath.LayerNorm or NormPath.GroupNorm => NormalizingPass(layer, norm),
            NormPath.WeightNorm => ProducerPass(layer, WeightSource.Composed, layer.UseBias),
            _ => ProducerPass(layer, WeightSource.Parameters, layer.UseBias),
        };

        // Predict applies BatchNorm's running statistics as y = s·z + t in the producer's epilogue, s and t computed on
        // every pass (nothing derived from the parameters is kept, so nothing can go stale). The other norms use each
        // sample's own statistics in Predict too, so their pass is the training one.
        ForwardPass inference = norm == NormPath.BatchNorm ? InferenceNormPass(layer) : training;
        ActivationBackwardSite backward = layer.Activation.Kind == ActivationKind.Identity ? ActivationBackwardSite.None
            : training.Activation == ActivationSite.Producer ? ActivationBackwardSite.Producer
            : ActivationBackwardSite.Activation;
        var kept = new LayerBuffers(
            HasOutput: true,
            KeepsPreActivation: layer.Activation.KeepsPreActivation,
            KeepsActivated: layer.HasDropout || layer.HasNoise,
            KeepsWinners: layer.Activation.Kind == ActivationKind.Maxout,
            Statistics: norm switch
            {
                NormPath.BatchNorm => new NormStatistics(PerSample: false, layer.Features),
                NormPath.LayerNorm => new NormStatistics(PerSample: true, 1),
                NormPath.GroupNorm => new NormStatistics(PerSample: true, layer.Norm!.Groups),
                _ => null,
            },
            KeepsRunningStatistics: norm == NormPath.BatchNorm,
            KeepsComposedWeight: norm == NormPath.WeightNorm);
        return new LayerFusion(norm, training, inference, backward, kept, inputLayer);
    }

    private static NormPath NormPathOf(NormPlan? norm) => norm?.Kind switch
    {
        OpKind.BatchNorm => NormPath.BatchNorm,
        OpKind.LayerNorm => NormPath.LayerNorm,
        OpKind.GroupNorm or OpKind.InstanceNorm => NormPath.GroupNorm,
        OpKind.WeightNorm => NormPath.WeightNorm,
        _ => NormPath.None,
    };

    /// <summary>
    /// The producer, then bias and activation: a convolution adds the bias as it writes each plane and the direct kernel
    /// also activates as it writes (when backward can read the derivative through y); a GEMM leaves both to one
    /// epilogue pass. An activation that needs z in backward gets its own kernel from the kept z, with the GEMM's bias.
    /// </summary>
    private static ForwardPass ProducerPass(LayerPlan layer, WeightSource weight, bool hasBias)
    {
        ActivationPlan activation = layer.Activation;
        bool identity = activation.Kind == ActivationKind.Identity;
        if (layer.Kind == OpKind.Conv2D)
        {
            ActivationSite site = identity ? ActivationSite.None
                : activation.KeepsPreActivation ? ActivationSite.Activation
                : layer.Window!.Lowering == ConvLowering.Direct ? ActivationSite.Producer
                : ActivationSite.Epilogue;
            return new ForwardPass(weight, hasBias ? BiasSite.Producer : BiasSite.None, site, Normalizes: false);
        }

        if (activation.KeepsPreActivation)
        {
            return new ForwardPass(weight, hasBias ? BiasSite.Activation : BiasSite.None, ActivationSite.Activation, Normalizes: false);
        }

        return new ForwardPass(weight, hasBias ? BiasSite.Epilogue : BiasSite.None, identity ? ActivationSite.None : ActivationSite.Epilogue, Normalizes: false);
    }

    /// <summary>
    /// Predict's BatchNorm: the producer without its bias, then one pass y = f(s·z + t) with the activation fused, or,
    /// when the activation needs z (PReLU, Maxout, GELU, SiLU), s·z + t in place on the kept z and the activation's own
    /// kernel after it. The direct convolution's activate-as-written is not used here: the affine comes first.
    /// </summary>
    private static ForwardPass InferenceNormPass(LayerPlan layer)
    {
        ActivationSite activation = layer.Activation.Kind == ActivationKind.Identity ? ActivationSite.None
            : layer.Activation.KeepsPreActivation ? ActivationSite.Activation
            : ActivationSite.Epilogue;
        return new ForwardPass(WeightSource.Parameters, BiasSite.InferenceNorm, activation, Normalizes: false);
    }

    /// <summary>
    /// The producer writes z into the x̂ buffer; the norm adds the bias before its sums and applies the activation in its
    /// normalize + affine pass, unless the activation needs z in backward (then it runs after, from the kept n).
    /// LayerNorm after Conv2D has an affine per value, so the per-channel bias goes in with the convolution.
    /// </summary>
    private static ForwardPass NormalizingPass(LayerPlan layer, NormPath norm)
    {
        BiasSite bias = !layer.UseBias ? BiasSite.None
            : layer.Kind == OpKind.Conv2D && norm == NormPath.LayerNorm ? BiasSite.Producer
            : BiasSite.Norm;
        ActivationSite activation = layer.Activation.Kind == ActivationKind.Identity ? ActivationSite.None
            : layer.Activation.KeepsPreActivation ? ActivationSite.Activation
            : ActivationSite.Norm;
        return new ForwardPass(WeightSource.Parameters, bias, activation, Normalizes: true);
    }
}
