using System.Linq;
using NetGen.Generator.Common;
using NetGen.Generator.Parsing;
using NetGen.Generator.Planning;

namespace NetGen.Generator.Emission;

/// <summary>
/// The optimizer: its state buffers, the per-step scalars computed once per step (BeginStep), the per-layer update
/// with L1, clipping and decay folded into the kernel's gradient transform, and, for clip-by-norm, the norm helpers.
/// </summary>
internal static class OptimizerEmitter
{
    private const string Transform = Names.Runtime + ".GradientTransform";

    public static void EmitFields(SourceWriter writer, OptimizerPlan o)
    {
        foreach (StateBufferPlan buffer in o.StateBuffers)
        {
            writer.Line($"private readonly float[] {buffer.Field} = new float[ParameterCount];", buffer.Description);
        }

        writer.Line($"private {StepType(o)} _stepSettings;", "this step's optimizer scalars, set once per step by BeginStep");
        if (HasBiasStep(o))
        {
            writer.Line($"private {StepType(o)} _biasStepSettings;", "the same without AdamW's decoupled decay, for biases");
        }
    }

    public static void EmitConstructorPart(SourceWriter writer, OptimizerPlan o)
    {
        foreach (StateBufferPlan buffer in o.StateBuffers.Where(b => b.InitialValue != 0f))
        {
            writer.Line($"{buffer.Field}.AsSpan().Fill({SpecText.FloatLiteral(buffer.InitialValue)});", $"{buffer.Description} starts at the initial accumulator value");
        }
    }

    public static void EmitMethods(SourceWriter writer, NetworkPlan plan)
    {
        OptimizerPlan o = plan.Optimizer;
        EmitBeginStep(writer, o);
        writer.Line();
        EmitUpdateAllLayers(writer, plan);
        writer.Line();
        EmitUpdateLayer(writer, o);
        writer.Line();
        EmitUpdateParameters(writer, o);
        if (o.ClipsByNorm)
        {
            writer.Line();
            EmitSquaredNorms(writer, plan);
        }
    }

    /// <summary>The clip-by-norm coefficient expression for a squared norm.</summary>
    public static Call ClipCoefficient(OptimizerPlan o, string squaredNorm) =>
        new($"{Transform}.ClipCoefficient", Arg.Of("squaredNorm", squaredNorm), Arg.Named("maxNorm", SpecText.FloatLiteral(o.ClipNorm)));

    /// <summary>The call that updates every layer from <paramref name="gradients"/>, each gradient scaled first.</summary>
    public static Call UpdateAllLayersCall(string gradients, Call scale) =>
        new("UpdateAllLayers", Arg.Of("gradients", gradients), Arg.Of("scale", scale, alwaysNamed: true));

    public static string Describe(OptimizerPlan o)
    {
        string decay = o.DecoupledDecay != 0f ? $", decoupled weight decay {SpecText.Format(o.DecoupledDecay)}" : o.CoupledDecay != 0f ? $", weight decay {SpecText.Format(o.CoupledDecay)}" : "";
        string text = o.Kind switch
        {
            OptimizerKind.Sgd => $"SGD γ = {SpecText.Format(o.LearningRate)}, momentum {SpecText.Format(o.Momentum)}, dampening {SpecText.Format(o.Dampening)}{(o.Nesterov ? ", Nesterov" : "")}",
            OptimizerKind.AdaGrad => $"AdaGrad γ = {SpecText.Format(o.LearningRate)}, lr decay {SpecText.Format(o.LrDecay)}, initial accumulator {SpecText.Format(o.InitialAccumulator)}, ε = {SpecText.Format(o.Epsilon)}",
            OptimizerKind.RmsProp => $"RMSProp γ = {SpecText.Format(o.LearningRate)}, α = {SpecText.Format(o.Alpha)}, ε = {SpecText.Format(o.Epsilon)}, momentum {SpecText.Format(o.Momentum)}{(o.Centered ? ", centered" : "")}",
            _ => $"{DisplayNames.Optimizer(o.Kind)} γ = {SpecText.Format(o.LearningRate)}, β = ({SpecText.Format(o.Beta1)}, {SpecText.Format(o.Beta2)}), ε = {SpecText.Format(o.Epsilon)}{(o.AmsGrad ? ", AMSGrad" : "")}",
        };
        text += decay + (o.DecayWeightsOnly ? " (weights only)" : "");
        if (o.L1 != 0f)
        {
            text += $"; L1 λ = {SpecText.Format(o.L1)}";
        }

        if (o.ClipNorm != 0f)
        {
            text += $"; gradients clipped to total norm {SpecText.Format(o.ClipNorm)}";
        }

        if (o.ClipValue != 0f)
        {
            text += $"; gradients clamped to ±{SpecText.Format(o.ClipValue)}";
        }

        return text;
    }

    private static void EmitBeginStep(SourceWriter writer, OptimizerPlan o)
    {
        writer.Summary("Computes this step's optimizer scalars once, before any layer is updated (never per element), from the run-time hyperparameters.");
        using (writer.Block("private void BeginStep()"))
        {
            Arg rate = Arg.Of("learningRate", "_learningRate"), settingsRate = Arg.Of("LearningRate", "_learningRate");
            (Call settings, string? comment) = o.Kind switch
            {
                OptimizerKind.Sgd => (
                    new Call($"new {Names.Runtime}.SgdSettings", settingsRate, Arg.Of("Momentum", "_momentum"), Arg.Named("Dampening", F(o.Dampening)), Arg.Named("Nesterov", B(o.Nesterov))),
                    null),
                OptimizerKind.AdaGrad => (
                    new Call($"{Names.Runtime}.AdaGrad.DecayedRate", rate, Arg.Named("learningRateDecay", F(o.LrDecay)), Arg.Named("t", "_step + 1")),
                    "γ̃ = γ/(1 + (t-1)η)"),
                OptimizerKind.RmsProp => (
                    new Call(
                        $"new {Names.Runtime}.RmsPropSettings",
                        settingsRate,
                        Arg.Named("Alpha", F(o.Alpha)),
                        Arg.Named("Epsilon", F(o.Epsilon)),
                        Arg.Of("Momentum", "_momentum"),
                        Arg.Named("Centered", B(o.Centered))),
                    null),
                _ => (
                    new Call(
                        $"{Names.Runtime}.AdamStep.At",
                        Arg.Of("t", "_step + 1"),
                        rate,
                        Arg.Named("beta1", F(o.Beta1)),
                        Arg.Named("beta2", F(o.Beta2)),
                        Arg.Named("epsilon", F(o.Epsilon)),
                        Arg.Named("decoupledWeightDecay", o.Kind == OptimizerKind.AdamW ? "_weightDecay" : "0f"),
                        Arg.Named("amsGrad", B(o.AmsGrad))),
                    "bias corrections of step t"),
            };
            writer.Call(settings, comment, prefix: "_stepSettings = ");
            if (HasBiasStep(o))
            {
                writer.Line("_biasStepSettings = _stepSettings with { DecayFactor = 1f };");
            }
        }
    }

    private static void EmitUpdateAllLayers(SourceWriter writer, NetworkPlan plan)
    {
        writer.Summary("One optimizer step on every layer from <paramref name=\"gradients\"/>, in backward order, each gradient scaled by <paramref name=\"scale\"/> first.");
        using (writer.Block($"private void UpdateAllLayers({Names.ReadOnlySpan} gradients, float scale)"))
        {
            foreach (LayerPlan layer in plan.Layers.Reverse().Where(l => l.HasWeights))
            {
                Layers.RegularizerEmitter.EmitUpdate(writer, layer, Arg.Of("scale", "scale"), layer.Name);
            }
        }
    }

    /// <summary>The call that updates one layer's weight and the rest of its tensors.</summary>
    public static Call UpdateLayerCall(LayerPlan layer, Arg scale) => new("UpdateLayer", [.. LayerSlices(layer), scale]);

    /// <summary>The call that measures one layer's squared gradient norm.</summary>
    public static Call LayerSquaredNormCall(LayerPlan layer) => new("LayerSquaredNorm", LayerSlices(layer));

    /// <summary>Where a layer's parameters lie, as UpdateLayer and LayerSquaredNorm take them, and the gradients.</summary>
    private static Arg[] LayerSlices(LayerPlan layer) =>
    [
        Arg.Of("offset", Names.WeightOffset(layer)),
        Arg.Of("weightLength", Names.WeightLength(layer)),
        Arg.Of("restLength", Names.RestLength(layer)),
        Arg.Of("gradients", "gradients"),
    ];

    private static void EmitUpdateLayer(SourceWriter writer, OptimizerPlan o)
    {
        writer.Summary("One optimizer step on a layer's weight [offset, offset + weightLength) and the rest of its tensors right after it (bias, PReLU slopes).");
        using (writer.Method("private void UpdateLayer", [.. LayerParameters, "float scale"]))
        {
            Call weight = TransformOf("scale", F(o.L1), F(o.ClipValue), o.Kind == OptimizerKind.AdamW ? "0f" : "_weightDecay");
            if (o.SplitsBias)
            {
                writer.Call(UpdateParametersCall("offset", "weightLength", weight, "_stepSettings"));
                Call bias = TransformOf("scale", "0f", F(o.ClipValue), "0f");
                writer.Call(UpdateParametersCall("offset + weightLength", "restLength", bias, HasBiasStep(o) ? "_biasStepSettings" : "_stepSettings"), "biases and slopes are not decayed");
            }
            else
            {
                writer.Call(UpdateParametersCall("offset", "weightLength + restLength", weight, "_stepSettings"));
            }
        }
    }

    private static Call UpdateParametersCall(string offset, string length, Call transform, string step) => new(
        "UpdateParameters",
        Arg.Of("offset", offset),
        Arg.Of("length", length),
        Arg.Of("gradients", "gradients"),
        Arg.Of("transform", transform),
        Arg.Of("step", step));

    /// <summary>The gradient transform: scale, then L1, clipping by value and coupled decay, as the kernels apply it.</summary>
    private static Call TransformOf(string scale, string l1, string clipValue, string weightDecay) => new(
        $"new {Transform}",
        Arg.Of("scale", scale),
        Arg.Named("l1", l1),
        Arg.Named("clipValue", clipValue),
        Arg.Named("weightDecay", weightDecay));

    private static void EmitUpdateParameters(SourceWriter writer, OptimizerPlan o)
    {
        writer.Summary("The optimizer kernel on parameters[offset, offset + length) and the matching state slices.");
        string[] parameters = ["int offset", "int length", $"{Names.ReadOnlySpan} gradients", $"in {Transform} transform", $"in {StepType(o)} step"];
        using (writer.Method("private void UpdateParameters", parameters))
        {
            Arg g = Arg.Of("gradients", "gradients.Slice(offset, length)"), transform = Arg.Of("transform", "transform");
            Arg theta = Arg.Of("parameters", "_parameters.AsSpan(offset, length)");
            Arg State(string name, string field) => Arg.Of(name, o.StateBuffers.Any(b => b.Field == field) ? $"{field}.AsSpan(offset, length)" : "default");
            writer.Call(o.Kind switch
            {
                OptimizerKind.Sgd => new Call(
                    $"{Names.Runtime}.Sgd.Update", g, transform, Arg.Of("settings", "step"), Arg.Named("firstStep", "_step == 0"), theta, State("velocity", "_velocity")),
                OptimizerKind.AdaGrad => new Call(
                    $"{Names.Runtime}.AdaGrad.Update",
                    g,
                    transform,
                    Arg.Named("decayedRate", "step"),
                    Arg.Named("epsilon", F(o.Epsilon)),
                    theta,
                    State("sumOfSquares", "_sumOfSquares")),
                OptimizerKind.RmsProp => new Call(
                    $"{Names.Runtime}.RmsProp.Update",
                    g,
                    transform,
                    Arg.Of("settings", "step"),
                    theta,
                    State("squareAverage", "_squareAverage"),
                    State("gradientAverage", "_gradientAverage"),
                    State("momentumBuffer", "_momentumBuffer")),
                _ => new Call(
                    $"{Names.Runtime}.Adam.Update",
                    g,
                    transform,
                    Arg.Of("step", "step"),
                    theta,
                    State("firstMoment", "_firstMoment"),
                    State("secondMoment", "_secondMoment"),
                    State("maxSecondMoment", "_maxSecondMoment")),
            });
        }
    }

    private static void EmitSquaredNorms(SourceWriter writer, NetworkPlan plan)
    {
        OptimizerPlan o = plan.Optimizer;
        writer.Summary("‖∂L/∂θ‖² over every layer, summed per layer in the same order as Backward, so ApplyGradients clips exactly as TrainStep does.");
        using (writer.Method("private double SquaredGradientNorm", $"{Names.ReadOnlySpan} gradients"))
        {
            writer.Line("double squaredNorm = 0;");
            foreach (LayerPlan layer in plan.Layers.Reverse().Where(l => l.HasWeights))
            {
                writer.Call(LayerSquaredNormCall(layer), layer.Name, prefix: "squaredNorm += ");
            }

            writer.Line("return squaredNorm;");
        }

        writer.Line();
        writer.Summary("One layer's share of the clipped norm: Σ (g + λ₁·sign θ)², clamped if clipping by value, before decay.");
        using (writer.Method("private double LayerSquaredNorm", LayerParameters))
        {
            Call weight = TransformOf("1f", F(o.L1), F(o.ClipValue), "0f");
            if (o.SplitsBias)
            {
                writer.Call(SquaredNormCall(weight, "offset", "weightLength"), prefix: "double squaredNorm = ");
                writer.Call(SquaredNormCall(TransformOf("1f", "0f", F(o.ClipValue), "0f"), "offset + weightLength", "restLength"), prefix: "return squaredNorm + ");
            }
            else
            {
                writer.Call(SquaredNormCall(weight, "offset", "weightLength + restLength"), prefix: "return ");
            }
        }
    }

    /// <summary>Σ of the transformed gradient's squares over parameters[offset, offset + length).</summary>
    private static Call SquaredNormCall(Call transform, string offset, string length) => new(
        transform.Flat + ".SquaredNorm",
        Arg.Of("gradients", $"gradients.Slice({offset}, {length})"),
        Arg.Of("parameters", $"_parameters.AsSpan({offset}, {length})"));

    /// <summary>The parameters UpdateLayer and LayerSquaredNorm take: where the layer lies, and the gradients.</summary>
    private static readonly string[] LayerParameters = ["int offset", "int weightLength", "int restLength", $"{Names.ReadOnlySpan} gradients"];

    /// <summary>Whether the optimizer has a momentum μ (SGD, RMSProp): the network keeps it in <c>_momentum</c>, read by BeginStep.</summary>
    public static bool HasMomentum(OptimizerPlan o) => o.Kind is OptimizerKind.Sgd or OptimizerKind.RmsProp;

    private static bool HasBiasStep(OptimizerPlan o) => o.Kind == OptimizerKind.AdamW && o.SplitsBias;

    private static string StepType(OptimizerPlan o) => o.Kind switch
    {
        OptimizerKind.Sgd => Names.Runtime + ".SgdSettings",
        OptimizerKind.AdaGrad => "float",
        OptimizerKind.RmsProp => Names.Runtime + ".RmsPropSettings",
        _ => Names.Runtime + ".AdamStep",
    };

    private static string F(float value) => SpecText.FloatLiteral(value);

    private static string B(bool value) => value ? "true" : "false";
}
