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

    private static string Buffer(int index) => index == 0 ? "_featureMajorA" : "_featureMajorB";

    public static void EmitFields(SourceWriter writer, NetworkPlan plan)
    {
        writer.Line();
        writer.Line("// Predict's feature-major activations xᵀ[features, lanes], held per lane block (FeatureMajor); layers alternate.");
        string length = $"{Literals.Int(FeatureMajorRule.MaxFeatures(plan))} * {Names.Runtime}.FeatureMajor.Lanes(BatchSize)";
        writer.Line($"private readonly float[] {Buffer(0)} = new float[{length}];");
        writer.Line($"private readonly float[] {Buffer(1)} = new float[{length}];");
    }

    /// <summary>The call Predict's chunk loop makes when <c>FeatureMajor.Pays(batch)</c>.</summary>
    public static Call Call(string inputs, string outputs) => new(Method, Arg.Of("inputs", inputs), Arg.Of("batch", "batch"), Arg.Of("outputs", outputs));

    public static void EmitMethod(SourceWriter writer, NetworkPlan plan)
    {
        writer.Summary($"One Predict chunk held feature-major: xᵀ[{Literals.Int(plan.InputSize)}, lanes] from inputs[batch, InputSize], every layer vectorized over the batch with no packing between layers, and outputs[batch, OutputSize] receiving {SurfaceEmitter.PredictResult(plan)}.");
        using (writer.Method($"private void {Method}", $"{Names.ReadOnlySpan} inputs", "int batch", $"{Names.Span} outputs"))
        {
            writer.Line($"int lanes = {Names.Runtime}.FeatureMajor.Lanes(batch);");
            int slot = 0;
            string current = "inputsT";
            writer.Line($"{Names.Span} inputsT = {Buffer(slot)}.AsSpan(0, {Literals.Int(plan.InputSize)} * lanes);");
            writer.Line($"{Names.Runtime}.FeatureMajor.Transpose(inputs, batch, InputSize, lanes, inputsT); // xᵀ[{Literals.Int(plan.InputSize)}, lanes]");
            foreach (LayerPlan layer in plan.Layers)
            {
                slot = 1 - slot;
                string output = Names.OutputLocal(layer) + "T"; // ᵀ: never a keyword, a parameter or Forward's local
                writer.Line($"// {layer.Name}: {layer.Description}    xᵀ[{Literals.Int(layer.InputSize)}, lanes] → yᵀ[{Literals.Int(layer.Units)}, lanes]");
                writer.Line($"{Names.Span} {output} = {Buffer(slot)}.AsSpan(0, {Literals.Int(layer.Units)} * lanes);");
                writer.Call(new Call(
                    $"{Names.Runtime}.FeatureMajorDense.Forward",
                    Arg.Of("weights", Spans.Weight(layer)),
                    Arg.Of("bias", Spans.Bias(layer)),
                    Arg.Of("activation", ActivationEmitter.Expression(layer.Activation)),
                    Arg.Of("x", current),
                    Arg.Of("depth", Literals.Int(layer.InputSize)),
                    Arg.Of("units", Literals.Int(layer.Units)),
                    Arg.Of("lanes", "lanes"),
                    Arg.Of("y", output)));
                current = output;
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
}
