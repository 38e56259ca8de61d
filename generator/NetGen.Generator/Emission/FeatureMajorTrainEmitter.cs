using NetGen.Generator.Common;
using NetGen.Generator.Emission.Layers;
using NetGen.Generator.Parsing;
using NetGen.Generator.Planning;

namespace NetGen.Generator.Emission;

/// <summary>
/// The feature-major training step for the networks <see cref="FeatureMajorRule.TrainApplies"/> admits, used by TrainStep
/// and ComputeGradients (on labels, and on targets under mean squared error) when <c>FeatureMajor.Pays(batch)</c>
/// (samples in ¾ of the padded lanes). Forward (<c>ForwardFeatureMajor</c>), as Predict's (<see cref="FeatureMajorEmitter"/>):
/// the inputs transposed once, each Dense layer one FeatureMajorDense call, a hidden layer's yᵀ kept for its derivative
/// and transposed back into its batch-major output buffer (the x of the next layer's ∂L/∂W). The loss
/// (<c>TrainingLossFeatureMajor</c>, one per kind of answers) runs down the lanes and writes ∂L/∂yᵀ. Backward, last
/// layer first: the last layer's activation derivative element-wise, ∂L/∂W from ∂L/∂zᵀ and the batch-major x with ∂L/∂b
/// in the same pass, ∂L/∂zᵀ of the layer below with its activation's derivative fused (W before its update), then the
/// layer's update, as the batch-major Backward orders them. The two gradient buffers alternate as gradient slots A and B do.
/// </summary>
internal static class FeatureMajorTrainEmitter
{
    public const string ForwardMethod = "TrainingLossFeatureMajor";

    public const string ChainMethod = "ForwardFeatureMajor";

    public const string BackwardMethod = "BackwardFeatureMajor";

    private static string GradientBuffer(int slot) => slot == 0 ? "_featureMajorGradientA" : "_featureMajorGradientB";

    /// <summary>The targets transposed to tᵀ[OutputSize, lanes] for a feature-major squared error.</summary>
    private const string TargetsBuffer = "_featureMajorTargets";

    /// <summary>A hidden layer's kept yᵀ[units, lanes].</summary>
    private static string KeptOutput(LayerPlan layer) => Names.OutputField(layer) + "T";

    private static bool IsLast(NetworkPlan plan, LayerPlan layer) => layer.Index == plan.Layers.Count - 1;

    /// <summary>Layer <paramref name="layer"/>'s ∂L/∂zᵀ: the last layer's in buffer A, alternating downwards.</summary>
    private static string Gradient(NetworkPlan plan, LayerPlan layer) => GradientBuffer((plan.Layers.Count - 1 - layer.Index) % 2);

    public static void EmitFields(SourceWriter writer, NetworkPlan plan)
    {
        writer.Line();
        writer.Line("// The feature-major training step's ∂L/∂zᵀ[units, lanes] (layers alternate) and each hidden layer's kept yᵀ[units, lanes].");
        string lanes = $"{Names.Runtime}.FeatureMajor.Lanes(BatchSize)";
        string gradientLength = $"{Literals.Int(FeatureMajorRule.MaxUnits(plan))} * {lanes}";
        FieldsEmitter.AlignedBuffer(writer, GradientBuffer(0), gradientLength);
        FieldsEmitter.AlignedBuffer(writer, GradientBuffer(1), gradientLength);
        foreach (LayerPlan layer in plan.Layers)
        {
            if (!IsLast(plan, layer))
            {
                FieldsEmitter.AlignedBuffer(writer, KeptOutput(layer), $"{Literals.Int(layer.Units)} * {lanes}");
            }
        }

        if (Takes(plan, "targets"))
        {
            writer.Line("// A targets step's tᵀ[OutputSize, lanes].");
            FieldsEmitter.AlignedBuffer(writer, TargetsBuffer, $"OutputSize * {lanes}");
        }
    }

    /// <summary>The training forward and loss on these answers, returning the mean loss with ∂L/∂yᵀ of the last layer in buffer A.</summary>
    public static string ForwardCall(string answers) => $"{ForwardMethod}(inputs, {answers}, batch)";

    /// <summary>The answers whose loss runs feature-major: labels always; targets but for softmax cross-entropy's.</summary>
    public static bool Takes(NetworkPlan plan, string answers) =>
        FeatureMajorRule.TrainApplies(plan) && (answers == "labels" || plan.Loss.Kind != LossKind.SoftmaxCrossEntropy);

    /// <summary>The backward call, as the batch-major <c>Backward(inputs, batch, gradients, applyUpdates)</c>.</summary>
    public static string BackwardCall(string gradients, bool applyUpdates) =>
        $"{BackwardMethod}(inputs, batch, {gradients}, applyUpdates: {(applyUpdates ? "true" : "false")});";

    public static void EmitMethods(SourceWriter writer, NetworkPlan plan)
    {
        EmitChain(writer, plan);
        EmitLoss(writer, plan, labels: true);
        if (Takes(plan, "targets"))
        {
            EmitLoss(writer, plan, labels: false);
        }

        EmitBackward(writer, plan);
    }

    private static void EmitChain(SourceWriter writer, NetworkPlan plan)
    {
        writer.Summary($"The training forward pass held feature-major: xᵀ[{Literals.Int(plan.InputSize)}, lanes] from inputs[batch, InputSize], every layer vectorized over the batch, each hidden yᵀ kept (and its y[batch, units] for the next ∂L/∂W). Returns the last layer's yᵀ[OutputSize, lanes].");
        using (writer.Method($"private {Names.Span} {ChainMethod}", $"{Names.ReadOnlySpan} inputs", "int batch"))
        {
            string current = FeatureMajorEmitter.EmitInputs(writer, plan);
            foreach (LayerPlan layer in plan.Layers)
            {
                bool last = IsLast(plan, layer);
                current = FeatureMajorEmitter.EmitLayer(writer, layer, last ? FeatureMajorEmitter.Buffer(1) : KeptOutput(layer), current, kept: !last);
                if (!last)
                {
                    writer.Call(
                        new Call(
                            $"{Names.Runtime}.FeatureMajor.Untranspose",
                            Arg.Of("transposed", current),
                            Arg.Of("features", Literals.Int(layer.Units)),
                            Arg.Of("lanes", "lanes"),
                            Arg.Of("batch", "batch"),
                            Arg.Of("y", Spans.Batch(Names.OutputField(layer), layer.Units))),
                        $"y[batch, {Literals.Int(layer.Units)}] batch-major again: the x of the next layer's ∂L/∂W");
                }
            }

            writer.Line($"return {current};");
        }

        writer.Line();
    }

    /// <summary>The loss on labels or on targets, down the lanes of the chain's output, writing ∂L/∂yᵀ into buffer A.</summary>
    private static void EmitLoss(SourceWriter writer, NetworkPlan plan, bool labels)
    {
        string answers = labels ? "labels" : "targets";
        (string what, string kernel) = plan.Loss.Kind switch
        {
            LossKind.SoftmaxCrossEntropy => ("softmax cross-entropy", "FeatureMajorCrossEntropy"),
            LossKind.BinaryCrossEntropy => ("binary cross-entropy on logits", "FeatureMajorBinaryCrossEntropy"),
            _ => ("squared error", "FeatureMajorMeanSquaredError"),
        };
        writer.Summary($"The training forward pass and mean {what} against {(labels ? "labels[batch]" : "targets[batch, OutputSize]")}, held feature-major; writes ∂L/∂yᵀ of the last layer into {GradientBuffer(0)}.");
        using (writer.Method($"private float {ForwardMethod}", $"{Names.ReadOnlySpan} inputs", $"{(labels ? Names.LabelSpan : Names.ReadOnlySpan)} {answers}", "int batch"))
        {
            writer.Line($"int lanes = {Names.Runtime}.FeatureMajor.Lanes(batch);");
            writer.Line($"{Names.Span} outputsT = {ChainMethod}(inputs, batch);");
            string gradient = $"{GradientBuffer(0)}.AsSpan(0, OutputSize * lanes)";
            Call loss;
            string comment;
            if (plan.Loss.Kind == LossKind.SoftmaxCrossEntropy)
            {
                loss = new Call(
                    $"{Names.Runtime}.{kernel}.Forward",
                    Arg.Of("logits", "outputsT"),
                    Arg.Of("labels", "labels"),
                    Arg.Of("classes", "OutputSize"),
                    Arg.Of("lanes", "lanes"),
                    Arg.Of("labelSmoothing", SpecText.FloatLiteral(plan.Loss.LabelSmoothing)),
                    Arg.Of("dLogits", gradient));
                comment = "softmax cross-entropy down each lane's classes, ∂L/∂zᵀ with it";
            }
            else if (labels)
            {
                string outputs = plan.Loss.Kind == LossKind.BinaryCrossEntropy ? "logits" : "outputs";
                loss = new Call(
                    $"{Names.Runtime}.{kernel}.Forward",
                    Arg.Of(outputs, "outputsT"),
                    Arg.Of("labels", "labels"),
                    Arg.Of(plan.Loss.Kind == LossKind.BinaryCrossEntropy ? "outputCount" : "classes", "OutputSize"),
                    Arg.Of("lanes", "lanes"),
                    Arg.Of(outputs == "logits" ? "dLogits" : "dOutputs", gradient));
                comment = $"{what} against each lane's label, ∂L/∂yᵀ with it";
            }
            else
            {
                writer.Line($"{Names.Span} targetsT = {TargetsBuffer}.AsSpan(0, OutputSize * lanes);");
                writer.Line($"{Names.Runtime}.FeatureMajor.Transpose(targets, batch, OutputSize, lanes, targetsT); // tᵀ[OutputSize, lanes]");
                string outputs = plan.Loss.Kind == LossKind.BinaryCrossEntropy ? "logits" : "outputs";
                loss = new Call(
                    $"{Names.Runtime}.{kernel}.Forward",
                    Arg.Of(outputs, "outputsT"),
                    Arg.Of("targets", "targetsT"),
                    Arg.Of("batch", "batch"),
                    Arg.Of("outputCount", "OutputSize"),
                    Arg.Of("lanes", "lanes"),
                    Arg.Of(outputs == "logits" ? "dLogits" : "dOutputs", gradient));
                comment = $"{what} down each lane's outputs, ∂L/∂yᵀ with it";
            }

            writer.Call(loss, comment, prefix: "return ");
        }

        writer.Line();
    }

    private static void EmitBackward(SourceWriter writer, NetworkPlan plan)
    {
        writer.Summary($"Backpropagates ∂L/∂zᵀ of the last layer (in {GradientBuffer(0)}) into <paramref name=\"gradients\"/>, feature-major; with <paramref name=\"applyUpdates\"/> each layer is updated as soon as its gradients are complete.");
        using (writer.Method($"private void {BackwardMethod}", $"{Names.ReadOnlySpan} inputs", "int batch", $"{Names.Span} gradients", "bool applyUpdates"))
        {
            writer.Line($"int lanes = {Names.Runtime}.FeatureMajor.Lanes(batch);");
            for (int i = plan.Layers.Count - 1; i >= 0; i--)
            {
                EmitLayerBackward(writer, plan, plan.Layers[i]);
                if (i > 0)
                {
                    writer.Line();
                }
            }
        }

        writer.Line();
    }

    private static void EmitLayerBackward(SourceWriter writer, NetworkPlan plan, LayerPlan layer)
    {
        string units = Literals.Int(layer.Units), inputs = Literals.Int(layer.InputSize);
        string biasGradient = layer.UseBias ? $", ∂L/∂b[{units}]" : "";
        LayerPlan? below = layer.Index > 0 ? plan.Layers[layer.Index - 1] : null;
        string inputGradient = below is null ? "" : $", ∂L/∂zᵀ[{inputs}, lanes] of {below.Name}";
        writer.Comment($"{layer.Name}: {layer.Description}    ∂L/∂zᵀ[{units}, lanes] → ∂L/∂W[{units}, {inputs}]{biasGradient}{inputGradient}");
        string dz = Names.GradientLocal(layer) + "T";
        writer.Line($"{Names.Span} {dz} = {Gradient(plan, layer)}.AsSpan(0, {units} * lanes);");
        if (IsLast(plan, layer) && layer.Activation.Kind != ActivationKind.Identity)
        {
            // The loss wrote ∂L/∂yᵀ; the layers below get their ∂L/∂zᵀ with the derivative fused, this one element-wise.
            writer.Call(
                new Call(
                    $"{Names.Runtime}.Epilogue.ActivationBackward",
                    Arg.Of("y", $"{FeatureMajorEmitter.Buffer(1)}.AsSpan(0, {units} * lanes)"),
                    Arg.Of("activation", ActivationEmitter.Expression(layer.Activation)),
                    Arg.Of("dy", dz)),
                $"∂L/∂zᵀ = ∂L/∂yᵀ ⊙ {DisplayNames.Activation(layer.Activation.Kind)}'(y), read through yᵀ (the padding lanes stay zero)");
        }

        writer.Call(
            new Call(
                $"{Names.Runtime}.FeatureMajorGradients.WeightGradient",
                Arg.Of("dz", dz),
                Arg.Of("x", Spans.Input(plan, layer)),
                Arg.Of("batch", "batch"),
                Arg.Of("depth", inputs),
                Arg.Of("units", units),
                Arg.Of("lanes", "lanes"),
                Arg.Of("dw", Spans.WeightGradient(layer)),
                Arg.Of("db", Spans.BiasGradient(layer))),
            layer.UseBias ? "∂L/∂W = ∂L/∂zᵀ·x and ∂L/∂b = Σ ∂L/∂zᵀ over the batch's samples" : "∂L/∂W = ∂L/∂zᵀ·x over the batch's samples");

        if (below is not null)
        {
            writer.Call(
                new Call(
                    $"{Names.Runtime}.FeatureMajorGradients.InputGradient",
                    Arg.Of("weights", Spans.Weight(layer)),
                    Arg.Of("dz", dz),
                    Arg.Of("activation", ActivationEmitter.Expression(below.Activation)),
                    Arg.Of("y", $"{KeptOutput(below)}.AsSpan(0, {inputs} * lanes)"),
                    Arg.Of("depth", inputs),
                    Arg.Of("units", units),
                    Arg.Of("lanes", "lanes"),
                    Arg.Of("dx", $"{Gradient(plan, below)}.AsSpan(0, {inputs} * lanes)")),
                $"∂L/∂zᵀ of {below.Name} = (Wᵀ·∂L/∂zᵀ) ⊙ {DisplayNames.Activation(below.Activation.Kind)}'(y), before W is updated");
        }

        using (writer.Block("if (applyUpdates)"))
        {
            RegularizerEmitter.EmitUpdate(writer, layer, Arg.Named("scale", "1f"), $"{layer.Name}'s parameters, before backpropagating further");
        }
    }
}
