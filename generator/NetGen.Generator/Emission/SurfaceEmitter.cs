using System.Linq;
using NetGen.Generator.Common;
using NetGen.Generator.Parsing;
using NetGen.Generator.Planning;

namespace NetGen.Generator.Emission;

/// <summary>
/// The public surface of DESIGN.md (TrainStep, Predict, ComputeGradients, ApplyGradients, Parameters, LearningRate, Step),
/// the INetwork members and the layer properties. Every argument is checked before any state changes.
/// </summary>
internal static class SurfaceEmitter
{
    public static void Emit(SourceWriter writer, NetworkPlan plan)
    {
        EmitProperties(writer, plan);
        EmitTrainSteps(writer, plan, plan.Optimizer);
        EmitComputeGradients(writer, plan, plan.Optimizer);
        EmitApplyGradients(writer, plan, plan.Optimizer);
        EmitPredict(writer, plan);
        EmitReseedDropout(writer, plan);
        EmitLosses(writer, plan);
    }

    private static void EmitProperties(SourceWriter writer, NetworkPlan plan)
    {
        writer.Summary("Every learned parameter: layers in declaration order, each weight [out, in], bias [out], norm γ and β, PReLU slopes.");
        if (Names.HasInferenceWeights(plan))
        {
            using (writer.Block($"public {Names.Span} Parameters"))
            {
                using (writer.Block("get"))
                {
                    writer.Line("_parameterVersion.Bump(); // the caller may write: Predict's derived weights must be rebuilt");
                    writer.Line("return _parameters;");
                }
            }
        }
        else
        {
            writer.Line($"public {Names.Span} Parameters => _parameters;");
        }
        writer.Line();
        writer.Summary("The optimizer's learning rate γ, read at the start of every step; finite and ≥ 0 (schedules may reach 0).");
        using (writer.Block("public float LearningRate"))
        {
            writer.Line("get => _learningRate;");
            writer.Line($"set => _learningRate = {Names.Checks}.LearningRate(value);");
        }

        writer.Line();
        writer.Summary("Optimizer steps taken so far.");
        writer.Line("public long Step => _step;");
        writer.Line();
        writer.Summary("The layers in declaration order.");
        writer.Line("public global::System.Collections.Generic.IReadOnlyList<global::NetGen.Layer> Layers => _layers;");
        writer.Line();
        foreach (LayerPlan layer in plan.Layers)
        {
            string modifiers = layer.Modifiers.Length > 0 ? layer.Modifiers + " " : "";
            writer.Line($"{modifiers}partial global::NetGen.Layer {layer.Name} => {Names.LayerField(layer)};");
        }

        writer.Line();
        writer.Line("int global::NetGen.INetwork.InputSize => InputSize;");
        writer.Line("int global::NetGen.INetwork.OutputSize => OutputSize;");
        writer.Line("int global::NetGen.INetwork.BatchSize => BatchSize;");
        writer.Line("int global::NetGen.INetwork.ParameterCount => ParameterCount;");
        writer.Line();
    }

    /// <summary>The two ways a batch's answers arrive: class labels[batch], or targets[batch, OutputSize].</summary>
    private static readonly Supervision[] Supervisions =
    [
        new(Names.LabelSpan, "labels", "BatchOfLabels", "LossOfLabels", "labels[batch], batch = labels.Length in 1..BatchSize"),
        new(Names.ReadOnlySpan, "targets", "BatchOfTargets", "LossOfTargets", "targets[batch, OutputSize], batch in 1..BatchSize"),
    ];

    /// <summary>BatchNorm networks refuse single-sample training batches before any state changes.</summary>
    private static void EmitBatchNormCheck(SourceWriter writer, NetworkPlan plan, Supervision s)
    {
        if (Names.HasBatchNorm(plan))
        {
            writer.Line($"{Names.Checks}.BatchForBatchNorm(batch, nameof({s.Name}));");
        }
    }

    /// <summary>Marks Predict's derived weights (folded BatchNorm, composed WeightNorm) stale, in networks that have them.</summary>
    public static void EmitBump(SourceWriter writer, NetworkPlan plan, string why = "parameters changed")
    {
        if (Names.HasInferenceWeights(plan))
        {
            writer.Line($"_parameterVersion.Bump(); // {why}");
        }
    }

    /// <summary>What the labels range over: the outputs, except 0/1 for a single-output binary cross-entropy.</summary>
    private static string Classes(NetworkPlan plan, Supervision s) =>
        s.Name == "labels" && plan.Loss.Kind == LossKind.BinaryCrossEntropy && plan.OutputSize == 1 ? "classes: 2" : "OutputSize";

    private static void EmitTrainSteps(SourceWriter writer, NetworkPlan plan, OptimizerPlan optimizer)
    {
        foreach (Supervision s in Supervisions)
        {
            string updates = optimizer.ClipsByNorm
                ? "backward, then every layer updated with the gradients clipped to their total norm"
                : "backward with each layer updated as its gradients complete";
            writer.Summary($"One training step on inputs[batch, InputSize] and {s.Shape}: forward, mean loss, {updates}. Returns the mean data loss.");
            using (writer.Block($"public float TrainStep({Names.ReadOnlySpan} inputs, {s.Type} {s.Name})"))
            {
                writer.Line($"int batch = {Names.Checks}.{s.Check}(inputs, {s.Name}, InputSize, {Classes(plan, s)}, BatchSize);");
                EmitBatchNormCheck(writer, plan, s);
                writer.Line($"float loss = {s.Loss}(Forward(inputs, batch, training: true), {s.Name});");
                writer.Line("BeginStep();");
                if (optimizer.ClipsByNorm)
                {
                    writer.Line("double squaredNorm = Backward(inputs, batch, _gradients);");
                    writer.Line($"UpdateAllLayers(_gradients, scale: {OptimizerEmitter.ClipCoefficient(optimizer, "squaredNorm")});");
                }
                else
                {
                    writer.Line("Backward(inputs, batch, _gradients, applyUpdates: true);");
                }

                EmitBump(writer, plan);
                writer.Line("_step++;");
                writer.Line("return loss;");
            }

            writer.Line();
        }
    }

    private static void EmitComputeGradients(SourceWriter writer, NetworkPlan plan, OptimizerPlan optimizer)
    {
        foreach (Supervision s in Supervisions)
        {
            writer.Summary($"The mean loss on inputs[batch, InputSize] and {s.Shape}, and its gradient w.r.t. every parameter written to gradients[ParameterCount] in the layout of <see cref=\"Parameters\"/>. Changes no parameter.");
            using (writer.Block($"public float ComputeGradients({Names.ReadOnlySpan} inputs, {s.Type} {s.Name}, {Names.Span} gradients)"))
            {
                writer.Line($"int batch = {Names.Checks}.{s.Check}(inputs, {s.Name}, InputSize, {Classes(plan, s)}, BatchSize);");
                EmitBatchNormCheck(writer, plan, s);
                writer.Line($"{Names.Checks}.Gradients(gradients.Length, ParameterCount, nameof(gradients));");
                writer.Line($"float loss = {s.Loss}(Forward(inputs, batch, training: true), {s.Name});");
                writer.Line(optimizer.ClipsByNorm ? "Backward(inputs, batch, gradients);" : "Backward(inputs, batch, gradients, applyUpdates: false);");
                EmitBump(writer, plan, "the training pass moved the running statistics");
                writer.Line("return loss;");
            }

            writer.Line();
        }
    }

    private static void EmitApplyGradients(SourceWriter writer, NetworkPlan plan, OptimizerPlan optimizer)
    {
        writer.Summary("One optimizer step with gradients[ParameterCount]: ComputeGradients followed by ApplyGradients equals TrainStep.");
        using (writer.Block($"public void ApplyGradients({Names.ReadOnlySpan} gradients)"))
        {
            writer.Line($"{Names.Checks}.Gradients(gradients.Length, ParameterCount, nameof(gradients));");
            writer.Line("BeginStep();");
            writer.Line(optimizer.ClipsByNorm
                ? $"UpdateAllLayers(gradients, scale: {OptimizerEmitter.ClipCoefficient(optimizer, "SquaredGradientNorm(gradients)")});"
                : "UpdateAllLayers(gradients, scale: 1f);");
            EmitBump(writer, plan);
            writer.Line("_step++;");
        }

        writer.Line();
    }

    private static void EmitPredict(SourceWriter writer, NetworkPlan plan)
    {
        string result = plan.Loss.Kind switch
        {
            LossKind.SoftmaxCrossEntropy => "class probabilities (softmax of the logits)",
            LossKind.BinaryCrossEntropy => "probabilities (sigmoid of the logits)",
            _ => "raw outputs",
        };
        writer.Summary($"Inference on any number of samples (dropout off): outputs[n, OutputSize] receives {result} for inputs[n, InputSize], in chunks of BatchSize.");
        using (writer.Block($"public void Predict({Names.ReadOnlySpan} inputs, {Names.Span} outputs)"))
        {
            writer.Line($"int samples = {Names.Checks}.SampleCount(inputs, outputs, InputSize, OutputSize);");
            using (writer.Block("for (int start = 0; start < samples; start += BatchSize)"))
            {
                writer.Line("int batch = global::System.Math.Min(BatchSize, samples - start);");
                writer.Line($"{Names.Span} logits = Forward(inputs.Slice(start * InputSize, batch * InputSize), batch, training: false);");
                writer.Line($"{Names.Span} chunk = outputs.Slice(start * OutputSize, batch * OutputSize);");
                writer.Line(plan.Loss.Kind switch
                {
                    LossKind.SoftmaxCrossEntropy => $"{Names.Runtime}.SoftmaxCrossEntropy.Softmax(logits, OutputSize, chunk);",
                    LossKind.BinaryCrossEntropy => $"{Names.Runtime}.BinaryCrossEntropy.Sigmoid(logits, chunk);",
                    _ => "logits.CopyTo(chunk);",
                });
            }
        }

        writer.Line();
    }

    private static void EmitReseedDropout(SourceWriter writer, NetworkPlan plan)
    {
        if (!plan.Layers.Any(l => l.HasDropout))
        {
            return;
        }

        writer.Summary("Restarts the dropout mask stream as construction with <paramref name=\"seed\"/> starts it: the following training passes draw the same masks again (for gradient checks and replays).");
        using (writer.Block("public void ReseedDropout(int seed)"))
        {
            writer.Line("_dropoutRandom = global::NetGen.Randomness.SeededRandom.ForDropout(seed);");
        }

        writer.Line();
    }

    private static void EmitLosses(SourceWriter writer, NetworkPlan plan)
    {
        string dOut = "_gradientA.AsSpan(0, outputs.Length)";
        string smoothing = Literals.FloatLiteral(plan.Loss.LabelSmoothing);
        (string labelsDoc, string labels, string targetsDoc, string targets) = plan.Loss.Kind switch
        {
            LossKind.SoftmaxCrossEntropy => (
                "Mean softmax cross-entropy against labels",
                $"{Names.Runtime}.SoftmaxCrossEntropy.Forward(outputs, labels, OutputSize, labelSmoothing: {smoothing}, {dOut})",
                "Mean softmax cross-entropy against target distributions",
                $"{Names.Runtime}.SoftmaxCrossEntropy.Forward(outputs, targets, OutputSize, labelSmoothing: {smoothing}, {dOut})"),
            LossKind.BinaryCrossEntropy => (
                "Mean binary cross-entropy on logits against 0/1 labels (one output) or one-hot labels",
                $"{Names.Runtime}.BinaryCrossEntropy.Forward(outputs, labels, OutputSize, {dOut})",
                "Mean binary cross-entropy on logits against targets in [0, 1]",
                $"{Names.Runtime}.BinaryCrossEntropy.Forward(outputs, targets, {dOut})"),
            _ => (
                "Mean squared error against one-hot labels",
                $"{Names.Runtime}.MeanSquaredError.Forward(outputs, labels, OutputSize, {dOut})",
                "Mean squared error against targets",
                $"{Names.Runtime}.MeanSquaredError.Forward(outputs, targets, {dOut})"),
        };
        writer.Summary(labelsDoc + "; writes ∂L/∂outputs into gradient slot A.");
        using (writer.Block($"private float LossOfLabels({Names.Span} outputs, {Names.LabelSpan} labels)"))
        {
            writer.Line($"return {labels};");
        }

        writer.Line();
        writer.Summary(targetsDoc + "; writes ∂L/∂outputs into gradient slot A.");
        using (writer.Block($"private float LossOfTargets({Names.Span} outputs, {Names.ReadOnlySpan} targets)"))
        {
            writer.Line($"return {targets};");
        }

        writer.Line();
    }

    /// <param name="Type">The span type of the answers.</param>
    /// <param name="Name">The parameter name.</param>
    /// <param name="Check">The ArgumentChecks method that validates them and returns the batch size.</param>
    /// <param name="Loss">The generated loss method taking them.</param>
    /// <param name="Shape">Their shape, for the XML docs.</param>
    private sealed record Supervision(string Type, string Name, string Check, string Loss, string Shape);
}
