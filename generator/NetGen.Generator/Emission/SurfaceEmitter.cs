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
        EmitPredictWithDropout(writer, plan);
        EmitRecordActivations(writer, plan);
        EmitReseedDropout(writer, plan);
        EmitInferenceCopy(writer, plan);
        EmitLosses(writer, plan);
        EmitTrainingState(writer, plan);
    }

    /// <summary>
    /// A public call's body between claiming the instance and releasing it (<c>NetGen.CallGuard</c>): a second thread
    /// calling in meanwhile gets InvalidOperationException and changes nothing.
    /// </summary>
    public static void Guarded(SourceWriter writer, NetworkPlan plan, string member, System.Action body)
    {
        writer.Line($"global::NetGen.CallGuard.Enter(ref _runningCall, nameof({Identifiers.Escape(plan.ClassName)}), nameof({member}));");
        using (writer.Block("try"))
        {
            body();
        }

        using (writer.Block("finally"))
        {
            writer.Line("global::NetGen.CallGuard.Exit(ref _runningCall);");
        }
    }

    /// <summary>Whether a training forward pass moves state that a refused step must put back.</summary>
    private static bool SavesState(NetworkPlan plan) => plan.RunningStatisticsLength > 0 || plan.DrawsRandomly || plan.HasBatchNorm;

    /// <summary>
    /// The checks a training call runs after its lengths: every input (and target) finite, so a NaN is an
    /// ArgumentException naming the sample, never a silent update.
    /// </summary>
    private static void EmitFiniteChecks(SourceWriter writer, Supervision s)
    {
        writer.Line($"{Names.Checks}.Finite(inputs, InputSize, nameof(inputs));");
        if (s.Name == "targets")
        {
            writer.Line($"{Names.Checks}.Finite(targets, OutputSize, nameof(targets));");
        }
    }

    /// <summary>The training forward and loss, with the state it moves saved first and the loss checked before backward.</summary>
    private static void EmitCheckedLoss(SourceWriter writer, NetworkPlan plan, Supervision s, string member)
    {
        if (SavesState(plan))
        {
            writer.Line("SaveTrainingState(); // what the forward pass moves: put back if the loss is not finite");
        }

        StateEmitter.EmitBatchNormCount(writer, plan);

        string batchMajor = $"{s.Loss}(Forward(inputs, batch, {ForwardMode(plan, training: true, dropout: true)}), {s.Name})";
        if (FeatureMajor(plan, s))
        {
            writer.Line($"bool featureMajor = {Names.Runtime}.FeatureMajor.Pays(batch); // samples in ¾ of the lanes it would compute");
            writer.Line("float loss = featureMajor");
            writer.Line($"    ? {FeatureMajorTrainEmitter.ForwardCall(s.Name)}");
            writer.Line($"    : {batchMajor};");
        }
        else
        {
            writer.Line($"float loss = {batchMajor};");
        }

        writer.Line($"CheckLoss(loss, nameof({member})); // before backward: a refused step changes nothing");
    }

    /// <summary>Whether training on these answers has the feature-major path (FeatureMajorTrainEmitter.Takes).</summary>
    private static bool FeatureMajor(NetworkPlan plan, Supervision s) => FeatureMajorTrainEmitter.Takes(plan, s.Name);

    /// <summary>The backward call after the loss: feature-major where the forward pass was.</summary>
    private static void EmitBackwardCall(SourceWriter writer, NetworkPlan plan, Supervision s, string gradients, bool applyUpdates)
    {
        string batchMajor = $"Backward(inputs, batch, {gradients}, applyUpdates: {(applyUpdates ? "true" : "false")});";
        if (!FeatureMajor(plan, s))
        {
            writer.Line(batchMajor);
            return;
        }

        using (writer.Block("if (featureMajor)"))
        {
            writer.Line(FeatureMajorTrainEmitter.BackwardCall(gradients, applyUpdates));
        }

        using (writer.Block("else"))
        {
            writer.Line(batchMajor);
        }

        writer.Line();
    }

    /// <summary>Each BatchNorm layer's running mean and variance into _savedRunningStatistics (save) or back out of it.</summary>
    private static void EmitRunningStatisticsCopies(SourceWriter writer, System.Collections.Generic.List<LayerPlan> statistics, bool save)
    {
        int offset = 0;
        foreach (LayerPlan layer in statistics)
        {
            foreach (string field in new[] { Names.RunningMeanField(layer), Names.RunningVarianceField(layer) })
            {
                string saved = $"_savedRunningStatistics.AsSpan({Literals.Int(offset)}, {Literals.Int(layer.Features)})";
                writer.Line(save ? $"{field}.CopyTo({saved});" : $"{saved}.CopyTo({field});");
                offset += layer.Features;
            }
        }
    }

    private static void EmitTrainingState(SourceWriter writer, NetworkPlan plan)
    {
        var statistics = plan.Layers.Where(l => l.Fusion.Buffers.KeepsRunningStatistics).ToList();
        if (SavesState(plan))
        {
            writer.Summary("Saves what a training pass moves (BatchNorm's statistics and batch count, the dropout stream), for CheckLoss.");
            using (writer.Block("private void SaveTrainingState()"))
            {
                EmitRunningStatisticsCopies(writer, statistics, save: true);
                if (plan.HasBatchNorm)
                {
                    writer.Line($"{StateEmitter.SavedBatchNormBatchesField} = {StateEmitter.BatchNormBatchesField};");
                }

                if (plan.DrawsRandomly)
                {
                    writer.Line("_savedDropoutState = _dropoutRandom.Save();");
                }
            }

            writer.Line();
            writer.Summary("Puts back what SaveTrainingState saved: a refused step (CheckLoss) and RecordActivations leave the network as it was.");
            using (writer.Block("private void RestoreTrainingState()"))
            {
                EmitRunningStatisticsCopies(writer, statistics, save: false);
                if (plan.HasBatchNorm)
                {
                    writer.Line($"{StateEmitter.BatchNormBatchesField} = {StateEmitter.SavedBatchNormBatchesField};");
                }

                if (plan.DrawsRandomly)
                {
                    writer.Line("_dropoutRandom.Restore(_savedDropoutState);");
                }
            }

            writer.Line();
        }

        writer.Summary("A non-finite loss refuses the step: what the forward pass moved is put back, then NotFiniteNumberException, before backward or any update.");
        using (writer.Block("private void CheckLoss(float loss, string member)"))
        {
            using (writer.Block("if (float.IsFinite(loss))"))
            {
                writer.Line("return;");
            }

            writer.Line();
            if (SavesState(plan))
            {
                writer.Line("RestoreTrainingState();");
            }

            writer.Line($"{Names.Checks}.Loss(loss, nameof({Identifiers.Escape(plan.ClassName)}), member);");
        }

        writer.Line();
    }

    private static void EmitProperties(SourceWriter writer, NetworkPlan plan)
    {
        writer.Summary("Every learned parameter: layers in declaration order, each weight [out, in], bias [out], norm γ and β, PReLU slopes. Writable; nothing is derived from it between calls, so a write is seen by the next call.");
        writer.Line($"public {Names.Span} Parameters => _parameters;");
        writer.Line();
        writer.Summary("The optimizer's learning rate γ, read at the start of every step; finite and ≥ 0 (schedules may reach 0).");
        using (writer.Block("public float LearningRate"))
        {
            writer.Line("get => _learningRate;");
            writer.Line($"set => _learningRate = {Names.Checks}.LearningRate(value);");
        }

        writer.Line();
        EmitHyperparameters(writer, plan);
        writer.Summary("Optimizer steps taken so far.");
        writer.Line("public long Step => _step;");
        writer.Line();
        writer.Summary("The layers in declaration order.");
        writer.Line("public global::System.Collections.Generic.IReadOnlyList<global::NetGen.Layer> Layers => _layers;");
        writer.Line();
        StateEmitter.EmitMembers(writer, plan);
        foreach (LayerPlan layer in plan.Layers)
        {
            string modifiers = layer.Modifiers.Length > 0 ? layer.Modifiers + " " : "";
            writer.Line($"{modifiers}partial global::NetGen.Layer {Identifiers.Escape(layer.Name)} => {Names.LayerField(layer)};");
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

    /// <summary>
    /// The batch from the answers' length, checked against the inputs and the label range; BatchNorm networks also
    /// refuse single-sample training batches, before any state changes.
    /// </summary>
    private static void EmitBatchCheck(SourceWriter writer, NetworkPlan plan, Supervision s)
    {
        var check = new Call(
            $"{Names.Checks}.{s.Check}",
            Arg.Of("inputs", "inputs"),
            Arg.Of(s.Name, s.Name),
            Arg.Of("inputSize", "InputSize"),
            Classes(plan, s),
            Arg.Of("maxBatch", "BatchSize"));
        writer.Call(check, prefix: "int batch = ");
        if (plan.BatchNormNeedsTwoSamples)
        {
            writer.Line($"{Names.Checks}.BatchForBatchNorm(batch, nameof({s.Name}));");
        }
    }

    /// <summary>What the labels range over: the outputs, or 0/1 where the plan says the labels are binary.</summary>
    private static Arg Classes(NetworkPlan plan, Supervision s) =>
        s.Name != "labels" ? Arg.Of("outputSize", "OutputSize")
        : plan.Loss.LabelsAreBinary ? Arg.Named("classes", "2")
        : Arg.Of("classes", "OutputSize");

    private static void EmitTrainSteps(SourceWriter writer, NetworkPlan plan, OptimizerPlan optimizer)
    {
        foreach (Supervision s in Supervisions)
        {
            string updates = optimizer.ClipsByNorm
                ? "backward, then every layer updated with the gradients clipped to their total norm"
                : "backward with each layer updated as its gradients complete";
            writer.Summary($"One training step on inputs[batch, InputSize] and {s.Shape}: forward, mean loss, {updates}. Returns the mean data loss.");
            using (writer.Method("public float TrainStep", $"{Names.ReadOnlySpan} inputs", $"{s.Type} {s.Name}"))
            {
                Guarded(writer, plan, "TrainStep", () =>
                {
                    EmitBatchCheck(writer, plan, s);
                    EmitFiniteChecks(writer, s);
                    EmitCheckedLoss(writer, plan, s, "TrainStep");
                    writer.Line("BeginStep();");
                    if (optimizer.ClipsByNorm)
                    {
                        writer.Line("double squaredNorm = Backward(inputs, batch, _gradients);");
                        writer.Call(OptimizerEmitter.UpdateAllLayersCall("_gradients", OptimizerEmitter.ClipCoefficient(optimizer, "squaredNorm")));
                    }
                    else
                    {
                        EmitBackwardCall(writer, plan, s, "_gradients", applyUpdates: true);
                    }

                    writer.Line("_step++;");
                    writer.Line("return loss;");
                });
            }

            writer.Line();
        }
    }

    private static void EmitComputeGradients(SourceWriter writer, NetworkPlan plan, OptimizerPlan optimizer)
    {
        foreach (Supervision s in Supervisions)
        {
            writer.Summary($"The mean loss on inputs[batch, InputSize] and {s.Shape}, and its gradient w.r.t. every parameter written to gradients[ParameterCount] in the layout of <see cref=\"Parameters\"/>. Changes no parameter.");
            using (writer.Method("public float ComputeGradients", $"{Names.ReadOnlySpan} inputs", $"{s.Type} {s.Name}", $"{Names.Span} gradients"))
            {
                Guarded(writer, plan, "ComputeGradients", () =>
                {
                    EmitBatchCheck(writer, plan, s);
                    writer.Line($"{Names.Checks}.Gradients(gradients.Length, ParameterCount, nameof(gradients));");
                    EmitFiniteChecks(writer, s);
                    EmitCheckedLoss(writer, plan, s, "ComputeGradients");
                    if (optimizer.ClipsByNorm)
                    {
                        writer.Line("Backward(inputs, batch, gradients);");
                    }
                    else
                    {
                        EmitBackwardCall(writer, plan, s, "gradients", applyUpdates: false);
                    }

                    writer.Line("return loss;");
                });
            }

            writer.Line();
        }
    }

    private static void EmitApplyGradients(SourceWriter writer, NetworkPlan plan, OptimizerPlan optimizer)
    {
        writer.Summary("One optimizer step with gradients[ParameterCount]: ComputeGradients followed by ApplyGradients equals TrainStep.");
        using (writer.Method("public void ApplyGradients", $"{Names.ReadOnlySpan} gradients"))
        {
            Guarded(writer, plan, "ApplyGradients", () =>
            {
                writer.Line($"{Names.Checks}.Gradients(gradients.Length, ParameterCount, nameof(gradients));");
                writer.Line($"{Names.Checks}.Finite(gradients, nameof(gradients));");
                writer.Line("BeginStep();");
                if (optimizer.ClipsByNorm)
                {
                    writer.Call(OptimizerEmitter.UpdateAllLayersCall("gradients", OptimizerEmitter.ClipCoefficient(optimizer, "SquaredGradientNorm(gradients)")));
                }
                else
                {
                    writer.Line("UpdateAllLayers(gradients, scale: 1f);");
                }

                writer.Line("_step++;");
            });
        }

        writer.Line();
    }

    /// <summary>What Predict writes, for its documentation comments.</summary>
    public static string PredictResult(NetworkPlan plan) => plan.Loss.Kind switch
    {
        LossKind.SoftmaxCrossEntropy => "class probabilities (softmax of the logits)",
        LossKind.BinaryCrossEntropy => "probabilities (sigmoid of the logits)",
        _ => "raw outputs",
    };

    private static void EmitPredict(SourceWriter writer, NetworkPlan plan)
    {
        writer.Summary($"Inference on any number of samples (dropout off): outputs[n, OutputSize] receives {PredictResult(plan)} for inputs[n, InputSize], in chunks of BatchSize.");
        using (writer.Method("public void Predict", $"{Names.ReadOnlySpan} inputs", $"{Names.Span} outputs"))
        {
            Guarded(writer, plan, "Predict", () => EmitPredictBody(writer, plan, dropout: false));
        }

        writer.Line();
    }

    /// <summary>Forward's mode arguments: networks with dropout take whether to draw masks apart from the mode.</summary>
    public static string ForwardMode(NetworkPlan plan, bool training, bool dropout) =>
        plan.HasDropout ? $"training: {B(training)}, dropout: {B(dropout)}" : $"training: {B(training)}";

    private static string B(bool value) => value ? "true" : "false";

    /// <summary>
    /// WeightDecay and Momentum, read at the start of every step as LearningRate is; they start at the attribute's
    /// values and are checked by ArgumentChecks, which knows what a network without the momentum buffer refuses.
    /// </summary>
    private static void EmitHyperparameters(SourceWriter writer, NetworkPlan plan)
    {
        OptimizerPlan o = plan.Optimizer;
        string decay = o.Kind == OptimizerKind.AdamW ? "decoupled weight decay λ (θ ← θ·(1 − γλ) before the Adam step)" : "weight decay λ (L2 through the gradient)";
        string only = o.DecayWeightsOnly ? " Weights only (DecayWeightsOnly): biases, norm parameters and slopes stay undecayed." : "";
        writer.Summary($"The optimizer's {decay}, read at the start of every step; finite and ≥ 0. Starts at the attribute's {SpecText.Format(o.CoupledDecay + o.DecoupledDecay)}.{only}");
        using (writer.Block("public float WeightDecay"))
        {
            writer.Line("get => _weightDecay;");
            writer.Line($"set => _weightDecay = {Names.Checks}.WeightDecay(value);");
        }

        writer.Line();
        string network = $"nameof({Identifiers.Escape(plan.ClassName)})";
        string optimizer = $"\"{o.Kind}\"";
        if (OptimizerEmitter.HasMomentum(o))
        {
            string buffer = o.Momentum != 0f
                ? (o.Nesterov ? "; Nesterov needs it > 0" : "; 0 turns momentum off (the buffer is kept as it is)")
                : "; declared 0, so there is no momentum buffer and only 0 can be set";
            writer.Summary($"The optimizer's momentum μ, read at the start of every step; in [0, 1){buffer}. Starts at the attribute's {SpecText.Format(o.Momentum)}.");
            var check = new Call(
                $"{Names.Checks}.Momentum",
                Arg.Of("value", "value"),
                Arg.Named("hasMomentum", "true"),
                Arg.Named("declared", SpecText.FloatLiteral(o.Momentum)),
                Arg.Named("nesterov", B(o.Nesterov)),
                Arg.Of("network", network),
                Arg.Of("optimizer", optimizer));
            using (writer.Block("public float Momentum"))
            {
                writer.Line("get => _momentum;");
                writer.Call(check, prefix: "set => _momentum = ");
            }
        }
        else
        {
            writer.Summary($"{DisplayNames.Optimizer(o.Kind)} has no momentum: reads 0; setting 0 is allowed, anything else throws NotSupportedException.");
            var check = new Call(
                $"{Names.Checks}.Momentum",
                Arg.Of("value", "value"),
                Arg.Named("hasMomentum", "false"),
                Arg.Named("declared", "0f"),
                Arg.Named("nesterov", "false"),
                Arg.Of("network", network),
                Arg.Of("optimizer", optimizer));
            using (writer.Block("public float Momentum"))
            {
                writer.Line("get => 0f;");
                writer.Call(check, prefix: "set => _ = ");
            }
        }

        writer.Line();
    }

    private static void EmitPredictWithDropout(SourceWriter writer, NetworkPlan plan)
    {
        if (!plan.HasDropout)
        {
            writer.Summary("Predict: this network has no dropout, so a Monte Carlo dropout pass draws nothing and changes nothing.");
            using (writer.Method("public void PredictWithDropout", $"{Names.ReadOnlySpan} inputs", $"{Names.Span} outputs"))
            {
                writer.Line("Predict(inputs, outputs);");
            }

            writer.Line();
            return;
        }

        writer.Summary("One Monte Carlo dropout pass: inference as Predict (BatchNorm's running statistics, nothing updated) but every Dropout layer draws a mask at its Layer.DropoutRate from the dropout stream, which advances (Position saves it).");
        using (writer.Method("public void PredictWithDropout", $"{Names.ReadOnlySpan} inputs", $"{Names.Span} outputs"))
        {
            Guarded(writer, plan, "PredictWithDropout", () => EmitPredictBody(writer, plan, dropout: true));
        }

        writer.Line();
    }

    private static void EmitPredictBody(SourceWriter writer, NetworkPlan plan, bool dropout)
    {
        {
            writer.Line($"int samples = {Names.Checks}.SampleCount(inputs, outputs, InputSize, OutputSize);");
            using (writer.Block("for (int start = 0; start < samples; start += BatchSize)"))
            {
                writer.Line("int batch = global::System.Math.Min(BatchSize, samples - start);");
                if (!dropout && FeatureMajorRule.Applies(plan))
                {
                    using (writer.Block($"if ({Names.Runtime}.FeatureMajor.Pays(batch))"))
                    {
                        writer.Call(FeatureMajorEmitter.Call("inputs.Slice(start * InputSize, batch * InputSize)", "outputs.Slice(start * OutputSize, batch * OutputSize)"));
                        writer.Line("continue;");
                    }

                    writer.Line();
                }

                var forward = new Call(
                    "Forward",
                    plan.HasDropout
                        ? [Arg.Of("inputs", "inputs.Slice(start * InputSize, batch * InputSize)"), Arg.Of("batch", "batch"), Arg.Named("training", "false"), Arg.Named("dropout", B(dropout))]
                        : [Arg.Of("inputs", "inputs.Slice(start * InputSize, batch * InputSize)"), Arg.Of("batch", "batch"), Arg.Named("training", "false")]);
                writer.Call(forward, prefix: $"{Names.Span} logits = ");
                writer.Line($"{Names.Span} chunk = outputs.Slice(start * OutputSize, batch * OutputSize);");
                writer.Line(plan.Loss.Kind switch
                {
                    LossKind.SoftmaxCrossEntropy => $"{Names.Runtime}.SoftmaxCrossEntropy.Softmax(logits, OutputSize, chunk);",
                    LossKind.BinaryCrossEntropy => $"{Names.Runtime}.BinaryCrossEntropy.Sigmoid(logits, chunk);",
                    _ => "logits.CopyTo(chunk);",
                });
            }
        }
    }

    /// <summary>
    /// RecordActivations: the babysitting diagnostics' view of one training forward pass. Checked as TrainStep's inputs,
    /// the state the pass moves saved first and put back in a finally, so nothing changes even when the recorder throws.
    /// </summary>
    private static void EmitRecordActivations(SourceWriter writer, NetworkPlan plan)
    {
        writer.Summary("One training-mode forward pass over inputs[batch, InputSize], batch in 1..BatchSize (batch statistics and dropout masks as training draws them), handing <paramref name=\"recorder\"/> each layer's output after its activation and before its dropout, layers in order. Changes nothing: what the pass moves is put back. Allocates nothing.");
        using (writer.Method("public void RecordActivations", $"{Names.ReadOnlySpan} inputs", "global::NetGen.IActivationRecorder recorder"))
        {
            Guarded(writer, plan, "RecordActivations", () =>
            {
                writer.Line("global::System.ArgumentNullException.ThrowIfNull(recorder);");
                writer.Line($"int batch = {Names.Checks}.BatchOfInputs(inputs, InputSize, BatchSize);");
                if (plan.BatchNormNeedsTwoSamples)
                {
                    writer.Line($"{Names.Checks}.BatchForBatchNorm(batch, nameof(inputs));");
                }

                writer.Line($"{Names.Checks}.Finite(inputs, InputSize, nameof(inputs));");
                if (!SavesState(plan))
                {
                    writer.Line($"Forward(inputs, batch, {ForwardMode(plan, training: true, dropout: true)}); // moves nothing but the buffers it writes");
                    EmitRecords(writer, plan);
                    return;
                }

                writer.Line("SaveTrainingState(); // what the forward pass moves, put back below");
                using (writer.Block("try"))
                {
                    StateEmitter.EmitBatchNormCount(writer, plan);
                    writer.Line($"Forward(inputs, batch, {ForwardMode(plan, training: true, dropout: true)});");
                    EmitRecords(writer, plan);
                }

                using (writer.Block("finally"))
                {
                    writer.Line("RestoreTrainingState(); // BatchNorm's statistics and batch count, the dropout stream: as before");
                }
            });
        }

        writer.Line();
    }

    /// <summary>One Record per layer: the batch-sized slice of its activation buffer (a dropout layer's pre-dropout one).</summary>
    private static void EmitRecords(SourceWriter writer, NetworkPlan plan)
    {
        writer.Comment("each layer's output after its activation, before its dropout, as Forward left it");
        foreach (LayerPlan layer in plan.Layers)
        {
            string values = layer.Fusion.Buffers.HasOutput
                ? Spans.Batch(Names.ActivatedField(layer), layer.Units)
                : Spans.Input(plan, layer); // Flatten: its input's values, reshaped
            writer.Line($"recorder.Record({Literals.Int(layer.Index)}, {values}, batch);", layer.Name);
        }
    }

    private static void EmitReseedDropout(SourceWriter writer, NetworkPlan plan)
    {
        if (!plan.DrawsRandomly)
        {
            return;
        }

        writer.Summary("Restarts the dropout mask stream as construction with <paramref name=\"seed\"/> starts it: the following training passes draw the same masks again (for gradient checks and replays).");
        using (writer.Block("public void ReseedDropout(int seed)"))
        {
            Guarded(writer, plan, "ReseedDropout", () => writer.Line("_dropoutRandom.ReseedForDropout(seed); // in place: no allocation"));
        }

        writer.Line();
    }

    private static void EmitInferenceCopy(SourceWriter writer, NetworkPlan plan)
    {
        writer.Summary("A new instance that predicts exactly as this one: parameters and BatchNorm running statistics copied, nothing mutable shared (optimizer state, Step and the dropout stream start fresh). One instance serves one thread at a time; give each thread its own copy.");
        using (writer.Block($"public {Identifiers.Escape(plan.ClassName)} CreateInferenceCopy()"))
        {
            Guarded(writer, plan, "CreateInferenceCopy", () =>
            {
                writer.Line($"var copy = new {Identifiers.Escape(plan.ClassName)}();");
                writer.Line("global::NetGen.InferenceState.Copy(this, copy);");
                writer.Line("return copy;");
            });
        }

        writer.Line();
    }

    private static void EmitLosses(SourceWriter writer, NetworkPlan plan)
    {
        Arg smoothing = Arg.Named("labelSmoothing", SpecText.FloatLiteral(plan.Loss.LabelSmoothing));
        Arg classes = Arg.Of("classes", "OutputSize");
        (string labelsDoc, Call labels, string targetsDoc, Call targets) = plan.Loss.Kind switch
        {
            LossKind.SoftmaxCrossEntropy => (
                "Mean softmax cross-entropy against labels",
                LossCall("SoftmaxCrossEntropy", "logits", "labels", classes, smoothing),
                "Mean softmax cross-entropy against target distributions",
                LossCall("SoftmaxCrossEntropy", "logits", "targets", classes, smoothing)),
            LossKind.BinaryCrossEntropy => (
                "Mean binary cross-entropy on logits against 0/1 labels (one output) or one-hot labels",
                LossCall("BinaryCrossEntropy", "logits", "labels", Arg.Of("outputs", "OutputSize")),
                "Mean binary cross-entropy on logits against targets in [0, 1]",
                LossCall("BinaryCrossEntropy", "logits", "targets")),
            _ => (
                "Mean squared error against one-hot labels",
                LossCall("MeanSquaredError", "outputs", "labels", classes),
                "Mean squared error against targets",
                LossCall("MeanSquaredError", "outputs", "targets")),
        };
        writer.Summary(labelsDoc + "; writes ∂L/∂outputs into gradient slot A.");
        using (writer.Method("private float LossOfLabels", $"{Names.Span} outputs", $"{Names.LabelSpan} labels"))
        {
            writer.Call(labels, prefix: "return ");
        }

        writer.Line();
        writer.Summary(targetsDoc + "; writes ∂L/∂outputs into gradient slot A.");
        using (writer.Method("private float LossOfTargets", $"{Names.Span} outputs", $"{Names.ReadOnlySpan} targets"))
        {
            writer.Call(targets, prefix: "return ");
        }

        writer.Line();
    }

    /// <summary>A loss kernel on the outputs and the answers, writing ∂L/∂outputs into gradient slot A.</summary>
    /// <param name="outputs">The kernel's name for the outputs: "logits" where it applies softmax or sigmoid itself.</param>
    private static Call LossCall(string kernel, string outputs, string answers, params Arg[] arguments) => new(
        $"{Names.Runtime}.{kernel}.Forward",
        [
            Arg.Of(outputs, "outputs"),
            Arg.Of(answers, answers),
            .. arguments,
            Arg.Of(outputs == "logits" ? "dLogits" : "dOutputs", "_gradientA.AsSpan(0, outputs.Length)"),
        ]);

    /// <param name="Type">The span type of the answers.</param>
    /// <param name="Name">The parameter name.</param>
    /// <param name="Check">The ArgumentChecks method that validates them and returns the batch size.</param>
    /// <param name="Loss">The generated loss method taking them.</param>
    /// <param name="Shape">Their shape, for the XML docs.</param>
    private sealed record Supervision(string Type, string Name, string Check, string Loss, string Shape);
}
