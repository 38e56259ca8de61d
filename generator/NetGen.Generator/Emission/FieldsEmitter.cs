using System.Linq;
using NetGen.Generator.Common;
using NetGen.Generator.Parsing;
using NetGen.Generator.Emission.Layers;
using NetGen.Generator.Planning;

namespace NetGen.Generator.Emission;

/// <summary>Shape constants, the parameter layout and every buffer, each allocated once with the instance.</summary>
internal static class FieldsEmitter
{
    public static void Emit(SourceWriter writer, NetworkPlan plan)
    {
        writer.Summary("Floats per input sample.");
        writer.Line($"public const int InputSize = {Literals.Int(plan.InputSize)};");
        writer.Line();
        writer.Summary("Floats per output sample.");
        writer.Line($"public const int OutputSize = {Literals.Int(plan.OutputSize)};");
        writer.Line();
        writer.Summary("The largest batch one call takes; every buffer is sized for it.");
        writer.Line($"public const int BatchSize = {Literals.Int(plan.BatchSize)};");
        writer.Line();
        writer.Summary("Length of <see cref=\"Parameters\"/>.");
        writer.Line($"public const int ParameterCount = {Literals.Int(plan.ParameterCount)};");
        writer.Line();

        writer.Comment("Parameter layout: layers in declaration order, each weight [out, in] row-major, then bias [out], then norm γ and β, then PReLU slopes; each tensor's offset beside its length.");
        foreach (LayerPlan layer in plan.Layers)
        {
            EmitLayout(writer, layer);
        }

        writer.Line();
        writer.Line("private readonly float[] _parameters = new float[ParameterCount];");
        writer.Line("private readonly float[] _gradients = new float[ParameterCount]; // ∂L/∂θ of the current TrainStep");
        OptimizerEmitter.EmitFields(writer, plan.Optimizer);

        writer.Line();
        writer.Line("// Activations: each layer's output y[BatchSize, units], kept for the backward pass.");
        foreach (LayerPlan layer in plan.Layers)
        {
            EmitBuffers(writer, layer);
        }

        writer.Line();
        writer.Line("// Gradients ∂L/∂y: consecutive layers alternate between two buffers (slot A holds the last layer's).");
        writer.Line($"private readonly float[] {Names.GradientField(0)} = new float[{Literals.Int(plan.GradientBufferLength)}];");
        if (plan.Layers.Count > 1)
        {
            writer.Line($"private readonly float[] {Names.GradientField(1)} = new float[{Literals.Int(plan.GradientBufferLength)}];");
        }

        writer.Line();
        writer.Line($"private readonly {Names.Runtime}.GemmScratch _scratch = new();");
        if (FeatureMajorRule.Applies(plan))
        {
            FeatureMajorEmitter.EmitFields(writer, plan);
        }

        if (FeatureMajorRule.TrainApplies(plan))
        {
            FeatureMajorTrainEmitter.EmitFields(writer, plan);
        }

        EmitConvolutionScratch(writer, plan);
        foreach (LayerPlan layer in plan.Layers.Where(l => l.Window is not null))
        {
            WindowPlan w = layer.Window!;
            string I(int v) => Literals.Int(v);
            string pooling = (w.CeilMode ? ", CeilMode: true" : "") + (w.CountIncludePad ? "" : ", CountIncludePad: false");
            string shape = $"new({I(w.Channels)}, {I(w.Height)}, {I(w.Width)}, {I(w.Filters)}, {I(w.Kernel)}, {I(w.Stride)}, {I(w.Padding)}{pooling})";
            writer.Line(
                $"private static readonly {Names.Runtime}.ConvShape {Names.WindowField(layer)} = {shape};",
                $"[{I(w.Channels)}, {I(w.Height)}, {I(w.Width)}] → [{I(w.Filters)}, {I(w.OutHeight)}, {I(w.OutWidth)}]");
        }

        foreach (LayerPlan layer in plan.Layers)
        {
            writer.Line($"private readonly global::NetGen.Layer {Names.LayerField(layer)};");
        }

        writer.Line("private readonly global::NetGen.Layer[] _layers;");
        StateEmitter.EmitFields(writer, plan);
        if (plan.RunningStatisticsLength > 0)
        {
            writer.Line(
                $"private readonly float[] _savedRunningStatistics = new float[{Literals.Int(plan.RunningStatisticsLength)}];",
                "put back when a training call refuses a non-finite loss");
        }

        writer.Line("private string? _runningCall;", "the public call in progress, or null: a concurrent call is refused");

        if (plan.DrawsRandomly)
        {
            string draws = !plan.Layers.Any(l => l.HasNoise) ? "every dropout mask" : plan.HasDropout ? "every dropout mask and the Gaussian noise" : "the Gaussian noise";
            writer.Line("private readonly global::NetGen.Randomness.SeededRandom _dropoutRandom;", $"the stream {draws} is drawn from");
            writer.Line("private global::NetGen.Randomness.SeededRandom.State _savedDropoutState;", "put back when a training call refuses a non-finite loss");
        }

        writer.Line($"private float _learningRate = {SpecText.FloatLiteral(plan.Optimizer.LearningRate)};");
        OptimizerPlan o = plan.Optimizer;
        string decay = $"private float _weightDecay = {SpecText.FloatLiteral(o.CoupledDecay + o.DecoupledDecay)};";
        if (o.Kind == OptimizerKind.AdamW)
        {
            writer.Line(decay, "decoupled: θ ← θ·(1 − γλ) before the Adam step");
        }
        else
        {
            writer.Line(decay);
        }
        if (OptimizerEmitter.HasMomentum(o))
        {
            writer.Line($"private float _momentum = {SpecText.FloatLiteral(o.Momentum)};");
        }
        writer.Line("private long _step;");
    }

    /// <summary>A layer's tensors in the parameter array, each as an offset and a length constant, with its shape.</summary>
    private static void EmitLayout(SourceWriter writer, LayerPlan layer)
    {
        if (!layer.HasWeights)
        {
            writer.Line($"private const int {Names.WeightOffset(layer)} = {Literals.Int(layer.WeightOffset)}; // no weight");
            return;
        }

        void Tensor(string offsetName, int offset, string lengthName, int length, string shape) =>
            writer.Line($"private const int {offsetName} = {Literals.Int(offset)}, {lengthName} = {Literals.Int(length)};", shape);

        Tensor(Names.WeightOffset(layer), layer.WeightOffset, Names.WeightLength(layer), layer.WeightLength, Shapes.WeightText(layer));
        if (layer.UseBias)
        {
            Tensor(Names.BiasOffset(layer), layer.BiasOffset, Names.BiasLength(layer), layer.BiasLength, $"[{Literals.Int(layer.BiasLength)}]");
        }

        if (layer.Fusion.Norm == NormPath.WeightNorm)
        {
            Tensor(Names.GammaOffset(layer), layer.GammaOffset, Names.GammaLength(layer), layer.NormLength, $"WeightNorm g [{Literals.Int(layer.NormLength)}]; the weight slot holds v");
        }
        else if (layer.Fusion.Norm != NormPath.None)
        {
            Tensor(Names.GammaOffset(layer), layer.GammaOffset, Names.GammaLength(layer), layer.NormLength, $"[{Literals.Int(layer.NormLength)}]");
            Tensor(Names.BetaOffset(layer), layer.BetaOffset, Names.BetaLength(layer), layer.BetaLength, $"[{Literals.Int(layer.BetaLength)}]");
        }

        if (layer.SlopesLength > 0)
        {
            Tensor(Names.SlopesOffset(layer), layer.SlopesOffset, Names.SlopesLength(layer), layer.SlopesLength, $"[{Literals.Int(layer.SlopesLength)}]");
        }

        writer.Line($"private const int {Names.RestLength(layer)} = {Literals.Int(layer.RestLength)};", "everything after the weight, updated with it");
    }

    /// <summary>The layer's activation buffers, and whatever else the plan keeps for its backward pass and for Predict.</summary>
    /// <summary>
    /// An activation buffer of <paramref name="length"/> floats that starts a cache line (AlignedFloats: the kernels'
    /// vector loads and stores then never straddle two lines), its initializer on the next line when one is too short.
    /// </summary>
    internal static void AlignedBuffer(SourceWriter writer, string field, string length)
    {
        string declaration = $"private readonly {Names.Runtime}.AlignedFloats {field} =";
        string initializer = $"new({length});";
        if (writer.Fits(declaration + " " + initializer))
        {
            writer.Line(declaration + " " + initializer);
            return;
        }

        writer.Line(declaration);
        using (writer.Indented())
        {
            writer.Line(initializer);
        }
    }

    private static void EmitBuffers(SourceWriter writer, LayerPlan layer)
    {
        LayerBuffers buffers = layer.Fusion.Buffers;
        if (!buffers.HasOutput)
        {
            return;
        }

        string units = Literals.Int(layer.Units);
        AlignedBuffer(writer, Names.OutputField(layer), $"BatchSize * {units}");
        if (buffers.KeepsWinners && layer.Kind == OpKind.MaxPool)
        {
            writer.Line($"private readonly int[] {Names.WinnersField(layer)} = new int[BatchSize * {units}];", "the input index each max came from");
        }

        if (buffers.KeepsPreActivation)
        {
            writer.Line(
                $"private readonly float[] {Names.PreActivationField(layer)} = new float[BatchSize * {Literals.Int(layer.ProducerWidth)}];",
                $"z before {DisplayNames.Activation(layer.Activation.Kind)}, kept for backward");
        }

        if (buffers.KeepsComposedWeight)
        {
            writer.Line($"private readonly float[] {Names.EffectiveWeightField(layer)} = new float[{Names.WeightLength(layer)}];", "w = g·v/‖v‖, what the producer multiplies by");
            writer.Line($"private readonly float[] {Names.DirectionNormsField(layer)} = new float[{Literals.Int(layer.WeightRows)}];", "‖v‖ per row, kept for backward");
        }

        if (buffers.Statistics is { } statistics)
        {
            writer.Line($"private readonly float[] {Names.NormalizedField(layer)} = new float[BatchSize * {Literals.Int(layer.ProducerWidth)}];", "x̂ of the last training pass");
            string length = !statistics.PerSample ? Literals.Int(statistics.Count)
                : statistics.Count == 1 ? "BatchSize"
                : $"BatchSize * {Literals.Int(statistics.Count)}";
            string per = !statistics.PerSample ? "feature" : statistics.Count == 1 ? "sample" : "sample and group";
            writer.Line($"private readonly float[] {Names.InverseStdField(layer)} = new float[{length}];", $"1/√(σ² + ε) per {per}");
        }

        if (buffers.KeepsRunningStatistics)
        {
            string features = Literals.Int(layer.Features);
            writer.Line($"private readonly float[] {Names.RunningMeanField(layer)} = new float[{features}];");
            writer.Line($"private readonly float[] {Names.RunningVarianceField(layer)} = new float[{features}];");
            writer.Line($"private readonly float[] {Names.InferenceScaleField(layer)} = new float[{features}];", "Predict's s = γ/√(σ² + ε), set every pass");
            writer.Line($"private readonly float[] {Names.InferenceShiftField(layer)} = new float[{features}];", "Predict's t = (b − μ)·s + β, set every pass");
        }

        if (buffers.KeepsActivated)
        {
            string closing = layer.HasDropout ? "dropout" : "noise";
            writer.Line($"private readonly float[] {Names.ActivatedField(layer)} = new float[BatchSize * {units}];", $"the activation before {closing}, kept for backward");
            if (layer.HasDropout)
            {
                writer.Line($"private readonly float[] {Names.MaskField(layer)} = new float[BatchSize * {units}];", "0 or 1/(1 - p) per unit");
            }
        }

        if (buffers.KeepsWinners && layer.Activation.Kind == ActivationKind.Maxout)
        {
            writer.Line($"private readonly int[] {Names.WinnersField(layer)} = new int[BatchSize * {units}];", "the winning piece of each Maxout unit");
        }
    }

    /// <summary>
    /// One scratch buffer for every convolution: the runtime sizes each one's (it depends on the kernel the processor
    /// runs), and the buffer takes the largest.
    /// </summary>
    private static void EmitConvolutionScratch(SourceWriter writer, NetworkPlan plan)
    {
        Call? largest = null;
        foreach (LayerPlan layer in plan.Layers.Where(l => l.Kind == OpKind.Conv2D))
        {
            Call size = ((ConvolutionEmitter)ProducerEmitter.For(layer)).ScratchSize(layer);
            largest = largest is null ? size : new Call("global::System.Math.Max", Arg.Positional(largest), Arg.Positional(size));
        }

        if (largest is null)
        {
            return;
        }

        writer.Comment("The convolutions' re-laid-out chunks (padded planes or im2col columns) and gradients, for the largest one.");
        writer.Call(Call.NewArray("float", Arg.Positional(largest)), prefix: "private readonly float[] _convScratch = ");
    }
}
