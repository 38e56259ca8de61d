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
            writer.Line($"private readonly float[] {buffer.Field} = new float[ParameterCount]; // {buffer.Description}");
        }

        writer.Line($"private {StepType(o)} _stepSettings; // this step's optimizer scalars, set once per step by BeginStep");
        if (HasBiasStep(o))
        {
            writer.Line($"private {StepType(o)} _biasStepSettings; // the same without AdamW's decoupled decay, for biases");
        }
    }

    public static void EmitConstructorPart(SourceWriter writer, OptimizerPlan o)
    {
        foreach (StateBufferPlan buffer in o.StateBuffers.Where(b => b.InitialValue != 0f))
        {
            writer.Line($"{buffer.Field}.AsSpan().Fill({Literals.FloatLiteral(buffer.InitialValue)}); // {buffer.Description} starts at the initial accumulator value");
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
    public static string ClipCoefficient(OptimizerPlan o, string squaredNorm) =>
        $"{Transform}.ClipCoefficient({squaredNorm}, maxNorm: {Literals.FloatLiteral(o.ClipNorm)})";

    public static string Describe(OptimizerPlan o)
    {
        string decay = o.DecoupledDecay != 0f ? $", decoupled weight decay {Literals.Float(o.DecoupledDecay)}" : o.CoupledDecay != 0f ? $", weight decay {Literals.Float(o.CoupledDecay)}" : "";
        string text = o.Kind switch
        {
            OptimizerKind.Sgd => $"SGD γ = {Literals.Float(o.LearningRate)}, momentum {Literals.Float(o.Momentum)}, dampening {Literals.Float(o.Dampening)}{(o.Nesterov ? ", Nesterov" : "")}",
            OptimizerKind.AdaGrad => $"AdaGrad γ = {Literals.Float(o.LearningRate)}, lr decay {Literals.Float(o.LrDecay)}, initial accumulator {Literals.Float(o.InitialAccumulator)}, ε = {Literals.Float(o.Epsilon)}",
            OptimizerKind.RmsProp => $"RMSProp γ = {Literals.Float(o.LearningRate)}, α = {Literals.Float(o.Alpha)}, ε = {Literals.Float(o.Epsilon)}, momentum {Literals.Float(o.Momentum)}{(o.Centered ? ", centered" : "")}",
            _ => $"{Planner.OptimizerName(o.Kind)} γ = {Literals.Float(o.LearningRate)}, β = ({Literals.Float(o.Beta1)}, {Literals.Float(o.Beta2)}), ε = {Literals.Float(o.Epsilon)}{(o.AmsGrad ? ", AMSGrad" : "")}",
        };
        text += decay + (o.DecayWeightsOnly ? " (weights only)" : "");
        if (o.L1 != 0f)
        {
            text += $"; L1 λ = {Literals.Float(o.L1)}";
        }

        if (o.ClipNorm != 0f)
        {
            text += $"; gradients clipped to total norm {Literals.Float(o.ClipNorm)}";
        }

        if (o.ClipValue != 0f)
        {
            text += $"; gradients clamped to ±{Literals.Float(o.ClipValue)}";
        }

        return text;
    }

    private static void EmitBeginStep(SourceWriter writer, OptimizerPlan o)
    {
        writer.Summary("Computes this step's optimizer scalars once, before any layer is updated (never per element).");
        using (writer.Block("private void BeginStep()"))
        {
            string rate = "_learningRate";
            writer.Line(o.Kind switch
            {
                OptimizerKind.Sgd => $"_stepSettings = new {Names.Runtime}.SgdSettings({rate}, Momentum: {F(o.Momentum)}, Dampening: {F(o.Dampening)}, Nesterov: {B(o.Nesterov)});",
                OptimizerKind.AdaGrad => $"_stepSettings = {Names.Runtime}.AdaGrad.DecayedRate({rate}, learningRateDecay: {F(o.LrDecay)}, t: _step + 1); // γ̃ = γ/(1 + (t-1)η)",
                OptimizerKind.RmsProp => $"_stepSettings = new {Names.Runtime}.RmsPropSettings({rate}, Alpha: {F(o.Alpha)}, Epsilon: {F(o.Epsilon)}, Momentum: {F(o.Momentum)}, Centered: {B(o.Centered)});",
                _ => $"_stepSettings = {Names.Runtime}.AdamStep.At(_step + 1, {rate}, beta1: {F(o.Beta1)}, beta2: {F(o.Beta2)}, epsilon: {F(o.Epsilon)}, decoupledWeightDecay: {F(o.DecoupledDecay)}, amsGrad: {B(o.AmsGrad)}); // bias corrections of step t",
            });
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
                writer.Line($"{UpdateLayerCall(layer, "scale")} // {layer.Name}");
            }
        }
    }

    /// <summary>The call that updates one layer's weight and bias.</summary>
    public static string UpdateLayerCall(LayerPlan layer, string scale) =>
        $"UpdateLayer({Names.WeightOffset(layer)}, {Literals.Int(layer.WeightLength)}, {Literals.Int(layer.RestLength)}, gradients, {scale});";

    private static void EmitUpdateLayer(SourceWriter writer, OptimizerPlan o)
    {
        writer.Summary("One optimizer step on a layer's weight [offset, offset + weightLength) and the rest of its tensors right after it (bias, PReLU slopes).");
        using (writer.Block($"private void UpdateLayer(int offset, int weightLength, int restLength, {Names.ReadOnlySpan} gradients, float scale)"))
        {
            string weight = $"new {Transform}(scale, l1: {F(o.L1)}, clipValue: {F(o.ClipValue)}, weightDecay: {F(o.CoupledDecay)})";
            if (o.SplitsBias)
            {
                writer.Line($"UpdateParameters(offset, weightLength, gradients, {weight}, _stepSettings);");
                string bias = $"new {Transform}(scale, l1: 0f, clipValue: {F(o.ClipValue)}, weightDecay: 0f)";
                writer.Line($"UpdateParameters(offset + weightLength, restLength, gradients, {bias}, {(HasBiasStep(o) ? "_biasStepSettings" : "_stepSettings")}); // biases and slopes are not decayed");
            }
            else
            {
                writer.Line($"UpdateParameters(offset, weightLength + restLength, gradients, {weight}, _stepSettings);");
            }
        }
    }

    private static void EmitUpdateParameters(SourceWriter writer, OptimizerPlan o)
    {
        writer.Summary("The optimizer kernel on parameters[offset, offset + length) and the matching state slices.");
        using (writer.Block($"private void UpdateParameters(int offset, int length, {Names.ReadOnlySpan} gradients, in {Transform} transform, in {StepType(o)} step)"))
        {
            string g = "gradients.Slice(offset, length)";
            string theta = "_parameters.AsSpan(offset, length)";
            string State(string field) => o.StateBuffers.Any(b => b.Field == field) ? $"{field}.AsSpan(offset, length)" : "default";
            writer.Line(o.Kind switch
            {
                OptimizerKind.Sgd => $"{Names.Runtime}.Sgd.Update({g}, transform, step, firstStep: _step == 0, {theta}, {State("_velocity")});",
                OptimizerKind.AdaGrad => $"{Names.Runtime}.AdaGrad.Update({g}, transform, decayedRate: step, epsilon: {F(o.Epsilon)}, {theta}, {State("_sumOfSquares")});",
                OptimizerKind.RmsProp => $"{Names.Runtime}.RmsProp.Update({g}, transform, step, {theta}, {State("_squareAverage")}, {State("_gradientAverage")}, {State("_momentumBuffer")});",
                _ => $"{Names.Runtime}.Adam.Update({g}, transform, step, {theta}, {State("_firstMoment")}, {State("_secondMoment")}, {State("_maxSecondMoment")});",
            });
        }
    }

    private static void EmitSquaredNorms(SourceWriter writer, NetworkPlan plan)
    {
        OptimizerPlan o = plan.Optimizer;
        writer.Summary("‖∂L/∂θ‖² over every layer, summed per layer in the same order as Backward, so ApplyGradients clips exactly as TrainStep does.");
        using (writer.Block($"private double SquaredGradientNorm({Names.ReadOnlySpan} gradients)"))
        {
            writer.Line("double squaredNorm = 0;");
            foreach (LayerPlan layer in plan.Layers.Reverse().Where(l => l.HasWeights))
            {
                writer.Line($"squaredNorm += {LayerSquaredNormCall(layer)} // {layer.Name}");
            }

            writer.Line("return squaredNorm;");
        }

        writer.Line();
        writer.Summary("One layer's share of the clipped norm: Σ (g + λ₁·sign θ)², clamped if clipping by value, before decay.");
        using (writer.Block($"private double LayerSquaredNorm(int offset, int weightLength, int restLength, {Names.ReadOnlySpan} gradients)"))
        {
            string weight = $"new {Transform}(1f, l1: {F(o.L1)}, clipValue: {F(o.ClipValue)}, weightDecay: 0f)";
            if (o.SplitsBias)
            {
                writer.Line($"double squaredNorm = {weight}.SquaredNorm(gradients.Slice(offset, weightLength), _parameters.AsSpan(offset, weightLength));");
                writer.Line($"return squaredNorm + new {Transform}(1f, l1: 0f, clipValue: {F(o.ClipValue)}, weightDecay: 0f).SquaredNorm(gradients.Slice(offset + weightLength, restLength), _parameters.AsSpan(offset + weightLength, restLength));");
            }
            else
            {
                writer.Line($"return {weight}.SquaredNorm(gradients.Slice(offset, weightLength + restLength), _parameters.AsSpan(offset, weightLength + restLength));");
            }
        }
    }

    /// <summary>The call that measures one layer's squared gradient norm.</summary>
    public static string LayerSquaredNormCall(LayerPlan layer) =>
        $"LayerSquaredNorm({Names.WeightOffset(layer)}, {Literals.Int(layer.WeightLength)}, {Literals.Int(layer.RestLength)}, gradients);";

    private static bool HasBiasStep(OptimizerPlan o) => o.Kind == OptimizerKind.AdamW && o.SplitsBias;

    private static string StepType(OptimizerPlan o) => o.Kind switch
    {
        OptimizerKind.Sgd => Names.Runtime + ".SgdSettings",
        OptimizerKind.AdaGrad => "float",
        OptimizerKind.RmsProp => Names.Runtime + ".RmsPropSettings",
        _ => Names.Runtime + ".AdamStep",
    };

    private static string F(float value) => Literals.FloatLiteral(value);

    private static string B(bool value) => value ? "true" : "false";
}
