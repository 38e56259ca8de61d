using NetGen.Generator.Common;
using NetGen.Generator.Parsing;
using NetGen.Generator.Planning;

namespace NetGen.Generator.Emission;

/// <summary>
/// The forward pass: per layer one GEMM and one fused epilogue (bias + activation; with a norm, the norm's two passes
/// with the activation fused into the second), then dropout in training, in network order. In inference, BatchNorm
/// layers run on their folded weight and bias, exactly like a layer without a norm.
/// </summary>
internal static class ForwardEmitter
{
    public static void Emit(SourceWriter writer, NetworkPlan plan)
    {
        writer.Summary("Runs <paramref name=\"batch\"/> samples forward, in training mode (batch statistics, dropout) or inference mode; every layer's output stays in its buffer for the backward pass. Returns the last layer's output.");
        using (writer.Block($"private {Names.Span} Forward({Names.ReadOnlySpan} inputs, int batch, bool training)"))
        {
            if (Names.HasInferenceWeights(plan))
            {
                using (writer.Block("if (!training)"))
                {
                    writer.Line("EnsureFolded();");
                }

                writer.Line();
            }

            string input = "inputs";
            foreach (LayerPlan layer in plan.Layers)
            {
                if (layer.Kind == OpKind.Flatten)
                {
                    writer.Line($"// {layer.Name}: Flatten    [{ShapeText(plan, layer)}] → [{Literals.Int(layer.Units)}], the same values");
                    writer.Line($"{Names.ReadOnlySpan} {Names.OutputLocal(layer)} = {input};");
                }
                else if (layer.Kind is OpKind.MaxPool or OpKind.AvgPool)
                {
                    EmitPooling(writer, layer, input);
                }
                else
                {
                    EmitLayer(writer, layer, input);
                }

                writer.Line();
                input = Names.OutputLocal(layer);
            }

            writer.Line($"return {input};");
        }
    }

    private static string ShapeText(NetworkPlan plan, LayerPlan layer) =>
        layer.Index > 0 && plan.Layers[layer.Index - 1].Window is { } w ? $"{Literals.Int(w.Filters)}, {Literals.Int(w.OutHeight)}, {Literals.Int(w.OutWidth)}" : Literals.Int(layer.InputSize);

    private static void EmitPooling(SourceWriter writer, LayerPlan layer, string input)
    {
        WindowPlan w = layer.Window!;
        string output = Names.OutputLocal(layer);
        writer.Line($"// {layer.Name}: {layer.Description}    x[batch, {Literals.Int(w.Channels)}, {Literals.Int(w.Height)}, {Literals.Int(w.Width)}] → y[batch, {Literals.Int(w.Filters)}, {Literals.Int(w.OutHeight)}, {Literals.Int(w.OutWidth)}]");
        writer.Line($"{Names.Span} {output} = {Names.OutputField(layer)}.AsSpan(0, batch * {Literals.Int(layer.Units)});");
        writer.Line(layer.Kind == OpKind.MaxPool
            ? $"{Names.Runtime}.Pooling.MaxForward({input}, {Names.WindowField(layer)}, batch, {output}, {Names.WinnersField(layer)}); // window maxima, winners kept for backward"
            : $"{Names.Runtime}.Pooling.AverageForward({input}, {Names.WindowField(layer)}, batch, {output}); // window means");
    }

    private static void EmitLayer(SourceWriter writer, LayerPlan layer, string input)
    {
        string units = Literals.Int(layer.Units), inSize = Literals.Int(layer.InputSize), width = Literals.Int(layer.ProducerWidth);
        string output = Names.OutputLocal(layer);
        writer.Line($"// {layer.Name}: {layer.Description}    x[batch, {inSize}] → y[batch, {units}]");
        writer.Line($"{Names.Span} {output} = {Names.ActivatedField(layer)}.AsSpan(0, batch * {units});");
        string weight = Names.ProducerWeight(layer);
        string bias = layer.UseBias ? $"_parameters.AsSpan({Names.BiasOffset(layer)}, {Literals.Int(layer.WeightRows)})" : "default";
        if (layer.Norm is { IsBatchNorm: true })
        {
            using (writer.Block("if (training)"))
            {
                EmitNormTraining(writer, layer, input, output, weight, bias);
            }

            using (writer.Block("else"))
            {
                EmitProducer(writer, layer, input, output, Names.FoldedWeightField(layer), Names.FoldedBiasField(layer), hasBias: true, "x·W'ᵀ with BatchNorm folded in (W' = s·W, b' = (b − μ)·s + β)");
            }
        }
        else if (layer.Norm is { IsWeightNorm: true })
        {
            using (writer.Block("if (training)"))
            {
                writer.Line(Names.ComposeWeightNorm(layer) + " from this step's v and g (Predict's is rebuilt by EnsureFolded)");
            }

            EmitProducer(writer, layer, input, output, weight, bias, layer.UseBias, "x·Wᵀ");
        }
        else if (layer.Norm is not null)
        {
            EmitNormTraining(writer, layer, input, output, weight, bias);
        }
        else
        {
            EmitProducer(writer, layer, input, output, weight, bias, layer.UseBias, "x·Wᵀ");
        }

        if (layer.HasDropout)
        {
            string mask = $"{Names.MaskField(layer)}.AsSpan(0, batch * {units})";
            using (writer.Block("if (training)"))
            {
                writer.Line($"_dropoutRandom.FillDropoutMask({mask}, probability: {Literals.FloatLiteral(layer.DropoutProbability)});");
                writer.Line($"{output} = {Names.OutputField(layer)}.AsSpan(0, batch * {units});");
                writer.Line($"{Names.Runtime}.Dropout.Forward({Names.ActivatedField(layer)}.AsSpan(0, batch * {units}), {mask}, {output}); // y = a ⊙ mask (inverted dropout)");
            }
        }
    }

    /// <summary>z = x·Wᵀ, then bias + activation in one pass (into the kept pre-activation when backward needs it).</summary>
    private static void EmitProducer(SourceWriter writer, LayerPlan layer, string input, string output, string weight, string bias, bool hasBias, string what)
    {
        string units = Literals.Int(layer.Units), inSize = Literals.Int(layer.InputSize), width = Literals.Int(layer.ProducerWidth);
        ActivationPlan activation = layer.Activation;
        string name = Planner.ActivationName(activation.Kind);
        if (layer.Kind == OpKind.Conv2D)
        {
            string target = activation.KeepsPreActivation ? $"{Names.PreActivationField(layer)}.AsSpan(0, batch * {width})" : output;
            if (Names.FusesConvActivation(layer))
            {
                writer.Line($"{Names.ConvForwardCall(layer, input, weight, hasBias ? bias : "default", output, Names.Activation(activation))} // y = {name}(conv(x, W) + b) by {Names.ConvLoweringNote(layer)}, activated as written");
                return;
            }

            writer.Line($"{Names.ConvForwardCall(layer, input, weight, hasBias ? bias : "default", target)} // z = conv(x, W) + b by {Names.ConvLoweringNote(layer)}");
            if (activation.KeepsPreActivation)
            {
                EmitActivationFromPre(writer, layer, target, output, "default");
            }
            else if (activation.Kind != ActivationKind.Identity)
            {
                writer.Line($"{Names.Runtime}.Epilogue.Activation({Names.Activation(activation)}, {output}); // y = {name}(z)");
            }

            return;
        }

        if (!activation.KeepsPreActivation)
        {
            writer.Line($"{Names.Runtime}.Gemm.MultiplyTransposedB({input}, {weight}, batch, {units}, {inSize}, {output}, _scratch); // z = {what}");
            if (hasBias)
            {
                writer.Line($"{Names.Runtime}.Epilogue.BiasActivation({bias}, {Names.Activation(activation)}, batch, {output}); // y = {name}(z + b)");
            }
            else if (activation.Kind != ActivationKind.Identity)
            {
                writer.Line($"{Names.Runtime}.Epilogue.Activation({Names.Activation(activation)}, {output}); // y = {name}(z)");
            }

            return;
        }

        string z = $"{Names.PreActivationField(layer)}.AsSpan(0, batch * {width})";
        writer.Line($"{Names.Runtime}.Gemm.MultiplyTransposedB({input}, {weight}, batch, {width}, {inSize}, {z}, _scratch); // z = {what}, kept");
        EmitActivationFromPre(writer, layer, z, output, hasBias ? bias : "default");
    }

    /// <summary>The norm's training path: z = x·Wᵀ into the x̂ buffer, statistics, then normalize + affine + activation.</summary>
    private static void EmitNormTraining(SourceWriter writer, LayerPlan layer, string input, string output, string weight, string bias)
    {
        NormPlan norm = layer.Norm!;
        string inSize = Literals.Int(layer.InputSize), width = Literals.Int(layer.ProducerWidth);
        ActivationPlan activation = layer.Activation;
        string xHat = $"{Names.NormalizedField(layer)}.AsSpan(0, batch * {width})";
        string gamma = $"_parameters.AsSpan({Names.GammaOffset(layer)}, {Literals.Int(layer.NormLength)})", beta = $"_parameters.AsSpan({Names.BetaOffset(layer)}, {Literals.Int(layer.BetaLength)})";
        // LayerNorm after Conv2D normalizes [C, H, W] with an affine per value, so the per-channel bias goes in with the convolution.
        bool biasInConvolution = layer.Kind == OpKind.Conv2D && norm.Kind == OpKind.LayerNorm;
        string target = activation.KeepsPreActivation ? $"{Names.PreActivationField(layer)}.AsSpan(0, batch * {width})" : output;
        string fused = activation.KeepsPreActivation ? $"default({Names.Runtime}.Identity)" : Names.Activation(activation);
        string after = activation.KeepsPreActivation ? "n = γx̂ + β, kept" : $"y = {Planner.ActivationName(activation.Kind)}(γx̂ + β)";
        writer.Line(layer.Kind == OpKind.Conv2D
            ? $"{Names.ConvForwardCall(layer, input, weight, biasInConvolution ? bias : "default", xHat)} // z = conv(x, W){(biasInConvolution ? " + b" : "")}, normalized in place next"
            : $"{Names.Runtime}.Gemm.MultiplyTransposedB({input}, {weight}, batch, {width}, {inSize}, {xHat}, _scratch); // z = x·Wᵀ, normalized in place next");
        if (norm.IsGrouped)
        {
            writer.Line($"{Names.Runtime}.GroupNorm.Forward({bias}, {gamma}, {beta}, groups: {Literals.Int(norm.Groups)}, epsilon: {Literals.FloatLiteral(norm.Epsilon)}, {fused}, batch, positions: {Literals.Int(layer.Positions)}, {xHat}, {Names.InverseStdField(layer)}.AsSpan(0, batch * {Literals.Int(norm.Groups)}), {target}); // per-sample group statistics; {after}");
        }
        else
        {
            writer.Line(norm.IsBatchNorm
                ? $"{Names.Runtime}.BatchNorm.ForwardTraining({bias}, {gamma}, {beta}, momentum: {Literals.FloatLiteral(norm.Momentum)}, epsilon: {Literals.FloatLiteral(norm.Epsilon)}, {fused}, batch, positions: {Literals.Int(layer.Positions)}, {xHat}, {Names.InverseStdField(layer)}, {Names.RunningMeanField(layer)}, {Names.RunningVarianceField(layer)}, {target}); // batch statistics; {after}"
                : $"{Names.Runtime}.LayerNorm.Forward({(biasInConvolution ? "default" : bias)}, {gamma}, {beta}, epsilon: {Literals.FloatLiteral(norm.Epsilon)}, {fused}, batch, {xHat}, {Names.InverseStdField(layer)}.AsSpan(0, batch), {target}); // per-sample statistics; {after}");
        }

        if (activation.KeepsPreActivation)
        {
            EmitActivationFromPre(writer, layer, target, output, "default");
        }
    }

    /// <summary>y from the kept pre-activation z: GELU/SiLU, PReLU with its slopes, or Maxout with its winners.</summary>
    private static void EmitActivationFromPre(SourceWriter writer, LayerPlan layer, string z, string output, string bias)
    {
        ActivationPlan activation = layer.Activation;
        string plus = bias == "default" ? "" : "z += b; ";
        writer.Line(activation.Kind switch
        {
            ActivationKind.PRelu => $"{Names.Runtime}.PRelu.Forward({bias}, _parameters.AsSpan({Names.SlopesOffset(layer)}, {Literals.Int(layer.SlopesLength)}), batch, positions: {Literals.Int(layer.Positions)}, {z}, {output}); // {plus}y = PReLU(z) with a learned slope per {(layer.Kind == OpKind.Conv2D ? "channel" : "unit")}",
            ActivationKind.Maxout => $"{Names.Runtime}.Maxout.Forward({bias}, pieces: {Literals.Int(activation.Pieces)}, batch, positions: {Literals.Int(layer.Positions)}, {z}, {output}, {Names.WinnersField(layer)}); // {plus}y = max of each {Literals.Int(activation.Pieces)} {(layer.Kind == OpKind.Conv2D ? "channel planes" : "pieces")}",
            _ => $"{Names.Runtime}.Epilogue.BiasActivation({bias}, {Names.Activation(activation)}, batch, {z}, {output}); // {plus}y = {Planner.ActivationName(activation.Kind)}(z)",
        });
    }
}
