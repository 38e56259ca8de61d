using System.Collections.Generic;
using System.Linq;

namespace NetGen.Spec;

/// <summary>
/// One module of the torch.nn equivalent of a layer, with the constructor arguments torch takes (unused ones keep their
/// defaults). <see cref="Kind"/> is the torch.nn class name (or <c>Maxout</c>, which torch.nn lacks). Public mirror:
/// NetGen.ModuleDescription, whose properties have the same names.
/// </summary>
/// <param name="InFeatures">Linear in_features; Conv2d in_channels.</param>
/// <param name="OutFeatures">Linear out_features; Conv2d out_channels.</param>
/// <param name="KernelSize">Conv2d, MaxPool2d, AvgPool2d kernel_size (square).</param>
/// <param name="WeightNorm">Linear or Conv2d wrapped in torch.nn.utils.weight_norm (dim 0): weight_g and weight_v.</param>
/// <param name="NumFeatures">BatchNorm1d/2d and InstanceNorm2d num_features; GroupNorm num_channels; PReLU num_parameters.</param>
/// <param name="NormalizedShape">LayerNorm normalized_shape.</param>
/// <param name="NumGroups">GroupNorm num_groups.</param>
/// <param name="Pieces">Maxout: unit j is the max of the producer's outputs jk … jk + k − 1 (per channel plane when spatial).</param>
/// <param name="Spatial">Whether the module's input is [N, C, H, W] rather than [N, features].</param>
/// <param name="MaxNorm">Linear or Conv2d: the max-norm bound c applied to each weight row after every update (torch.renorm), 0 for none.</param>
/// <param name="Std">GaussianNoise: σ of the noise added in training.</param>
/// <param name="Lambda">ActivityL1: λ of the penalty λ·Σ|y|/B on the layer's output.</param>
internal sealed record ModuleSpec(
    string Kind,
    int InFeatures = 0,
    int OutFeatures = 0,
    bool Bias = false,
    bool WeightNorm = false,
    int KernelSize = 0,
    int Stride = 0,
    int Padding = 0,
    bool CeilMode = false,
    bool CountIncludePad = true,
    int NumFeatures = 0,
    EquatableArray<int> NormalizedShape = default,
    int NumGroups = 0,
    float Epsilon = 0f,
    float Momentum = 0f,
    float NegativeSlope = 0f,
    float Alpha = 0f,
    int Pieces = 0,
    float P = 0f,
    bool Spatial = false,
    float MaxNorm = 0f,
    float Std = 0f,
    float Lambda = 0f);

/// <summary>
/// The torch.nn module tree a network is equivalent to, which names its checkpoint tensors (PyTorch's state_dict keys)
/// and its ONNX nodes: one torch.nn.Sequential per layer, an attribute of the model named as the layer's property,
/// holding the layer's ops in declaration order: a torch.nn.Flatten first when a Dense reads a [C, H, W] input;
/// WeightNorm wraps the producer (torch.nn.utils.weight_norm) instead of taking an index of its own; the norm after
/// Dense is BatchNorm1d, after Conv2D BatchNorm2d; LayerNorm normalizes the producer's whole output ([F, H, W] after a
/// Conv2D); InstanceNorm is InstanceNorm2d(affine=True); MaxNorm is a setting of the Linear or Conv2d (a constraint of
/// the training, not a module); GaussianNoise is a module of its own (identity in eval) and ActivityL1 an identity module
/// that always comes last, whatever its place in the attribute list, since it penalizes the layer's output. Neither
/// holds a tensor. So "Hidden1.0.weight" is layer Hidden1's Linear weight.
/// </summary>
internal static class TorchModules
{
    /// <summary>Each layer's modules, in order; the network must be valid (shapes for every layer).</summary>
    public static List<List<ModuleSpec>> Of(ValidatedNetwork network)
    {
        var layers = new List<List<ModuleSpec>>();
        for (int i = 0; i < network.Spec.Layers.Count; i++)
        {
            layers.Add(Of(network.Spec.Layers[i], network.Shapes[i]));
        }

        return layers;
    }

    private static List<ModuleSpec> Of(LayerSpec layer, LayerShape shape)
    {
        var modules = new List<ModuleSpec>();
        OpSpec producer = layer.Ops[0];
        TensorShape input = shape.In;
        int pieces = layer.Ops.FirstOrDefault(o => o.Kind == OpKind.Maxout)?.Pieces ?? 1;
        bool weightNorm = layer.Ops.Any(o => o.Kind == OpKind.WeightNorm);
        float maxNorm = layer.Ops.FirstOrDefault(o => o.Kind == OpKind.MaxNorm)?.Value ?? 0f;
        bool spatial = producer.Kind is OpKind.Conv2D or OpKind.MaxPool or OpKind.AvgPool;
        int produced = producer.Kind switch
        {
            OpKind.Dense or OpKind.Conv2D => producer.Units * pieces,
            OpKind.Flatten => input.Size,
            _ => input.Channels,
        };
        switch (producer.Kind)
        {
            case OpKind.Dense:
                if (input.Spatial)
                {
                    modules.Add(new ModuleSpec("Flatten", Spatial: true));
                }

                modules.Add(new ModuleSpec("Linear", InFeatures: input.Size, OutFeatures: produced, Bias: producer.UseBias, WeightNorm: weightNorm, MaxNorm: maxNorm));
                break;
            case OpKind.Conv2D:
                modules.Add(new ModuleSpec("Conv2d", InFeatures: input.Channels, OutFeatures: produced, Bias: producer.UseBias, WeightNorm: weightNorm, MaxNorm: maxNorm, KernelSize: producer.Kernel, Stride: producer.Stride, Padding: producer.Padding, Spatial: true));
                break;
            case OpKind.MaxPool:
                modules.Add(new ModuleSpec("MaxPool2d", KernelSize: producer.Kernel, Stride: producer.Stride, Padding: producer.Padding, CeilMode: producer.CeilMode, Spatial: true));
                break;
            case OpKind.AvgPool:
                modules.Add(new ModuleSpec("AvgPool2d", KernelSize: producer.Kernel, Stride: producer.Stride, Padding: producer.Padding, CeilMode: producer.CeilMode, CountIncludePad: producer.CountIncludePad, Spatial: true));
                break;
            default:
                modules.Add(new ModuleSpec("Flatten", Spatial: input.Spatial));
                break;
        }

        // The producer's output before a Maxout: [produced] or [produced, H′, W′].
        int height = spatial ? shape.Out.Height : 1, width = spatial ? shape.Out.Width : 1;
        foreach (OpSpec op in layer.Ops.Skip(1))
        {
            ModuleSpec? module = op.Kind switch
            {
                OpKind.BatchNorm => new ModuleSpec(spatial ? "BatchNorm2d" : "BatchNorm1d", NumFeatures: produced, Epsilon: op.Epsilon, Momentum: op.Momentum, Spatial: spatial),
                OpKind.LayerNorm => new ModuleSpec("LayerNorm", NormalizedShape: (spatial ? new[] { produced, height, width } : new[] { produced }).ToEquatableArray(), Epsilon: op.Epsilon, Spatial: spatial),
                OpKind.GroupNorm => new ModuleSpec("GroupNorm", NumFeatures: produced, NumGroups: op.Pieces, Epsilon: op.Epsilon, Spatial: spatial),
                OpKind.InstanceNorm => new ModuleSpec("InstanceNorm2d", NumFeatures: produced, Epsilon: op.Epsilon, Spatial: true),
                OpKind.WeightNorm => null, // wraps the producer
                OpKind.ReLU or OpKind.Tanh or OpKind.Sigmoid or OpKind.GELU or OpKind.SiLU => new ModuleSpec(op.Kind.ToString(), Spatial: spatial),
                OpKind.LeakyReLU => new ModuleSpec("LeakyReLU", NegativeSlope: op.Slope, Spatial: spatial),
                OpKind.ELU => new ModuleSpec("ELU", Alpha: op.Alpha, Spatial: spatial),
                OpKind.PReLU => new ModuleSpec("PReLU", NumFeatures: produced, Spatial: spatial),
                OpKind.Maxout => new ModuleSpec("Maxout", Pieces: op.Pieces, Spatial: spatial),
                OpKind.Dropout => new ModuleSpec("Dropout", P: op.Probability, Spatial: spatial),
                OpKind.GaussianNoise => new ModuleSpec("GaussianNoise", Std: op.Value, Spatial: spatial),
                _ => null, // MaxNorm is the producer's setting; ActivityL1 comes last, below
            };
            if (module is not null)
            {
                modules.Add(module);
            }
        }

        if (layer.Ops.FirstOrDefault(o => o.Kind == OpKind.ActivityL1) is { } penalty)
        {
            modules.Add(new ModuleSpec("ActivityL1", Lambda: penalty.Value, Spatial: spatial));
        }

        return modules;
    }
}
