using NetGen.Generator.Common;
using NetGen.Generator.Planning;

namespace NetGen.Generator.Emission;

/// <summary>The forward pass: per layer, one GEMM and one fused bias + activation pass, in network order.</summary>
internal static class ForwardEmitter
{
    public static void Emit(SourceWriter writer, NetworkPlan plan)
    {
        writer.Summary("Runs <paramref name=\"batch\"/> samples forward, in training mode (dropout on) or not; every layer's output stays in its buffer for the backward pass. Returns the last layer's output.");
        using (writer.Block($"private {Names.Span} Forward({Names.ReadOnlySpan} inputs, int batch, bool training)"))
        {
            string input = "inputs";
            foreach (DenseLayerPlan layer in plan.Layers)
            {
                EmitLayer(writer, layer, input);
                writer.Line();
                input = Names.OutputLocal(layer);
            }

            writer.Line($"return {input};");
        }
    }

    private static void EmitLayer(SourceWriter writer, DenseLayerPlan layer, string input)
    {
        string output = Names.OutputLocal(layer);
        if (layer.HasDropout)
        {
            EmitProducerAndActivation(writer, layer, input, output, Names.ActivatedField(layer));
            string mask = $"{Names.MaskField(layer)}.AsSpan(0, batch * {Literals.Int(layer.Units)})";
            using (writer.Block("if (training)"))
            {
                writer.Line($"_dropoutRandom.FillDropoutMask({mask}, probability: {Literals.FloatLiteral(layer.DropoutProbability)});");
                writer.Line($"{output} = {Names.OutputField(layer)}.AsSpan(0, batch * {Literals.Int(layer.Units)});");
                writer.Line($"{Names.Runtime}.Dropout.Forward({Names.ActivatedField(layer)}.AsSpan(0, batch * {Literals.Int(layer.Units)}), {mask}, {output}); // y = a ⊙ mask (inverted dropout)");
            }

            return;
        }

        EmitProducerAndActivation(writer, layer, input, output, Names.OutputField(layer));
    }

    /// <summary>GEMM and fused epilogue into <paramref name="field"/>, declaring <paramref name="output"/> over it.</summary>
    private static void EmitProducerAndActivation(SourceWriter writer, DenseLayerPlan layer, string input, string output, string field)
    {
        string units = Literals.Int(layer.Units), inSize = Literals.Int(layer.InputSize), width = Literals.Int(layer.ProducerWidth);
        string weight = $"_parameters.AsSpan({Names.WeightOffset(layer)}, {Literals.Int(layer.WeightLength)})";
        string bias = layer.UseBias ? $"_parameters.AsSpan({Names.BiasOffset(layer)}, {width})" : "default";
        ActivationPlan activation = layer.Activation;
        string name = Planner.ActivationName(activation.Kind);
        writer.Line($"// {layer.Name}: {layer.Description}    x[batch, {inSize}] → y[batch, {units}]");
        writer.Line($"{Names.Span} {output} = {field}.AsSpan(0, batch * {units});");
        if (!activation.KeepsPreActivation)
        {
            writer.Line($"{Names.Runtime}.Gemm.MultiplyTransposedB({input}, {weight}, batch, {units}, {inSize}, {output}, _scratch); // z = x·Wᵀ");
            if (layer.UseBias)
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
        writer.Line($"{Names.Runtime}.Gemm.MultiplyTransposedB({input}, {weight}, batch, {width}, {inSize}, {z}, _scratch); // z = x·Wᵀ, kept");
        writer.Line(activation.Kind switch
        {
            ActivationKind.PRelu => $"{Names.Runtime}.PRelu.Forward({bias}, _parameters.AsSpan({Names.SlopesOffset(layer)}, {units}), batch, {z}, {output}); // z += b; y = PReLU(z) with learned slopes",
            ActivationKind.Maxout => $"{Names.Runtime}.Maxout.Forward({bias}, pieces: {Literals.Int(activation.Pieces)}, batch, {z}, {output}, {Names.WinnersField(layer)}); // z += b; y = max of each {Literals.Int(activation.Pieces)} pieces",
            _ => $"{Names.Runtime}.Epilogue.BiasActivation({bias}, {Names.Activation(activation)}, batch, {z}, {output}); // z += b; y = {name}(z)",
        });
    }
}
