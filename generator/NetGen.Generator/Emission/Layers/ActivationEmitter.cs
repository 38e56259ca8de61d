using NetGen.Generator.Planning;

namespace NetGen.Generator.Emission.Layers;

/// <summary>
/// A layer's activation, forward and backward: the in-place epilogue after a producer, the pass from a kept z when the
/// derivative needs z, and ∂L/∂z from ∂L/∂y. PReLU and Maxout have kernels of their own, in their own files.
/// </summary>
internal static class ActivationEmitter
{
    /// <summary>The runtime activation struct as an expression, e.g. <c>default(global::NetGen.Runtime.Relu)</c>.</summary>
    public static string Expression(ActivationPlan activation) => activation.Kind switch
    {
        ActivationKind.Relu => $"default({Names.Runtime}.Relu)",
        ActivationKind.LeakyRelu => $"new {Names.Runtime}.LeakyRelu({SpecText.FloatLiteral(activation.Argument)})",
        ActivationKind.Elu => $"new {Names.Runtime}.Elu({SpecText.FloatLiteral(activation.Argument)})",
        ActivationKind.Gelu => $"default({Names.Runtime}.Gelu)",
        ActivationKind.Silu => $"default({Names.Runtime}.Silu)",
        ActivationKind.Tanh => $"default({Names.Runtime}.Tanh)",
        ActivationKind.Sigmoid => $"default({Names.Runtime}.Sigmoid)",
        _ => $"default({Names.Runtime}.Identity)",
    };

    /// <summary>One pass over the producer's output y, in place: bias + activation, or the activation alone (bias <c>default</c>).</summary>
    public static void EmitEpilogue(SourceWriter writer, LayerPlan layer, string bias, string output)
    {
        string name = DisplayNames.Activation(layer.Activation.Kind);
        Arg activation = Arg.Of("activation", Expression(layer.Activation));
        if (bias == "default")
        {
            writer.Call(new Call($"{Names.Runtime}.Epilogue.Activation", activation, Arg.Of("y", output)), $"y = {name}(z)");
            return;
        }

        writer.Call(
            new Call($"{Names.Runtime}.Epilogue.BiasActivation", Arg.Of("bias", bias), activation, Arg.Of("rows", "batch"), Arg.Of("y", output)),
            $"y = {name}(z + b)");
    }

    /// <summary>y from the kept pre-activation z (adding the bias first unless it is <c>default</c>): GELU, SiLU, PReLU, Maxout.</summary>
    public static void EmitFromPreActivation(SourceWriter writer, LayerPlan layer, string bias, string output)
    {
        string z = PreActivation(layer);
        string plus = bias == "default" ? "" : "z += b; ";
        switch (layer.Activation.Kind)
        {
            case ActivationKind.PRelu:
                PReluEmitter.EmitForward(writer, layer, bias, z, output, plus);
                break;
            case ActivationKind.Maxout:
                MaxoutEmitter.EmitForward(writer, layer, bias, z, output, plus);
                break;
            default:
                var call = new Call(
                    $"{Names.Runtime}.Epilogue.BiasActivation",
                    Arg.Of("bias", bias),
                    Arg.Of("activation", Expression(layer.Activation)),
                    Arg.Of("rows", "batch"),
                    Arg.Of("z", z),
                    Arg.Of("y", output));
                writer.Call(call, $"{plus}y = {DisplayNames.Activation(layer.Activation.Kind)}(z)");
                break;
        }
    }

    /// <summary>∂L/∂z from ∂L/∂y in <paramref name="dy"/>; returns the span that holds ∂L/∂z afterwards.</summary>
    public static string EmitBackward(SourceWriter writer, LayerPlan layer, string dy)
    {
        ActivationPlan activation = layer.Activation;
        switch (activation.Kind)
        {
            case ActivationKind.PRelu:
                PReluEmitter.EmitBackward(writer, layer, PreActivation(layer), dy);
                return dy;
            case ActivationKind.Maxout:
                return MaxoutEmitter.EmitBackward(writer, layer, PreActivation(layer), dy);
        }

        bool throughZ = layer.Fusion.Buffers.KeepsPreActivation;
        string through = throughZ ? PreActivation(layer) : Spans.Batch(Names.ActivatedField(layer), layer.Units);
        writer.Call(
            new Call($"{Names.Runtime}.Epilogue.ActivationBackward", Arg.Of("y", through), Arg.Of("activation", Expression(activation)), Arg.Of("dy", dy)),
            $"∂L/∂z = ∂L/∂y ⊙ {DisplayNames.Activation(activation.Kind)}'(z), read through {(throughZ ? "z" : "y")}");
        return dy;
    }

    /// <summary>The kept z[batch, ProducerWidth].</summary>
    public static string PreActivation(LayerPlan layer) => Spans.Batch(Names.PreActivationField(layer), layer.ProducerWidth);
}
