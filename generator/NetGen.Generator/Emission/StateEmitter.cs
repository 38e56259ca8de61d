using System.Collections.Generic;
using System.Linq;
using NetGen.Generator.Common;
using NetGen.Generator.Parsing;
using NetGen.Generator.Planning;

namespace NetGen.Generator.Emission;

/// <summary>
/// The INetwork members checkpoints read and write: <c>Architecture</c> (the torch.nn model, a static value written out
/// from the plan's <see cref="ArchitecturePlan"/>), <c>OptimizerState</c> (the optimizer's buffers under torch.optim's
/// names) and <c>Position</c> (the step, the dropout stream and BatchNorm's batch count). None of them allocates.
/// </summary>
internal static class StateEmitter
{
    /// <summary>The static field that holds the network's <c>NetGen.NetworkArchitecture</c>.</summary>
    public const string ArchitectureField = "TorchModel";

    /// <summary>The field that holds the <c>NetGen.OptimizerBuffer</c>s, built once by the constructor.</summary>
    public const string OptimizerStateField = "_optimizerState";

    /// <summary>BatchNorm's training pass count (torch's num_batches_tracked), in networks with BatchNorm only.</summary>
    public const string BatchNormBatchesField = "_batchNormBatches";

    /// <summary>Its value before the current training call, put back when the call refuses a non-finite loss.</summary>
    public const string SavedBatchNormBatchesField = "_savedBatchNormBatches";

    /// <summary>The fields behind OptimizerState and Position's BatchNorm count.</summary>
    public static void EmitFields(SourceWriter writer, NetworkPlan plan)
    {
        writer.Line(
            $"private readonly global::NetGen.OptimizerBuffer[] {OptimizerStateField};",
            "OptimizerState: the buffers above by torch.optim's names");
        if (plan.HasBatchNorm)
        {
            writer.Line($"private long {BatchNormBatchesField};", "training passes BatchNorm has seen (torch's num_batches_tracked), one per training call");
            writer.Line($"private long {SavedBatchNormBatchesField};", "put back when a training call refuses a non-finite loss");
        }
    }

    /// <summary>The constructor's part: the OptimizerState entries over the buffers already allocated, in the plan's order.</summary>
    public static void EmitConstructorPart(SourceWriter writer, OptimizerPlan optimizer)
    {
        string[] entries = optimizer.StateBuffers.Select(b => $"new(\"{b.TorchName}\", {b.Field})").ToArray();
        string flat = $"{OptimizerStateField} = [{string.Join(", ", entries)}];";
        string comment = entries.Length == 0 ? "plain SGD keeps no optimizer state" : "torch.optim's state names, in checkpoint order";
        if (writer.Fits(flat))
        {
            writer.Line(flat, comment); // the comment above it when both do not fit
            return;
        }

        writer.Comment(comment);
        writer.Line($"{OptimizerStateField} =");
        writer.Line("[");
        using (writer.Indented())
        {
            foreach (string entry in entries)
            {
                writer.Line(entry + ",");
            }
        }

        writer.Line("];");
    }

    /// <summary>Architecture, OptimizerState and Position, with the static architecture value after them.</summary>
    public static void EmitMembers(SourceWriter writer, NetworkPlan plan)
    {
        writer.Summary(
            "The torch.nn model this network is equivalent to, one torch.nn.Sequential per layer: its modules name the "
            + $"checkpoint's tensors{Example(plan.Architecture)} and the ONNX export's nodes. Built once; every read returns the same instance.");
        writer.Line($"public global::NetGen.NetworkArchitecture Architecture => {ArchitectureField};");
        writer.Line();
        EmitOptimizerState(writer, plan.Optimizer);
        EmitPosition(writer, plan);
        EmitArchitecture(writer, plan);
    }

    /// <summary>A tensor name for the docs, e.g. " (\"Hidden1.0.weight\" is the weight of layer Hidden1's module 0)".</summary>
    private static string Example(ArchitecturePlan architecture)
    {
        foreach (LayerModulesPlan layer in architecture.Layers)
        {
            for (int j = 0; j < layer.Modules.Count; j++)
            {
                if (layer.Modules[j].Kind is "Linear" or "Conv2d")
                {
                    string weight = layer.Modules[j].WeightNorm ? "weight_v" : "weight";
                    return $" (\"{layer.Name}.{Literals.Int(j)}.{weight}\" is the {weight} of layer {layer.Name}'s module {Literals.Int(j)})";
                }
            }
        }

        return "";
    }

    /// <summary>The line that counts a training pass for BatchNorm, before the forward pass runs it; none without BatchNorm.</summary>
    public static void EmitBatchNormCount(SourceWriter writer, NetworkPlan plan)
    {
        if (plan.HasBatchNorm)
        {
            writer.Line($"{BatchNormBatchesField}++;", "one more batch for BatchNorm (num_batches_tracked), saved above with the running statistics");
        }
    }

    private static void EmitOptimizerState(SourceWriter writer, OptimizerPlan optimizer)
    {
        string names = optimizer.StateBuffers.Count == 0
            ? "Empty: plain SGD keeps no state."
            : $"Here {string.Join(", ", optimizer.StateBuffers.Select(b => b.TorchName))}, in this order.";
        writer.Summary(
            "The optimizer's state buffers under torch.optim's state names, each one float per parameter in the layout of "
            + $"<see cref=\"Parameters\"/>; writing through their Values changes the next update. {names} The same list on every read.");
        writer.Line($"public global::System.Collections.Generic.IReadOnlyList<global::NetGen.OptimizerBuffer> OptimizerState => {OptimizerStateField};");
        writer.Line();
    }

    private static void EmitPosition(SourceWriter writer, NetworkPlan plan)
    {
        string batchNorm = plan.HasBatchNorm
            ? " BatchNormBatches counts the training passes, one per TrainStep or ComputeGradients call (torch's num_batches_tracked)."
            : " This network has no BatchNorm: BatchNormBatches reads 0 and is ignored when set.";
        string dropout = plan.DrawsRandomly ? "" : " This network has no dropout: Dropout reads as default and is ignored when set.";

        writer.Summary(
            "Where training stands besides the tensors, as checkpoints read and write it: the optimizer's step, the dropout stream and "
            + "BatchNorm's batch count. Setting it puts training back where it was read, so the next step continues bit for bit; "
            + "Step and BatchNormBatches must be ≥ 0, else ArgumentOutOfRangeException and nothing changes; a concurrent call is refused "
            + "as every public call is." + batchNorm + dropout);
        string read = plan.DrawsRandomly ? "_dropoutRandom.Save()" : "Dropout: default";
        string batches = plan.HasBatchNorm ? BatchNormBatchesField : "BatchNormBatches: 0";
        using (writer.Block("public global::NetGen.TrainingPosition Position"))
        {
            writer.Line($"get => new(_step, {read}, {batches});");
            using (writer.Block("set"))
            {
                writer.Line("global::NetGen.ArgumentChecks.Position(value); // Step and BatchNormBatches ≥ 0, before anything changes");
                SurfaceEmitter.Guarded(writer, plan, "Position", () =>
                {
                    writer.Line("_step = value.Step;");
                    if (plan.DrawsRandomly)
                    {
                        writer.Line("_dropoutRandom.Restore(value.Dropout);");
                    }

                    if (plan.HasBatchNorm)
                    {
                        writer.Line($"{BatchNormBatchesField} = value.BatchNormBatches;");
                    }
                });
            }
        }

        writer.Line();
    }

    /// <summary>
    /// The static NetworkArchitecture, written out from the plan: one LayerModules per layer and one module per line, each
    /// with the settings that differ from ModuleDescription's defaults.
    /// </summary>
    private static void EmitArchitecture(SourceWriter writer, NetworkPlan plan)
    {
        ArchitecturePlan architecture = plan.Architecture;
        string output = plan.Loss.Kind switch
        {
            LossKind.SoftmaxCrossEntropy => "Softmax",
            LossKind.BinaryCrossEntropy => "Sigmoid",
            _ => "Identity",
        };
        writer.Comment(
            "The torch.nn model, from the rules the interpreter shares: the spec's fingerprint, then each layer's modules in "
            + "order, with only the settings that differ from ModuleDescription's defaults.");
        writer.Line($"private static readonly global::NetGen.NetworkArchitecture {ArchitectureField} = new(");
        using (writer.Indented())
        {
            writer.Line($"Name: \"{plan.ClassName}\",");
            writer.Line($"Fingerprint: \"{architecture.Fingerprint}\",");
            writer.Line($"InputShape: {Shape(plan.InputShape)},");
            writer.Line($"Output: global::NetGen.PredictOutput.{output},");
            writer.Line("Layers:");
            writer.Line("[");
            using (writer.Indented())
            {
                foreach (LayerModulesPlan layer in architecture.Layers)
                {
                    string[] head = [$"\"{layer.Name}\"", $"InputShape: {Shape(layer.InputShape)}", $"OutputShape: {Shape(layer.OutputShape)}", "Modules:"];
                    string flat = $"new global::NetGen.LayerModules({string.Join(", ", head)}";
                    System.IDisposable? argumentsIndent = null;
                    if (writer.Fits(flat))
                    {
                        writer.Line(flat);
                    }
                    else
                    {
                        // A long layer name: one argument per line, the modules under them.
                        writer.Line("new global::NetGen.LayerModules(");
                        argumentsIndent = writer.Indented();
                        for (int i = 0; i < head.Length; i++)
                        {
                            writer.Line(head[i] + (i < head.Length - 1 ? "," : ""));
                        }
                    }

                    writer.Line("[");
                    using (writer.Indented())
                    {
                        foreach (ModuleSpec module in layer.Modules)
                        {
                            EmitModule(writer, module);
                        }
                    }

                    writer.Line("]),");
                    argumentsIndent?.Dispose();
                }
            }

            writer.Line("]);");
        }

        writer.Line();
    }

    /// <summary>One ModuleDescription: on one line when it fits, else one setting per line.</summary>
    private static void EmitModule(SourceWriter writer, ModuleSpec module)
    {
        string head = $"new(global::NetGen.ModuleKind.{module.Kind})";
        List<string> settings = SettingsOf(module);
        string flat = settings.Count == 0 ? head + "," : $"{head} {{ {string.Join(", ", settings)} }},";
        if (writer.Fits(flat))
        {
            writer.Line(flat);
            return;
        }

        // Too long for one line: the settings below, as many to a line as fit.
        writer.Line(head);
        writer.Line("{");
        using (writer.Indented())
        {
            string line = "";
            foreach (string setting in settings)
            {
                string longer = line.Length == 0 ? setting + "," : line + " " + setting + ",";
                if (line.Length > 0 && !writer.Fits(longer))
                {
                    writer.Line(line);
                    longer = setting + ",";
                }

                line = longer;
            }

            writer.Line(line);
        }

        writer.Line("},");
    }

    /// <summary>The module's settings that differ from ModuleDescription's defaults, in its property order.</summary>
    private static List<string> SettingsOf(ModuleSpec m)
    {
        var settings = new List<string>();
        void Int(string name, int value)
        {
            if (value != 0)
            {
                settings.Add($"{name} = {Literals.Int(value)}");
            }
        }

        void Float(string name, float value)
        {
            if (value != 0f)
            {
                settings.Add($"{name} = {SpecText.FloatLiteral(value)}");
            }
        }

        void Flag(string name, bool value, bool byDefault = false)
        {
            if (value != byDefault)
            {
                settings.Add($"{name} = {(value ? "true" : "false")}");
            }
        }

        Int("InFeatures", m.InFeatures);
        Int("OutFeatures", m.OutFeatures);
        Flag("Bias", m.Bias);
        Flag("WeightNorm", m.WeightNorm);
        Int("KernelSize", m.KernelSize);
        Int("Stride", m.Stride);
        Int("Padding", m.Padding);
        Flag("CeilMode", m.CeilMode);
        Flag("CountIncludePad", m.CountIncludePad, byDefault: true);
        Int("NumFeatures", m.NumFeatures);
        if (m.NormalizedShape.Count > 0)
        {
            settings.Add($"NormalizedShape = {Shape(m.NormalizedShape)}");
        }

        Int("NumGroups", m.NumGroups);
        Float("Epsilon", m.Epsilon);
        Float("Momentum", m.Momentum);
        Float("NegativeSlope", m.NegativeSlope);
        Float("Alpha", m.Alpha);
        Int("Pieces", m.Pieces);
        Float("P", m.P);
        Flag("Spatial", m.Spatial);
        Float("MaxNorm", m.MaxNorm);
        Float("Std", m.Std);
        Float("Lambda", m.Lambda);
        return settings;
    }

    private static string Shape(EquatableArray<int> shape) => $"[{string.Join(", ", shape.Select(Literals.Int))}]";
}
