using NetGen.Generator.Planning;

namespace NetGen.Generator.Emission.Layers;

/// <summary>
/// A layer with weights: its producer, norm, activation and dropout, composed in each pass exactly as the plan's
/// <see cref="LayerFusion"/> says (which kernel adds the bias, which applies the activation, which buffers it keeps).
/// Forward runs them in attribute order; backward in reverse (after ActivityL1's gradient), then the layer's update
/// (and MaxNorm's renorm).
/// </summary>
internal sealed class ProducingLayerEmitter : LayerEmitter
{
    public static readonly ProducingLayerEmitter Instance = new();

    public override void EmitForward(SourceWriter writer, NetworkPlan plan, LayerPlan layer, string input)
    {
        LayerFusion fusion = layer.Fusion;
        string output = Names.OutputLocal(layer);
        writer.Comment($"{layer.Name}: {layer.Description}    x[batch, {Shapes.Input(plan, layer)}] → y[batch, {Shapes.Output(layer)}]");
        writer.Line($"{Names.Span} {output} = {Spans.Batch(Names.ActivatedField(layer), layer.Units)};");
        if (fusion.BranchesOnTraining)
        {
            using (writer.Block("if (training)"))
            {
                EmitPass(writer, layer, fusion.Training, input, output);
            }

            using (writer.Block("else"))
            {
                EmitPass(writer, layer, fusion.Inference, input, output);
            }
        }
        else
        {
            if (fusion.Training.Weight == WeightSource.Composed)
            {
                WeightNormEmitter.EmitCompose(writer, layer, "from this pass's v and g, in training and Predict alike");
            }

            EmitPass(writer, layer, fusion.Training, input, output);
        }

        if (layer.HasDropout)
        {
            DropoutEmitter.EmitForward(writer, layer, output);
        }
        else if (layer.HasNoise)
        {
            NoiseEmitter.EmitForward(writer, layer, output);
        }
    }

    public override void EmitBackward(SourceWriter writer, NetworkPlan plan, LayerPlan layer, bool deferred)
    {
        LayerFusion fusion = layer.Fusion;
        string biasGradient = layer.UseBias ? $", ∂L/∂b[{Common.Literals.Int(layer.WeightRows)}]" : "";
        string inputGradient = layer.Index == 0 ? "" : $", ∂L/∂x[batch, {Shapes.Input(plan, layer)}]";
        writer.Comment($"{layer.Name}: {layer.Description}    ∂L/∂y[batch, {Shapes.Output(layer)}] → ∂L/∂W{Shapes.WeightText(layer)}{biasGradient}{inputGradient}");
        string dy = Names.GradientLocal(layer);
        writer.Line($"{Names.Span} {dy} = {Spans.OutputGradient(layer)};");
        RegularizerEmitter.EmitActivityL1(writer, layer, dy);
        if (layer.HasDropout)
        {
            DropoutEmitter.EmitBackward(writer, layer, dy);
        }

        string dz = fusion.ActivationBackward == ActivationBackwardSite.Activation ? ActivationEmitter.EmitBackward(writer, layer, dy) : dy;
        NormEmitter.For(layer)?.EmitBackward(writer, layer, dz);
        var step = new ProducerBackward(layer, Spans.Input(plan, layer), Spans.TrainingWeight(layer), dz, Spans.InputGradient(plan, layer));
        ProducerEmitter.For(layer).EmitBackward(writer, step);
        if (fusion.Norm == NormPath.WeightNorm)
        {
            WeightNormEmitter.EmitBackward(writer, layer);
        }

        if (deferred)
        {
            writer.Call(OptimizerEmitter.LayerSquaredNormCall(layer), $"while {layer.Name}'s gradient is still in cache", prefix: "squaredNorm += ");
            return;
        }

        using (writer.Block("if (applyUpdates)"))
        {
            RegularizerEmitter.EmitUpdate(writer, layer, Arg.Named("scale", "1f"), $"{layer.Name}'s parameters, before backpropagating further");
        }
    }

    /// <summary>One forward pass: the producer into the buffer the plan names, then the norm and the activation where the plan put them.</summary>
    private static void EmitPass(SourceWriter writer, LayerPlan layer, ForwardPass pass, string input, string output)
    {
        string bias = Spans.Bias(layer);
        string BiasAt(BiasSite site) => pass.Bias == site ? bias : "default";
        string weight = Spans.WeightOf(layer, pass.Weight);
        ProducerEmitter producer = ProducerEmitter.For(layer);
        bool fromZ = pass.Activation == ActivationSite.Activation;
        string z = ActivationEmitter.PreActivation(layer);
        if (pass.Bias == BiasSite.InferenceNorm)
        {
            BatchNormEmitter.EmitInferenceScaleShift(writer, layer);
            string target = fromZ ? z : output;
            producer.EmitForward(writer, new ProducerForward(layer, input, weight, "default", target, pass, fromZ ? ProducerTarget.PreActivation : ProducerTarget.Output));
            bool fused = pass.Activation == ActivationSite.Epilogue;
            string function = fused ? ActivationEmitter.Expression(layer.Activation) : $"default({Names.Runtime}.Identity)";
            string writes = fromZ ? "z = s·z + t in place, kept" : $"y = {DisplayNames.Activation(layer.Activation.Kind)}(s·z + t)";
            BatchNormEmitter.EmitApplyInference(writer, layer, function, target, writes);
            if (fromZ)
            {
                ActivationEmitter.EmitFromPreActivation(writer, layer, "default", output);
            }

            return;
        }

        if (pass.Normalizes)
        {
            string xHat = Spans.Batch(Names.NormalizedField(layer), layer.ProducerWidth);
            producer.EmitForward(writer, new ProducerForward(layer, input, weight, BiasAt(BiasSite.Producer), xHat, pass, ProducerTarget.Normalized));
            string activation = pass.Activation == ActivationSite.Norm ? ActivationEmitter.Expression(layer.Activation) : $"default({Names.Runtime}.Identity)";
            string writes = fromZ ? "n = γx̂ + β, kept" : $"y = {DisplayNames.Activation(layer.Activation.Kind)}(γx̂ + β)";
            NormEmitter.For(layer)!.EmitForward(writer, layer, BiasAt(BiasSite.Norm), activation, fromZ ? z : output, writes);
            if (fromZ)
            {
                ActivationEmitter.EmitFromPreActivation(writer, layer, "default", output);
            }

            return;
        }

        var step = new ProducerForward(layer, input, weight, BiasAt(BiasSite.Producer), fromZ ? z : output, pass, fromZ ? ProducerTarget.PreActivation : ProducerTarget.Output);
        producer.EmitForward(writer, step);
        if (pass.Bias == BiasSite.Epilogue || pass.Activation == ActivationSite.Epilogue)
        {
            ActivationEmitter.EmitEpilogue(writer, layer, BiasAt(BiasSite.Epilogue), output);
        }

        if (fromZ)
        {
            ActivationEmitter.EmitFromPreActivation(writer, layer, BiasAt(BiasSite.Activation), output);
        }
    }
}
