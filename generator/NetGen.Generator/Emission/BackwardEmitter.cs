using NetGen.Generator.Common;
using NetGen.Generator.Planning;

namespace NetGen.Generator.Emission;

/// <summary>
/// The backward pass in reverse network order. Per layer: activation backward in place, ∂L/∂W and ∂L/∂b, ∂L/∂x for the
/// layer below (with W before its update), then, when training, the layer's SGD update right away.
/// </summary>
internal static class BackwardEmitter
{
    public static void Emit(SourceWriter writer, NetworkPlan plan)
    {
        writer.Summary("Backpropagates ∂L/∂y of the last layer (already in gradient slot A) into <paramref name=\"gradients\"/>; with <paramref name=\"applyUpdates\"/> each layer is updated as soon as its gradients are complete.");
        using (writer.Block($"private void Backward({Names.ReadOnlySpan} inputs, int batch, {Names.Span} gradients, bool applyUpdates)"))
        {
            for (int i = plan.Layers.Count - 1; i >= 0; i--)
            {
                DenseLayerPlan layer = plan.Layers[i];
                DenseLayerPlan? below = i > 0 ? plan.Layers[i - 1] : null;
                EmitLayer(writer, layer, below);
                if (i > 0)
                {
                    writer.Line();
                }
            }
        }

        writer.Line();
        EmitUpdate(writer, plan.Optimizer);
    }

    private static void EmitLayer(SourceWriter writer, DenseLayerPlan layer, DenseLayerPlan? below)
    {
        string units = Literals.Int(layer.Units), inSize = Literals.Int(layer.InputSize);
        string dy = Names.GradientLocal(layer);
        string x = below is null ? "inputs" : $"{Names.OutputField(below)}.AsSpan(0, batch * {inSize})";
        string biasGradient = layer.UseBias ? $", ∂L/∂b[{units}]" : "";
        string inputGradient = below is null ? "" : $", ∂L/∂x[batch, {inSize}]";
        writer.Line($"// {layer.Name}: {layer.Description}    ∂L/∂y[batch, {units}] → ∂L/∂W[{units}, {inSize}]{biasGradient}{inputGradient}");
        writer.Line($"{Names.Span} {dy} = {Names.GradientField(layer.OutputGradientSlot)}.AsSpan(0, batch * {units});");
        if (layer.Activation.Kind != ActivationKind.Identity)
        {
            writer.Line($"{Names.Runtime}.Epilogue.ActivationBackward({Names.OutputField(layer)}.AsSpan(0, batch * {units}), {Names.Activation(layer.Activation)}, {dy}); // ∂L/∂z = ∂L/∂y ⊙ {Planner.ActivationName(layer.Activation.Kind)}'(z), read through y");
        }

        writer.Line($"{Names.Runtime}.Gemm.MultiplyTransposedA({dy}, {x}, {units}, {inSize}, batch, gradients.Slice({Names.WeightOffset(layer)}, {Literals.Int(layer.WeightLength)}), _scratch); // ∂L/∂W = (∂L/∂z)ᵀ·x");
        if (layer.UseBias)
        {
            writer.Line($"{Names.Runtime}.Epilogue.SumRows({dy}, batch, gradients.Slice({Names.BiasOffset(layer)}, {units})); // ∂L/∂b = Σ_batch ∂L/∂z");
        }

        if (below is not null)
        {
            string dx = $"{Names.GradientField(below.OutputGradientSlot)}.AsSpan(0, batch * {inSize})";
            writer.Line($"{Names.Runtime}.Gemm.Multiply({dy}, _parameters.AsSpan({Names.WeightOffset(layer)}, {Literals.Int(layer.WeightLength)}), batch, {inSize}, {units}, {dx}, _scratch); // ∂L/∂x = ∂L/∂z·W, before W is updated");
        }

        using (writer.Block("if (applyUpdates)"))
        {
            writer.Line($"UpdateParameters({Names.WeightOffset(layer)}, {Literals.Int(layer.ParameterCount)}, gradients); // SGD on {layer.Name}'s weight{(layer.UseBias ? " and bias" : "")}");
        }
    }

    private static void EmitUpdate(SourceWriter writer, OptimizerPlan sgd)
    {
        writer.Summary("One SGD step on parameters[offset, offset + length) from the matching slice of <paramref name=\"gradients\"/>.");
        using (writer.Block($"private void UpdateParameters(int offset, int length, {Names.ReadOnlySpan} gradients)"))
        {
            writer.Line($"var settings = new {Names.Runtime}.SgdSettings(_learningRate, Momentum: {Literals.FloatLiteral(sgd.Momentum)}, Dampening: {Literals.FloatLiteral(sgd.Dampening)}, WeightDecay: {Literals.FloatLiteral(sgd.WeightDecay)}, Nesterov: {(sgd.Nesterov ? "true" : "false")});");
            string velocity = sgd.HasVelocity ? "_velocity.AsSpan(offset, length)" : "default";
            writer.Line($"{Names.Runtime}.Sgd.Update(gradients.Slice(offset, length), settings, firstStep: _step == 0, _parameters.AsSpan(offset, length), {velocity});");
        }
    }
}
