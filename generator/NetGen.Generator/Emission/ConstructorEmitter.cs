using System.Collections.Generic;
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
        using (writer.Block($"public {Identifiers.Escape(plan.ClassName)}(int seed = 0)"))
        {
            writer.Line("var random = new global::NetGen.Randomness.SeededRandom(seed);");
            if (plan.DrawsRandomly)
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
                writer.Call(LayerView(plan, layer), prefix: $"{Names.LayerField(layer)} = ");
            }

            writer.Line($"_layers = [{string.Join(", ", plan.Layers.Select(Names.LayerField))}];");
            OptimizerEmitter.EmitConstructorPart(writer, plan.Optimizer);
            StateEmitter.EmitConstructorPart(writer, plan.Optimizer);
        }
    }

    /// <summary>The layer's <c>NetGen.Layer</c>: its name, shapes and the slices of its tensors in the parameters.</summary>
    private static Call LayerView(NetworkPlan plan, LayerPlan layer)
    {
        var arguments = new List<Arg>
        {
            Arg.Of("name", $"\"{layer.Name}\""),
            Arg.Of("description", $"\"{layer.Description}\""),
            Arg.Of("inputSize", Literals.Int(layer.InputSize)),
            Arg.Of("outputSize", Literals.Int(layer.Units)),
            Arg.Of("parameters", "_parameters"),
            Arg.Of("weightShape", $"[{string.Join(", ", Shapes.Weight(layer).Select(Literals.Int))}]"),
            Arg.Named("weight", layer.HasWeights ? $"new({Names.WeightOffset(layer)}, {Names.WeightLength(layer)})" : $"new({Names.WeightOffset(layer)}, 0)"),
        };
        if (layer.UseBias)
        {
            arguments.Add(Arg.Named("bias", $"new({Names.BiasOffset(layer)}, {Names.BiasLength(layer)})"));
        }

        if (layer.Norm is not null)
        {
            arguments.Add(Arg.Named("gamma", $"new({Names.GammaOffset(layer)}, {Names.GammaLength(layer)})"));
            arguments.Add(Arg.Named("beta", layer.BetaLength > 0 ? $"new({Names.BetaOffset(layer)}, {Names.BetaLength(layer)})" : $"new({Literals.Int(layer.BetaOffset)}, 0)"));
        }

        if (layer.Fusion.Buffers.KeepsRunningStatistics)
        {
            arguments.Add(Arg.Named("runningMean", Names.RunningMeanField(layer)));
            arguments.Add(Arg.Named("runningVariance", Names.RunningVarianceField(layer)));
        }

        if (layer.SlopesLength > 0)
        {
            arguments.Add(Arg.Named("slopes", $"new({Names.SlopesOffset(layer)}, {Names.SlopesLength(layer)})"));
        }

        if (layer.HasDropout)
        {
            arguments.Add(Arg.Named("dropoutRate", SpecText.FloatLiteral(layer.DropoutProbability))); // the run-time rate starts at the attribute's
        }

        return new Call("new global::NetGen.Layer", arguments.ToArray());
    }

    private static void EmitInit(SourceWriter writer, LayerPlan layer)
    {
        ResolvedInit w = layer.WeightInit;
        Arg weight = Arg.Of("values", Spans.Weight(layer)), random = Arg.Of("random", "random");
        Arg fanIn = Arg.Named("fanIn", Literals.Int(w.FanIn)), fanOut = Arg.Named("fanOut", Literals.Int(w.FanOut)), gain = Arg.Named("gain", SpecText.FloatLiteral(w.Gain));
        writer.Comment($"{layer.Name}: weight {w.Scheme} ({w.Reason}), bias {DescribeBias(layer)}");
        writer.Call(w.Scheme switch
        {
            InitKind.Zeros => new Call($"{Init}.Constant", weight, Arg.Of("value", "0f")),
            InitKind.PyTorchDefault => new Call($"{Init}.PyTorchDefault", weight, fanIn, random),
            InitKind.Normal => new Call($"{Init}.Normal", weight, Arg.Named("std", "0.01f"), random),
            InitKind.XavierUniform => new Call($"{Init}.XavierUniform", weight, fanIn, fanOut, gain, random),
            InitKind.XavierNormal => new Call($"{Init}.XavierNormal", weight, fanIn, fanOut, gain, random),
            InitKind.HeUniform => new Call($"{Init}.HeUniform", weight, fanIn, gain, random),
            InitKind.HeNormal => new Call($"{Init}.HeNormal", weight, fanIn, gain, random),
            InitKind.LeCunNormal => new Call($"{Init}.LeCunNormal", weight, fanIn, random),
            InitKind.TruncatedNormal => new Call($"{Init}.TruncatedNormal", weight, fanIn, gain, random),
            // Conv2D: [F, C·K·K], as torch flattens it.
            _ => new Call($"{Init}.Orthogonal", weight, Arg.Named("rows", Literals.Int(layer.WeightRows)), Arg.Named("columns", Literals.Int(layer.WeightColumns)), gain, random),
        });
        if (layer.Fusion.Norm == NormPath.WeightNorm)
        {
            writer.Call(
                new Call($"{Names.Runtime}.WeightNorm.InitializeLengths", Arg.Of("v", Spans.Weight(layer)), Arg.Of("g", Spans.Gamma(layer))),
                "g = ‖v‖ per row, so w starts as initialized");
        }
        else if (layer.Norm is not null)
        {
            writer.Call(new Call($"{Init}.Constant", Arg.Of("values", Spans.Gamma(layer)), Arg.Of("value", "1f")), $"{layer.Norm.Kind} γ = 1, β = 0");
            if (layer.Fusion.Buffers.KeepsRunningStatistics)
            {
                writer.Line($"{Names.RunningVarianceField(layer)}.AsSpan().Fill(1f);", "running mean 0, running variance 1, as torch.nn.BatchNorm1d");
            }
        }

        if (layer.SlopesLength > 0)
        {
            writer.Call(new Call($"{Init}.Constant", Arg.Of("values", Spans.Slopes(layer)), Arg.Of("value", "0.25f")), "PReLU slopes start at 0.25, as torch.nn.PReLU");
        }

        if (!layer.UseBias)
        {
            return;
        }

        Arg bias = Arg.Of("values", Spans.Bias(layer));
        switch (layer.BiasInit.Scheme)
        {
            case BiasScheme.PyTorchDefault:
                writer.Call(new Call($"{Init}.PyTorchDefault", bias, fanIn, random));
                break;
            case BiasScheme.Constant:
                writer.Call(new Call($"{Init}.Constant", bias, Arg.Of("value", SpecText.FloatLiteral(layer.BiasInit.Value))));
                break;
        }
    }

    private static string DescribeBias(LayerPlan layer) => !layer.UseBias ? "none" : layer.BiasInit.Scheme switch
    {
        BiasScheme.PyTorchDefault => "U(-1/√fan_in, 1/√fan_in)",
        BiasScheme.Constant => SpecText.Format(layer.BiasInit.Value),
        _ => "0",
    };
}
