using System.Linq;
using NetGen.Generator.Common;
using NetGen.Generator.Emission.Layers;
using NetGen.Generator.Planning;

namespace NetGen.Generator.Emission;

/// <summary>
/// Predict's feature-major chunk for the networks <see cref="FeatureMajorRule"/> admits: the chunk's inputs transposed
/// once to xᵀ[InputSize, lanes], each Dense layer one FeatureMajorDense call with its shape as constants (bias and
/// activation in registers), the layers alternating between two buffers of MaxFeatures rows, and the last layer's
/// output (softmax taken down each lane first, for softmax cross-entropy) transposed back into the caller's outputs.
/// </summary>
internal static class FeatureMajorEmitter
{
    public const string Method = "PredictFeatureMajor";

    /// <summary>Predict's two alternating activation buffers (the training step reads A for xᵀ and B for the logits).</summary>
    public static string Buffer(int index) => index == 0 ? "_featureMajorA" : "_featureMajorB";

    public static void EmitFields(SourceWriter writer, NetworkPlan plan)
    {
        writer.Line();
        writer.Line(FeatureMajorRule.TrainApplies(plan)
            ? "// Feature-major activations xᵀ[features, lanes] per lane block (FeatureMajor): Predict's layers alternate; training's input and output."
            : "// Predict's feature-major activations xᵀ[features, lanes], held per lane block (FeatureMajor); layers alternate.");
        string length = $"{Literals.Int(FeatureMajorRule.MaxFeatures(plan))} * {Names.Runtime}.FeatureMajor.Lanes(BatchSize)";
        FieldsEmitter.AlignedBuffer(writer, Buffer(0), length);
        FieldsEmitter.AlignedBuffer(writer, Buffer(1), length);
    }

    /// <summary>The call Predict's chunk loop makes when <c>FeatureMajor.Pays(batch)</c>.</summary>
    public static Call Call(string inputs, string outputs) => new(Method, Arg.Of("inputs", inputs), Arg.Of("batch", "batch"), Arg.Of("outputs", outputs));

    public static void EmitMethod(SourceWriter writer, NetworkPlan plan)
    {
        writer.Summary($"One Predict chunk held feature-major: xᵀ[{Literals.Int(plan.InputSize)}, lanes] from inputs[batch, InputSize], every layer vectorized over the batch with no packing between layers, and outputs[batch, OutputSize] receiving {SurfaceEmitter.PredictResult(plan)}.");
        using (writer.Method($"private void {Method}", $"{Names.ReadOnlySpan} inputs", "int batch", $"{Names.Span} outputs"))
        {
            string current = EmitInputs(writer, plan);
            int slot = 0;
            foreach (LayerPlan layer in plan.Layers)
            {
                slot = 1 - slot;
                current = EmitLayer(writer, layer, Buffer(slot), current, kept: false);
            }

            if (plan.Loss.Kind == LossKind.SoftmaxCrossEntropy)
            {
                writer.Line($"{Names.Runtime}.FeatureMajorSoftmax.InPlace({current}, OutputSize, lanes); // softmax down each lane's classes");
            }

            writer.Line($"{Names.Runtime}.FeatureMajor.Untranspose({current}, OutputSize, lanes, batch, outputs); // back to outputs[batch, OutputSize]");
            if (plan.Loss.Kind == LossKind.BinaryCrossEntropy)
            {
                writer.Line($"{Names.Runtime}.BinaryCrossEntropy.Sigmoid(outputs, outputs);");
            }
        }

        writer.Line();
    }

    /// <summary><c>lanes</c> for the batch and the inputs transposed into buffer A as xᵀ[InputSize, lanes]; returns that span's name.</summary>
    public static string EmitInputs(SourceWriter writer, NetworkPlan plan)
    {
        writer.Line($"int lanes = {Names.Runtime}.FeatureMajor.Lanes(batch);");
        writer.Line($"{Names.Span} inputsT = {Buffer(0)}.AsSpan(0, {Literals.Int(plan.InputSize)} * lanes);");
        writer.Line($"{Names.Runtime}.FeatureMajor.Transpose(inputs, batch, InputSize, lanes, inputsT); // xᵀ[{Literals.Int(plan.InputSize)}, lanes]");
        return "inputsT";
    }

    /// <summary>One Dense layer forward, yᵀ = f(W·xᵀ + b) from <paramref name="input"/> into <paramref name="buffer"/>; returns yᵀ's name.</summary>
    public static string EmitLayer(SourceWriter writer, LayerPlan layer, string buffer, string input, bool kept)
    {
        string output = Names.OutputLocal(layer) + "T"; // ᵀ: never a keyword, a parameter or Forward's local
        string keptNote = kept ? ", kept" : "";
        writer.Line($"// {layer.Name}: {layer.Description}    xᵀ[{Literals.Int(layer.InputSize)}, lanes] → yᵀ[{Literals.Int(layer.Units)}, lanes]{keptNote}");
        writer.Line($"{Names.Span} {output} = {buffer}.AsSpan(0, {Literals.Int(layer.Units)} * lanes);");
        writer.Call(new Call(
            $"{Names.Runtime}.FeatureMajorDense.Forward",
            Arg.Of("weights", Spans.Weight(layer)),
            Arg.Of("bias", Spans.Bias(layer)),
            Arg.Of("activation", ActivationEmitter.Expression(layer.Activation)),
            Arg.Of("x", input),
            Arg.Of("depth", Literals.Int(layer.InputSize)),
            Arg.Of("units", Literals.Int(layer.Units)),
            Arg.Of("lanes", "lanes"),
            Arg.Of("y", output)));
        return output;
    }
}
