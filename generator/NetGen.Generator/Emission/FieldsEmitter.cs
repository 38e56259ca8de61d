using System.Linq;
using NetGen.Generator.Common;
using NetGen.Generator.Parsing;
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

        writer.Line("// Parameter layout: layers in declaration order, each weight [out, in] row-major, then bias [out], then PReLU slopes.");
        foreach (LayerPlan layer in plan.Layers)
        {
            writer.Line($"private const int {Names.WeightOffset(layer)} = {Literals.Int(layer.WeightOffset)}; // {Names.WeightShapeText(layer)}");
            if (layer.UseBias)
            {
                writer.Line($"private const int {Names.BiasOffset(layer)} = {Literals.Int(layer.BiasOffset)}; // [{Literals.Int(layer.WeightRows)}]");
            }

            if (layer.Norm is { IsWeightNorm: true })
            {
                writer.Line($"private const int {Names.GammaOffset(layer)} = {Literals.Int(layer.GammaOffset)}; // WeightNorm g [{Literals.Int(layer.NormLength)}]; the weight slot holds v");
            }
            else if (layer.Norm is not null)
            {
                writer.Line($"private const int {Names.GammaOffset(layer)} = {Literals.Int(layer.GammaOffset)}; // [{Literals.Int(layer.NormLength)}]");
                writer.Line($"private const int {Names.BetaOffset(layer)} = {Literals.Int(layer.BetaOffset)}; // [{Literals.Int(layer.BetaLength)}]");
            }

            if (layer.SlopesLength > 0)
            {
                writer.Line($"private const int {Names.SlopesOffset(layer)} = {Literals.Int(layer.SlopesOffset)}; // [{Literals.Int(layer.SlopesLength)}]");
            }
        }

        writer.Line();
        writer.Line("private readonly float[] _parameters = new float[ParameterCount];");
        writer.Line("private readonly float[] _gradients = new float[ParameterCount]; // ∂L/∂θ of the current TrainStep");
        OptimizerEmitter.EmitFields(writer, plan.Optimizer);

        writer.Line();
        writer.Line("// Activations: each layer's output y[BatchSize, units], kept for the backward pass.");
        foreach (LayerPlan layer in plan.Layers)
        {
            if (layer.Kind == OpKind.Flatten)
            {
                continue; // a view of the layer below's output
            }

            writer.Line($"private readonly float[] {Names.OutputField(layer)} = new float[BatchSize * {Literals.Int(layer.Units)}];");
            if (layer.Kind == OpKind.MaxPool)
            {
                writer.Line($"private readonly int[] {Names.WinnersField(layer)} = new int[BatchSize * {Literals.Int(layer.Units)}]; // the input index each max came from");
            }

            if (layer.Activation.KeepsPreActivation)
            {
                writer.Line($"private readonly float[] {Names.PreActivationField(layer)} = new float[BatchSize * {Literals.Int(layer.ProducerWidth)}]; // z before {Planner.ActivationName(layer.Activation.Kind)}, kept for backward");
            }

            if (layer.Norm is { IsWeightNorm: true })
            {
                writer.Line($"private readonly float[] {Names.EffectiveWeightField(layer)} = new float[{Literals.Int(layer.WeightLength)}]; // w = g·v/‖v‖, what the producer multiplies by");
                writer.Line($"private readonly float[] {Names.DirectionNormsField(layer)} = new float[{Literals.Int(layer.WeightRows)}]; // ‖v‖ per row, kept for backward");
            }
            else if (layer.Norm is not null)
            {
                string width = Literals.Int(layer.ProducerWidth);
                writer.Line($"private readonly float[] {Names.NormalizedField(layer)} = new float[BatchSize * {width}]; // x̂ of the last training pass");
                string features = Literals.Int(layer.Features);
                string statistics = layer.Norm.IsBatchNorm ? features : layer.Norm.IsGrouped ? $"BatchSize * {Literals.Int(layer.Norm.Groups)}" : "BatchSize";
                writer.Line($"private readonly float[] {Names.InverseStdField(layer)} = new float[{statistics}]; // 1/√(σ² + ε) per {(layer.Norm.IsBatchNorm ? "feature" : layer.Norm.IsGrouped ? "sample and group" : "sample")}");
                if (layer.Norm.IsBatchNorm)
                {
                    writer.Line($"private readonly float[] {Names.RunningMeanField(layer)} = new float[{features}];");
                    writer.Line($"private readonly float[] {Names.RunningVarianceField(layer)} = new float[{features}];");
                    writer.Line($"private readonly float[] {Names.FoldedWeightField(layer)} = new float[{Literals.Int(layer.WeightLength)}]; // W with inference BatchNorm folded in");
                    writer.Line($"private readonly float[] {Names.FoldedBiasField(layer)} = new float[{features}];");
                }
            }

            if (layer.HasDropout)
            {
                writer.Line($"private readonly float[] {Names.ActivatedField(layer)} = new float[BatchSize * {Literals.Int(layer.Units)}]; // the activation before dropout, kept for backward");
                writer.Line($"private readonly float[] {Names.MaskField(layer)} = new float[BatchSize * {Literals.Int(layer.Units)}]; // 0 or 1/(1 - p) per unit");
            }

            if (layer.Activation.Kind == ActivationKind.Maxout)
            {
                writer.Line($"private readonly int[] {Names.WinnersField(layer)} = new int[BatchSize * {Literals.Int(layer.Units)}]; // the winning piece of each Maxout unit");
            }
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
        // The runtime sizes each convolution's scratch (it depends on the kernel the processor runs); one buffer serves the largest.
        string convScratch = plan.Layers.Where(l => l.Kind == OpKind.Conv2D).Select(Names.ConvScratchSize).Aggregate("", (max, size) => max.Length == 0 ? size : $"global::System.Math.Max({max}, {size})");
        if (convScratch.Length > 0)
        {
            writer.Line($"private readonly float[] _convScratch = new float[{convScratch}]; // the convolutions' re-laid-out chunks (padded planes or im2col columns) and gradients, for the largest one");
        }

        foreach (LayerPlan layer in plan.Layers.Where(l => l.Window is not null))
        {
            writer.Line($"private static readonly {Names.Runtime}.ConvShape {Names.WindowField(layer)} = {Names.WindowValue(layer)}; // [{Literals.Int(layer.Window!.Channels)}, {Literals.Int(layer.Window.Height)}, {Literals.Int(layer.Window.Width)}] → [{Literals.Int(layer.Window.Filters)}, {Literals.Int(layer.Window.OutHeight)}, {Literals.Int(layer.Window.OutWidth)}]");
        }

        foreach (LayerPlan layer in plan.Layers)
        {
            writer.Line($"private readonly global::NetGen.Layer {Names.LayerField(layer)};");
        }

        writer.Line("private readonly global::NetGen.Layer[] _layers;");
        if (Names.HasInferenceWeights(plan))
        {
            writer.Line("private readonly global::NetGen.ParameterVersion _parameterVersion = new(); // bumped whenever parameters or running statistics may change");
            writer.Line("private long _foldedVersion = -1; // the version Predict's derived weights were built from");
        }

        if (plan.Layers.Any(l => l.HasDropout))
        {
            writer.Line("private global::NetGen.Randomness.SeededRandom _dropoutRandom; // the stream every dropout mask is drawn from");
        }

        writer.Line($"private float _learningRate = {Literals.FloatLiteral(plan.Optimizer.LearningRate)};");
        writer.Line("private long _step;");
    }
}
