using NetGen.Generator.Planning;

namespace NetGen.Generator.Emission.Layers;

/// <summary>
/// What the three convolution lowerings share: every runtime convolution takes x, W, b, the layer's ConvShape and the
/// batch first (∂L/∂z, ∂L/∂W, ∂L/∂b, ∂L/∂x backward), and writes y[batch, F, OutH, OutW] with the bias added per
/// plane. Each lowering adds its scratch buffers (and the direct kernel its fused activation) in its own file.
/// </summary>
internal abstract class ConvolutionEmitter : ProducerEmitter
{
    /// <summary>The runtime class, e.g. "DirectConv".</summary>
    protected abstract string RuntimeClass { get; }

    /// <summary>How the forward call computes the convolution, for its comment.</summary>
    protected abstract string Note { get; }

    /// <summary>The runtime's scratch size for the layer's calls at the network's batch size.</summary>
    public abstract Call ScratchSize(LayerPlan layer);

    public sealed override void EmitForward(SourceWriter writer, ProducerForward step)
    {
        Arg[] arguments =
        [
            Arg.Of("x", step.Input),
            Arg.Of("weight", step.Weight),
            Arg.Of("bias", step.Bias),
            Arg.Of("shape", Names.WindowField(step.Layer)),
            Arg.Of("batch", "batch"),
            Arg.Of("y", step.Output),
            .. ForwardScratch(step),
        ];
        string comment = step.Target == ProducerTarget.Normalized
            ? $"z = conv(x, W){(step.Bias == "default" ? "" : " + b")}, normalized in place next"
            : Activates(step)
                ? $"y = {DisplayNames.Activation(step.Layer.Activation.Kind)}(conv(x, W) + b) by {Note}, activated as written"
                : $"z = conv(x, W) + b by {Note}";
        writer.Call(new Call($"{Names.Runtime}.{RuntimeClass}.Forward", arguments), comment);
    }

    public sealed override void EmitBackward(SourceWriter writer, ProducerBackward step)
    {
        LayerPlan layer = step.Layer;
        Arg[] arguments =
        [
            Arg.Of("x", step.Input),
            Arg.Of("weight", step.Weight),
            Arg.Of("dy", step.OutputGradient),
            Arg.Of("shape", Names.WindowField(layer)),
            Arg.Of("batch", "batch"),
            Arg.Of("dWeight", Spans.WeightGradient(layer)),
            Arg.Of("dBias", Spans.BiasGradient(layer)),
            Arg.Of("dx", step.InputGradient ?? "default"),
            .. BackwardScratch(step),
        ];
        string what = layer.Fusion.ActivationBackward == ActivationBackwardSite.Producer
            ? $"∂L/∂z = ∂L/∂y ⊙ {DisplayNames.Activation(layer.Activation.Kind)}'(y) as ∂y is laid out, then ∂L/∂W, ∂L/∂b and ∂L/∂x"
            : $"∂L/∂W, ∂L/∂b and ∂L/∂x{BackwardNote}";
        writer.Call(new Call($"{Names.Runtime}.{RuntimeClass}.Backward", arguments), $"{what}, before W is updated");
    }

    /// <summary>The forward call's arguments after y.</summary>
    protected abstract Arg[] ForwardScratch(ProducerForward step);

    /// <summary>The backward call's arguments after ∂L/∂x.</summary>
    protected abstract Arg[] BackwardScratch(ProducerBackward step);

    /// <summary>What backward adds to the plain ∂L/∂W, ∂L/∂b, ∂L/∂x, for its comment.</summary>
    protected virtual string BackwardNote => "";

    /// <summary>The forward call applies the activation as it writes y (the direct kernel only).</summary>
    protected static bool Activates(ProducerForward step) => step.Target == ProducerTarget.Output && step.Pass.Activation == ActivationSite.Producer;

    /// <summary>The chunk buffer and the GEMM's packing scratch, the arguments every chunked lowering ends with.</summary>
    protected static Arg[] ChunkScratch => [Arg.Of("scratch", "_convScratch"), Arg.Of("gemm", "_scratch")];
}
