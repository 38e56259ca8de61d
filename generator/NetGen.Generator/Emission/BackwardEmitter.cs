using NetGen.Generator.Common;
using NetGen.Generator.Parsing;
using NetGen.Generator.Planning;

namespace NetGen.Generator.Emission;

/// <summary>
/// The backward pass in reverse network order. Per layer: activation backward in place, ∂L/∂W and ∂L/∂b, ∂L/∂x for the
/// layer below (with W before its update), then, when training, the layer's optimizer update right away, or, when
/// clipping by norm, the layer's squared gradient norm while its gradient is still in cache.
/// </summary>
internal static class BackwardEmitter
{
    public static void Emit(SourceWriter writer, NetworkPlan plan)
    {
        bool deferred = plan.Optimizer.ClipsByNorm;
        if (deferred)
        {
            writer.Summary("Backpropagates ∂L/∂y of the last layer (already in gradient slot A) into <paramref name=\"gradients\"/> and returns ‖∂L/∂θ‖² for clip-by-norm; updates wait until every gradient is known.");
        }
        else
        {
            writer.Summary("Backpropagates ∂L/∂y of the last layer (already in gradient slot A) into <paramref name=\"gradients\"/>; with <paramref name=\"applyUpdates\"/> each layer is updated as soon as its gradients are complete.");
        }

        string signature = deferred
            ? $"private double Backward({Names.ReadOnlySpan} inputs, int batch, {Names.Span} gradients)"
            : $"private void Backward({Names.ReadOnlySpan} inputs, int batch, {Names.Span} gradients, bool applyUpdates)";
        using (writer.Block(signature))
        {
            if (deferred)
            {
                writer.Line("double squaredNorm = 0;");
            }

            for (int i = plan.Layers.Count - 1; i >= 0; i--)
            {
                LayerPlan layer = plan.Layers[i];
                LayerPlan? below = i > 0 ? plan.Layers[i - 1] : null;
                if (layer.HasWeights)
                {
                    EmitLayer(writer, plan, layer, below, deferred);
                }
                else
                {
                    EmitShapeLayer(writer, layer, below);
                }
                if (i > 0)
                {
                    writer.Line();
                }
            }

            if (deferred)
            {
                writer.Line();
                writer.Line("return squaredNorm;");
            }
        }
    }

    /// <summary>Pooling routes ∂L/∂y back through its windows; Flatten passes it on unchanged.</summary>
    private static void EmitShapeLayer(SourceWriter writer, LayerPlan layer, LayerPlan? below)
    {
        string units = Literals.Int(layer.Units), inSize = Literals.Int(layer.InputSize);
        writer.Line($"// {layer.Name}: {layer.Description}    ∂L/∂y[batch, {units}] → ∂L/∂x[batch, {inSize}]");
        if (below is null)
        {
            writer.Line("// the first layer: no input gradient is needed");
            return;
        }

        string dy = $"{Names.GradientField(layer.OutputGradientSlot)}.AsSpan(0, batch * {units})";
        string dx = $"{Names.GradientField(below.OutputGradientSlot)}.AsSpan(0, batch * {inSize})";
        writer.Line(layer.Kind switch
        {
            OpKind.MaxPool => $"{Names.Runtime}.Pooling.MaxBackward({dy}, {Names.WinnersField(layer)}, {Names.WindowField(layer)}, batch, {dx}); // each ∂L/∂y to its window's winner",
            OpKind.AvgPool => $"{Names.Runtime}.Pooling.AverageBackward({dy}, {Names.WindowField(layer)}, batch, {dx}); // each ∂L/∂y spread over its window",
            _ => $"{dy}.CopyTo({dx}); // the same values, reshaped",
        });
    }

    private static void EmitLayer(SourceWriter writer, NetworkPlan plan, LayerPlan layer, LayerPlan? below, bool deferred)
    {
        string units = Literals.Int(layer.Units), inSize = Literals.Int(layer.InputSize), width = Literals.Int(layer.ProducerWidth);
        string dy = Names.GradientLocal(layer);
        string x = Names.InputOf(plan, layer);
        string rows = Literals.Int(layer.WeightRows);
        string biasGradient = layer.UseBias ? $", ∂L/∂b[{rows}]" : "";
        string inputGradient = below is null ? "" : $", ∂L/∂x[batch, {inSize}]";
        ActivationPlan activation = layer.Activation;
        string name = Planner.ActivationName(activation.Kind);
        writer.Line($"// {layer.Name}: {layer.Description}    ∂L/∂y[batch, {units}] → ∂L/∂W{Names.WeightShapeText(layer)}{biasGradient}{inputGradient}");
        writer.Line($"{Names.Span} {dy} = {Names.GradientField(layer.OutputGradientSlot)}.AsSpan(0, batch * {units});");
        if (layer.HasDropout)
        {
            writer.Line($"{Names.Runtime}.Dropout.Backward({Names.MaskField(layer)}.AsSpan(0, batch * {units}), {dy}); // ∂L/∂a = ∂L/∂y ⊙ mask");
        }

        string z = $"{Names.PreActivationField(layer)}.AsSpan(0, batch * {width})";
        string dz = dy;

        // A direct convolution without a norm takes ∂L/∂y and y and forms ∂L/∂z as it lays ∂y out (no pass of its own).
        bool fusedIntoConvolution = layer.Kind == OpKind.Conv2D && Names.FusesConvActivation(layer) && layer.Norm is null or { IsWeightNorm: true };
        switch (activation.Kind)
        {
            case ActivationKind.Identity:
                break;
            case ActivationKind.PRelu:
                string slopes = Literals.Int(layer.SlopesLength);
                writer.Line($"{Names.Runtime}.PRelu.Backward({z}, _parameters.AsSpan({Names.SlopesOffset(layer)}, {slopes}), batch, positions: {Literals.Int(layer.Positions)}, {dy}, gradients.Slice({Names.SlopesOffset(layer)}, {slopes})); // ∂L/∂z and ∂L/∂slopes");
                break;
            case ActivationKind.Maxout:
                dz = $"d{layer.Name}PreActivation";
                writer.Line($"{Names.Span} {dz} = {z}; // z is spent: its buffer now receives ∂L/∂z");
                writer.Line($"{Names.Runtime}.Maxout.Backward({dy}, {Names.WinnersField(layer)}, pieces: {Literals.Int(activation.Pieces)}, positions: {Literals.Int(layer.Positions)}, {dz}); // ∂L/∂z = ∂L/∂y at each winning piece, 0 elsewhere");
                break;
            case var _ when fusedIntoConvolution:
                break;
            default:
                string through = activation.KeepsPreActivation ? z : $"{Names.ActivatedField(layer)}.AsSpan(0, batch * {units})";
                writer.Line($"{Names.Runtime}.Epilogue.ActivationBackward({through}, {Names.Activation(activation)}, {dy}); // ∂L/∂z = ∂L/∂y ⊙ {name}'(z), read through {(activation.KeepsPreActivation ? "z" : "y")}");
                break;
        }

        string gamma = Literals.Int(layer.NormLength), beta = Literals.Int(layer.BetaLength);
        if (layer.Norm is { IsGrouped: true })
        {
            string groups = Literals.Int(layer.Norm.Groups);
            writer.Line($"{Names.Runtime}.GroupNorm.Backward({Names.NormalizedField(layer)}.AsSpan(0, batch * {width}), _parameters.AsSpan({Names.GammaOffset(layer)}, {gamma}), {Names.InverseStdField(layer)}.AsSpan(0, batch * {groups}), groups: {groups}, batch, positions: {Literals.Int(layer.Positions)}, {dz}, gradients.Slice({Names.GammaOffset(layer)}, {gamma}), gradients.Slice({Names.BetaOffset(layer)}, {beta})); // ∂L/∂n → ∂L/∂z, ∂L/∂γ, ∂L/∂β");
        }
        else if (layer.Norm is { IsWeightNorm: false } norm)
        {
            string kind = norm.IsBatchNorm ? "BatchNorm" : "LayerNorm";
            string inverseStd = norm.IsBatchNorm ? Names.InverseStdField(layer) : $"{Names.InverseStdField(layer)}.AsSpan(0, batch)";
            writer.Line($"{Names.Runtime}.{kind}.Backward({Names.NormalizedField(layer)}.AsSpan(0, batch * {width}), _parameters.AsSpan({Names.GammaOffset(layer)}, {gamma}), {inverseStd}, batch, {(norm.IsBatchNorm ? $"positions: {Literals.Int(layer.Positions)}, " : "")}{dz}, gradients.Slice({Names.GammaOffset(layer)}, {gamma}), gradients.Slice({Names.BetaOffset(layer)}, {beta})); // ∂L/∂n → ∂L/∂z, ∂L/∂γ, ∂L/∂β");
        }

        if (layer.Kind == OpKind.Conv2D)
        {
            string dxConv = below is null ? "default" : $"{Names.GradientField(below.OutputGradientSlot)}.AsSpan(0, batch * {inSize})";
            string dBias = layer.UseBias ? $"gradients.Slice({Names.BiasOffset(layer)}, {rows})" : "default";
            string? fused = fusedIntoConvolution ? $"{Names.Activation(activation)}, {Names.ActivatedField(layer)}.AsSpan(0, batch * {units})" : null;
            string what = fusedIntoConvolution ? $"∂L/∂z = ∂L/∂y ⊙ {name}'(y) as ∂y is laid out, then ∂L/∂W, ∂L/∂b and ∂L/∂x" : $"∂L/∂W, ∂L/∂b and ∂L/∂x{(layer.Window!.Lowering == ConvLowering.Im2Col ? " (col2im)" : "")}";
            writer.Line($"{Names.ConvBackwardCall(layer, x, Names.ProducerWeight(layer), dz, $"gradients.Slice({Names.WeightOffset(layer)}, {Literals.Int(layer.WeightLength)})", dBias, dxConv, fused)} // {what}, before W is updated");
            EmitWeightNormBackward(writer, layer);
            EmitUpdate(writer, layer, deferred);
            return;
        }

        writer.Line($"{Names.Runtime}.Gemm.MultiplyTransposedA({dz}, {x}, {width}, {inSize}, batch, gradients.Slice({Names.WeightOffset(layer)}, {Literals.Int(layer.WeightLength)}), _scratch); // ∂L/∂W = (∂L/∂z)ᵀ·x");
        if (layer.UseBias)
        {
            writer.Line($"{Names.Runtime}.Epilogue.SumRows({dz}, batch, gradients.Slice({Names.BiasOffset(layer)}, {width})); // ∂L/∂b = Σ_batch ∂L/∂z");
        }

        if (below is not null)
        {
            string dx = $"{Names.GradientField(below.OutputGradientSlot)}.AsSpan(0, batch * {inSize})";
            writer.Line($"{Names.Runtime}.Gemm.Multiply({dz}, {Names.ProducerWeight(layer)}, batch, {inSize}, {width}, {dx}, _scratch); // ∂L/∂x = ∂L/∂z·W, before W is updated");
        }

        EmitWeightNormBackward(writer, layer);
        EmitUpdate(writer, layer, deferred);
    }

    /// <summary>WeightNorm turns the ∂L/∂w just computed into ∂L/∂v (in place) and ∂L/∂g.</summary>
    private static void EmitWeightNormBackward(SourceWriter writer, LayerPlan layer)
    {
        if (layer.Norm is not { IsWeightNorm: true })
        {
            return;
        }

        string weight = Literals.Int(layer.WeightLength), lengths = Literals.Int(layer.NormLength);
        writer.Line($"{Names.Runtime}.WeightNorm.Backward(_parameters.AsSpan({Names.WeightOffset(layer)}, {weight}), _parameters.AsSpan({Names.GammaOffset(layer)}, {lengths}), {Names.DirectionNormsField(layer)}, gradients.Slice({Names.WeightOffset(layer)}, {weight}), gradients.Slice({Names.GammaOffset(layer)}, {lengths})); // ∂L/∂w → ∂L/∂v in place, ∂L/∂g");
    }

    private static void EmitUpdate(SourceWriter writer, LayerPlan layer, bool deferred)
    {
        if (deferred)
        {
            writer.Line($"squaredNorm += {OptimizerEmitter.LayerSquaredNormCall(layer)} // while {layer.Name}'s gradient is still in cache");
            return;
        }

        using (writer.Block("if (applyUpdates)"))
        {
            writer.Line($"{OptimizerEmitter.UpdateLayerCall(layer, "scale: 1f")} // {layer.Name}'s parameters, before backpropagating further");
        }
    }
}
