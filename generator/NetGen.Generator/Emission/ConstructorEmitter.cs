using System.Linq;
using NetGen.Generator.Common;
using NetGen.Generator.Planning;

namespace NetGen.Generator.Emission;

/// <summary>The constructor: every parameter initialized from one seeded stream, layer by layer, then the layer views.</summary>
internal static class ConstructorEmitter
{
    private const string Init = "global::NetGen.Initialization.Initializers";

    public static void Emit(SourceWriter writer, NetworkPlan plan)
    {
        writer.Summary("Creates the network with parameters drawn from <paramref name=\"seed\"/>: the same seed gives bit-identical parameters.");
        using (writer.Block($"public {plan.ClassName}(int seed = 0)"))
        {
            writer.Line("var random = new global::NetGen.Randomness.SeededRandom(seed);");
            if (plan.Layers.Any(l => l.HasDropout))
            {
                writer.Line("_dropoutRandom = global::NetGen.Randomness.SeededRandom.ForDropout(seed); // apart from the init stream");
            }

            foreach (LayerPlan layer in plan.Layers)
            {
                if (layer.HasWeights)
                {
                    EmitInit(writer, layer);
                }
            }

            writer.Line();
            foreach (LayerPlan layer in plan.Layers)
            {
                string slices = $"weight: new({Names.WeightOffset(layer)}, {Literals.Int(layer.WeightLength)})";
                if (layer.UseBias)
                {
                    slices += $", bias: new({Names.BiasOffset(layer)}, {Literals.Int(layer.BiasLength)})";
                }

                if (layer.Norm is not null)
                {
                    slices += $", gamma: new({Names.GammaOffset(layer)}, {Literals.Int(layer.NormLength)}), beta: new({(layer.BetaLength > 0 ? Names.BetaOffset(layer) : Literals.Int(layer.BetaOffset))}, {Literals.Int(layer.BetaLength)})";
                }

                if (layer.Norm is { IsBatchNorm: true })
                {
                    slices += $", runningMean: {Names.RunningMeanField(layer)}, runningVariance: {Names.RunningVarianceField(layer)}";
                }

                if (Names.HasInferenceWeights(plan))
                {
                    slices += ", version: _parameterVersion";
                }

                if (layer.SlopesLength > 0)
                {
                    slices += $", slopes: new({Names.SlopesOffset(layer)}, {Literals.Int(layer.SlopesLength)})";
                }

                writer.Line($"{Names.LayerField(layer)} = new global::NetGen.Layer(\"{layer.Name}\", \"{layer.Description}\", {Literals.Int(layer.InputSize)}, {Literals.Int(layer.Units)}, _parameters, [{string.Join(", ", Names.WeightShape(layer).Select(Literals.Int))}], {slices});");
            }

            writer.Line($"_layers = [{string.Join(", ", plan.Layers.Select(Names.LayerField))}];");
            OptimizerEmitter.EmitConstructorPart(writer, plan.Optimizer);
        }
    }

    private static void EmitInit(SourceWriter writer, LayerPlan layer)
    {
        WeightInitPlan w = layer.WeightInit;
        string weight = $"_parameters.AsSpan({Names.WeightOffset(layer)}, {Literals.Int(layer.WeightLength)})";
        string fanIn = Literals.Int(w.FanIn), fanOut = Literals.Int(w.FanOut), gain = Literals.FloatLiteral(w.Gain);
        writer.Line($"// {layer.Name}: weight {w.Scheme} ({w.Reason}), bias {DescribeBias(layer)}");
        writer.Line(w.Scheme switch
        {
            WeightInitScheme.Zeros => $"{Init}.Constant({weight}, 0f);",
            WeightInitScheme.PyTorchDefault => $"{Init}.PyTorchDefault({weight}, fanIn: {fanIn}, random);",
            WeightInitScheme.Normal => $"{Init}.Normal({weight}, std: 0.01f, random);",
            WeightInitScheme.XavierUniform => $"{Init}.XavierUniform({weight}, fanIn: {fanIn}, fanOut: {fanOut}, gain: {gain}, random);",
            WeightInitScheme.XavierNormal => $"{Init}.XavierNormal({weight}, fanIn: {fanIn}, fanOut: {fanOut}, gain: {gain}, random);",
            WeightInitScheme.HeUniform => $"{Init}.HeUniform({weight}, fanIn: {fanIn}, gain: {gain}, random);",
            WeightInitScheme.HeNormal => $"{Init}.HeNormal({weight}, fanIn: {fanIn}, gain: {gain}, random);",
            WeightInitScheme.LeCunNormal => $"{Init}.LeCunNormal({weight}, fanIn: {fanIn}, random);",
            WeightInitScheme.TruncatedNormal => $"{Init}.TruncatedNormal({weight}, fanIn: {fanIn}, gain: {gain}, random);",
            _ => $"{Init}.Orthogonal({weight}, rows: {Literals.Int(layer.WeightRows)}, columns: {Literals.Int(layer.WeightColumns)}, gain: {gain}, random);", // Conv2D: [F, C·K·K], as torch flattens it
        });
        if (layer.Norm is { IsWeightNorm: true })
        {
            writer.Line($"{Names.Runtime}.WeightNorm.InitializeLengths({weight}, _parameters.AsSpan({Names.GammaOffset(layer)}, {Literals.Int(layer.NormLength)})); // g = ‖v‖ per row, so w starts as initialized");
        }
        else if (layer.Norm is not null)
        {
            writer.Line($"{Init}.Constant(_parameters.AsSpan({Names.GammaOffset(layer)}, {Literals.Int(layer.NormLength)}), 1f); // {layer.Norm.Kind} γ = 1, β = 0");
            if (layer.Norm.IsBatchNorm)
            {
                writer.Line($"{Names.RunningVarianceField(layer)}.AsSpan().Fill(1f); // running mean 0, running variance 1, as torch.nn.BatchNorm1d");
            }
        }

        if (layer.SlopesLength > 0)
        {
            writer.Line($"{Init}.Constant(_parameters.AsSpan({Names.SlopesOffset(layer)}, {Literals.Int(layer.SlopesLength)}), 0.25f); // PReLU slopes start at 0.25, as torch.nn.PReLU");
        }

        if (!layer.UseBias)
        {
            return;
        }

        string bias = $"_parameters.AsSpan({Names.BiasOffset(layer)}, {Literals.Int(layer.BiasLength)})";
        switch (layer.BiasInit.Scheme)
        {
            case BiasInitScheme.PyTorchDefault:
                writer.Line($"{Init}.PyTorchDefault({bias}, fanIn: {fanIn}, random);");
                break;
            case BiasInitScheme.Constant:
                writer.Line($"{Init}.Constant({bias}, {Literals.FloatLiteral(layer.BiasInit.Value)});");
                break;
        }
    }

    private static string DescribeBias(LayerPlan layer) => !layer.UseBias ? "none" : layer.BiasInit.Scheme switch
    {
        BiasInitScheme.PyTorchDefault => "U(-1/√fan_in, 1/√fan_in)",
        BiasInitScheme.Constant => Literals.Float(layer.BiasInit.Value),
        _ => "0",
    };
}
