using System;
using System.Collections.Generic;
using System.Linq;
using NetGen.Generator.Common;
using NetGen.Generator.Parsing;
using NetGen.Generator.Validation;

namespace NetGen.Generator.Planning;

/// <summary>
/// Stage 3: lowers a valid spec to a <see cref="NetworkPlan"/>: the validated shapes as windows and sizes, the parameter
/// layout (layers in order, weight then bias), the shared init resolution, the fusion decisions and the gradient buffer
/// assignment. Pure.
/// </summary>
internal static class Planner
{
    /// <summary>The plan of a network without errors; its shapes are those validation inferred.</summary>
    public static NetworkPlan Plan(ValidatedNetwork validated)
    {
        NetworkSpec spec = validated.Spec;
        EquatableArray<LayerShape> shapes = validated.Shapes;
        int inputSize = spec.InputShape.Aggregate(1, (product, d) => product * d);
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
                ? new WindowPlan(inShape.Channels, inShape.Height, inShape.Width, outShape.Channels * activation.Pieces, producer.Kernel, producer.Stride, producer.Padding, outShape.Height, outShape.Width, producer.CeilMode, producer.CountIncludePad)
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
                Description: LayerText.Describe(layer),
                InputSize: inShape.Size,
                Units: units,
                ProducerWidth: producerWidth,
                UseBias: useBias,
                WeightOffset: offset,
                BiasOffset: offset + weightLength,
                Activation: activation,
                WeightInit: InitResolution.Weight(producer, layer.Ops.FirstOrDefault(o => o.Kind.IsActivation()), fanIn, fanOut),
                BiasInit: InitResolution.Bias(producer),
                // Buffer planning: ∂L/∂y of consecutive layers alternate between two buffers, the last layer's in
                // slot 0 (where the loss writes), so backward never needs more than the current and the next gradient.
                OutputGradientSlot: (count - 1 - i) % 2,
                DropoutProbability: layer.Ops.FirstOrDefault(o => o.Kind == OpKind.Dropout)?.Probability ?? 0f,
                Norm: norm is null ? null : new NormPlan(norm.Kind, norm.Momentum, norm.Epsilon, norm.Kind switch { OpKind.GroupNorm => norm.Pieces, OpKind.InstanceNorm => weightRows, _ => 1 }),
                GammaOffset: afterBias,
                Kind: producer.Kind,
                Window: window,
                MaxNorm: ValueOf(layer, OpKind.MaxNorm),
                NoiseStd: ValueOf(layer, OpKind.GaussianNoise),
                ActivityL1: ValueOf(layer, OpKind.ActivityL1));
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
            GradientBufferLength: spec.BatchSize * layers.Max(l => System.Math.Max(l.Units, l.Index > 0 ? l.InputSize : 0)),
            ArchitectureOf(validated));
    }

    /// <summary>
    /// The torch.nn module tree from the rules both engines share (TorchModules, SpecFingerprint): nothing about the
    /// modules is derived here.
    /// </summary>
    private static ArchitecturePlan ArchitectureOf(ValidatedNetwork validated)
    {
        List<List<ModuleSpec>> modules = TorchModules.Of(validated);
        var layers = new List<LayerModulesPlan>();
        for (int i = 0; i < modules.Count; i++)
        {
            (TensorShape inShape, TensorShape outShape) = validated.Shapes[i];
            layers.Add(new LayerModulesPlan(validated.Spec.Layers[i].Name, ShapeOf(inShape), ShapeOf(outShape), modules[i].ToEquatableArray()));
        }

        return new ArchitecturePlan(SpecFingerprint.Of(validated.Spec), layers.ToEquatableArray());
    }

    /// <summary>A sample's shape as torch writes it: [C, H, W] when spatial, else [features].</summary>
    private static EquatableArray<int> ShapeOf(TensorShape shape) =>
        (shape.Spatial ? new[] { shape.Channels, shape.Height, shape.Width } : new[] { shape.Size }).ToEquatableArray();

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
            OpKind.PReLU => new ActivationPlan(ActivationKind.PRelu, InitResolution.PReluInitialSlope),
            OpKind.Maxout => new ActivationPlan(ActivationKind.Maxout, 0f, op.Pieces),
            _ => new ActivationPlan(ActivationKind.Identity, 0f),
        };
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

    /// <summary>The one setting of a layer regularizer or GaussianNoise, 0 when the layer has none.</summary>
    private static float ValueOf(LayerSpec layer, OpKind kind) => layer.Ops.FirstOrDefault(o => o.Kind == kind)?.Value ?? 0f;
}
