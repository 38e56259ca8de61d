using System;
using System.Collections.Generic;
using System.Linq;
using NetGen.Generator.Common;
using NetGen.Generator.Parsing;
using NetGen.Generator.Validation;

namespace NetGen.Generator.Planning;

/// <summary>
/// Stage 3: lowers a valid spec to a <see cref="NetworkPlan"/>: shape inference, parameter layout (layers in order,
/// weight then bias), init resolution, the fusion decisions and the gradient buffer assignment. Pure.
/// </summary>
internal static class Planner
{
    public static NetworkPlan Plan(NetworkSpec spec)
    {
        int inputSize = spec.InputShape.Aggregate(1, (product, d) => product * d);
        var shapes = ShapeInference.Infer(spec);
        var layers = new List<LayerPlan>();
        int offset = 0;
        int count = spec.Layers.Count;
        for (int i = 0; i < count; i++)
        {
            LayerSpec layer = spec.Layers[i];
            OpSpec producer = layer.Ops[0];
            (TensorShape inShape, TensorShape outShape) = shapes[i];
            ActivationPlan activation = ActivationOf(layer);
            WindowPlan? window = producer.Kind.IsSpatial()
                ? new WindowPlan(inShape.Channels, inShape.Height, inShape.Width, outShape.Channels * activation.Pieces, producer.Kernel, producer.Stride, producer.Kind == OpKind.Conv2D ? producer.Padding : 0, outShape.Height, outShape.Width)
                : null;
            int units = outShape.Size;
            int producerWidth = units * activation.Pieces;
            (int weightRows, int fanIn, int fanOut) = producer.Kind switch
            {
                OpKind.Dense => (producerWidth, inShape.Size, producerWidth),
                OpKind.Conv2D => (window!.Filters, window.PatchSize, window.Filters * window.Kernel * window.Kernel),
                _ => (0, 0, 0),
            };
            bool useBias = producer.Kind.HasWeights() && producer.UseBias;
            OpSpec? norm = layer.Ops.FirstOrDefault(o => o.Kind.IsNorm());
            int weightLength = producer.Kind == OpKind.Dense ? producerWidth * inShape.Size : weightRows * fanIn;
            int afterBias = offset + weightLength + (useBias ? weightRows : 0);
            var plan = new LayerPlan(
                Index: i,
                Name: layer.Name,
                Modifiers: layer.Modifiers,
                Description: Describe(layer),
                InputSize: inShape.Size,
                Units: units,
                ProducerWidth: producerWidth,
                UseBias: useBias,
                WeightOffset: offset,
                BiasOffset: offset + weightLength,
                Activation: activation,
                WeightInit: WeightInitOf(producer, activation, fanIn, fanOut),
                BiasInit: BiasInitOf(producer),
                // Buffer planning: ∂L/∂y of consecutive layers alternate between two buffers, the last layer's in
                // slot 0 (where the loss writes), so backward never needs more than the current and the next gradient.
                OutputGradientSlot: (count - 1 - i) % 2,
                DropoutProbability: layer.Ops.FirstOrDefault(o => o.Kind == OpKind.Dropout)?.Probability ?? 0f,
                Norm: norm is null ? null : new NormPlan(norm.Kind, norm.Momentum, norm.Epsilon, norm.Kind switch { OpKind.GroupNorm => norm.Pieces, OpKind.InstanceNorm => weightRows, _ => 1 }),
                GammaOffset: afterBias,
                Kind: producer.Kind,
                Window: window);
            layers.Add(plan with { Fusion = FusionPlanner.Plan(plan, InputLayerOf(layers, i)) });
            offset += plan.ParameterCount;
        }

        LossSpec loss = spec.Losses[0];
        OptimizerSpec optimizer = spec.Optimizers[0];
        OptimizerPlan optimizerPlan = OptimizerPlanner.Plan(optimizer, spec.Regularizers);
        int outputSize = layers[layers.Count - 1].Units;
        return new NetworkPlan(
            spec.Namespace,
            spec.ClassName,
            spec.InputShape,
            inputSize,
            outputSize,
            spec.BatchSize,
            ParameterCount: offset,
            new LossPlan(loss.Kind, loss.LabelSmoothing, LabelsAreBinary: loss.Kind == LossKind.BinaryCrossEntropy && outputSize == 1),
            optimizerPlan,
            layers.ToEquatableArray(),
            GradientBufferLength: spec.BatchSize * layers.Max(l => System.Math.Max(l.Units, l.Index > 0 ? l.InputSize : 0)));
    }

    private static ActivationPlan ActivationOf(LayerSpec layer)
    {
        OpSpec? op = layer.Ops.FirstOrDefault(o => o.Kind.IsActivation());
        return op?.Kind switch
        {
            OpKind.ReLU => new ActivationPlan(ActivationKind.Relu, 0f),
            OpKind.LeakyReLU => new ActivationPlan(ActivationKind.LeakyRelu, op.Slope),
            OpKind.Tanh => new ActivationPlan(ActivationKind.Tanh, 0f),
            OpKind.Sigmoid => new ActivationPlan(ActivationKind.Sigmoid, 0f),
            OpKind.ELU => new ActivationPlan(ActivationKind.Elu, op.Alpha),
            OpKind.GELU => new ActivationPlan(ActivationKind.Gelu, 0f),
            OpKind.SiLU => new ActivationPlan(ActivationKind.Silu, 0f),
            OpKind.PReLU => new ActivationPlan(ActivationKind.PRelu, 0.25f),
            OpKind.Maxout => new ActivationPlan(ActivationKind.Maxout, 0f, op.Pieces),
            _ => new ActivationPlan(ActivationKind.Identity, 0f),
        };
    }

    /// <summary>Init.Auto follows the course: He normal ahead of a ReLU-family activation, Xavier uniform otherwise.</summary>
    private static WeightInitPlan WeightInitOf(OpSpec dense, ActivationPlan activation, int fanIn, int fanOut)
    {
        bool reluFamily = activation.IsReluFamily;
        // The leaky gain √(2/(1+a²)) with LeakyReLU's slope, or PReLU's initial 0.25 (torch's kaiming for leaky_relu).
        float slope = activation.Kind is ActivationKind.LeakyRelu or ActivationKind.PRelu ? activation.Argument : 0f;
        float heGain = (float)Math.Sqrt(2.0 / (1.0 + (double)slope * slope));
        return dense.Init switch
        {
            InitKind.Auto when reluFamily => new WeightInitPlan(WeightInitScheme.HeNormal, fanIn, fanOut, heGain, "Auto: a ReLU-family activation follows"),
            InitKind.Auto => new WeightInitPlan(WeightInitScheme.XavierUniform, fanIn, fanOut, 1f, "Auto: no ReLU-family activation follows"),
            InitKind.PyTorchDefault => new WeightInitPlan(WeightInitScheme.PyTorchDefault, fanIn, fanOut, 1f, "as torch.nn.Linear"),
            InitKind.Zeros => new WeightInitPlan(WeightInitScheme.Zeros, fanIn, fanOut, 1f, "as requested (NG0017)"),
            InitKind.Normal => new WeightInitPlan(WeightInitScheme.Normal, fanIn, fanOut, 1f, "σ = 0.01"),
            InitKind.XavierUniform => new WeightInitPlan(WeightInitScheme.XavierUniform, fanIn, fanOut, 1f, "as requested"),
            InitKind.XavierNormal => new WeightInitPlan(WeightInitScheme.XavierNormal, fanIn, fanOut, 1f, "as requested"),
            InitKind.HeUniform => new WeightInitPlan(WeightInitScheme.HeUniform, fanIn, fanOut, heGain, "as requested"),
            InitKind.HeNormal => new WeightInitPlan(WeightInitScheme.HeNormal, fanIn, fanOut, heGain, "as requested"),
            InitKind.LeCunNormal => new WeightInitPlan(WeightInitScheme.LeCunNormal, fanIn, fanOut, 1f, "as requested"),
            InitKind.TruncatedNormal => new WeightInitPlan(WeightInitScheme.TruncatedNormal, fanIn, fanOut, reluFamily ? heGain : 1f, "σ = gain/√fan_in, cut at ±2σ"),
            InitKind.Orthogonal => new WeightInitPlan(WeightInitScheme.Orthogonal, fanIn, fanOut, OrthogonalGain(activation), "gain of the activation that follows"),
            _ => new WeightInitPlan(WeightInitScheme.Lsuv, fanIn, fanOut, 1f, "orthogonal now, rescaled by InitializeLsuv"),
        };
    }

    /// <summary>torch.nn.init.calculate_gain of the following activation (linear: 1).</summary>
    private static float OrthogonalGain(ActivationPlan activation) => activation.Kind switch
    {
        ActivationKind.Relu => (float)Math.Sqrt(2.0),
        ActivationKind.LeakyRelu or ActivationKind.PRelu => (float)Math.Sqrt(2.0 / (1.0 + (double)activation.Argument * activation.Argument)),
        ActivationKind.Tanh => 5f / 3f,
        _ => 1f,
    };

    private static BiasInitPlan BiasInitOf(OpSpec dense)
    {
        if (dense.HasConstantBias)
        {
            return new BiasInitPlan(BiasInitScheme.Constant, dense.Bias);
        }

        return dense.Init == InitKind.PyTorchDefault
            ? new BiasInitPlan(BiasInitScheme.PyTorchDefault, 0f)
            : new BiasInitPlan(BiasInitScheme.Zeros, 0f);
    }

    /// <summary>The layer below <paramref name="index"/> whose output buffer it reads: Flatten only reinterprets its input.</summary>
    private static int InputLayerOf(List<LayerPlan> laidOut, int index)
    {
        int below = index - 1;
        while (below >= 0 && laidOut[below].Kind == OpKind.Flatten)
        {
            below--;
        }

        return below;
    }

    private static string Describe(LayerSpec layer) =>
        string.Join(" → ", layer.Ops.Select(o => o.Kind switch
        {
            OpKind.Dense => $"Dense({o.Units})",
            OpKind.LeakyReLU => $"LeakyReLU({Literals.Float(o.Slope)})",
            OpKind.ELU => $"ELU({Literals.Float(o.Alpha)})",
            OpKind.Maxout => $"Maxout({Literals.Int(o.Pieces)})",
            OpKind.Conv2D => $"Conv2D({Literals.Int(o.Units)}, {Literals.Int(o.Kernel)}{(o.Stride != 1 ? $", stride {Literals.Int(o.Stride)}" : "")}{(o.Padding != 0 ? $", pad {Literals.Int(o.Padding)}" : "")})",
            OpKind.MaxPool or OpKind.AvgPool => $"{o.Kind}({Literals.Int(o.Kernel)}{(o.Stride != o.Kernel ? $", stride {Literals.Int(o.Stride)}" : "")})",
            OpKind.Dropout => $"Dropout({Literals.Float(o.Probability)})",
            OpKind.BatchNorm or OpKind.LayerNorm => o.Kind.ToString(),
            _ => o.Kind.ToString(),
        }));
}
