using NetGen.Generator.Parsing;
using NetGen.Generator.Planning;

namespace NetGen.Generator.Emission.Layers;

/// <summary>Where a producer's forward call writes z (or y, when it applies the activation itself).</summary>
internal enum ProducerTarget
{
    /// <summary>The layer's output: bias and activation follow in place, or the producer applied both.</summary>
    Output,

    /// <summary>The kept z, which the activation's own kernel reads.</summary>
    PreActivation,

    /// <summary>The norm's x̂ buffer, normalized in place next.</summary>
    Normalized,
}

/// <summary>One forward call of a producer.</summary>
/// <param name="Bias">The bias the producer adds itself, or <c>default</c>.</param>
/// <param name="Output">The span it writes.</param>
internal sealed record ProducerForward(LayerPlan Layer, string Input, string Weight, string Bias, string Output, ForwardPass Pass, ProducerTarget Target);

/// <summary>One backward call of a producer: ∂L/∂z in, ∂L/∂W, ∂L/∂b and (but for the first layer) ∂L/∂x out.</summary>
internal sealed record ProducerBackward(LayerPlan Layer, string Input, string Weight, string OutputGradient, string? InputGradient);

/// <summary>
/// The op with weights at the head of a layer, forward and backward: Dense's GEMMs, or one of the three convolution
/// lowerings the plan's shape picked (<see cref="WindowPlan.Lowering"/>).
/// </summary>
internal abstract class ProducerEmitter
{
    public static ProducerEmitter For(LayerPlan layer) => layer.Kind != OpKind.Conv2D ? DenseEmitter.Instance : layer.Window!.Lowering switch
    {
        ConvLowering.Pointwise => PointwiseConvEmitter.Instance,
        ConvLowering.Direct => DirectConvEmitter.Instance,
        _ => Im2ColConvEmitter.Instance,
    };

    /// <summary>How it computes z, for the summary's fusion lines.</summary>
    public abstract string Description { get; }

    public abstract void EmitForward(SourceWriter writer, ProducerForward step);

    public abstract void EmitBackward(SourceWriter writer, ProducerBackward step);
}
