namespace NetGen;

/// <summary>
/// One module of a layer's torch.nn.Sequential, with the constructor arguments torch.nn takes under their torch names
/// (a setting the kind does not take keeps its default). Its position in <see cref="LayerModules.Modules"/> is its
/// index in the Sequential, so a Linear at index 0 of layer Hidden1 holds the tensors "Hidden1.0.weight" and
/// "Hidden1.0.bias".
/// </summary>
public sealed record ModuleDescription(ModuleKind Kind)
{
    /// <summary>Linear in_features; Conv2d in_channels.</summary>
    public int InFeatures { get; init; }

    /// <summary>Linear out_features; Conv2d out_channels (the producer's outputs: units × pieces before a Maxout).</summary>
    public int OutFeatures { get; init; }

    /// <summary>Linear and Conv2d: whether the module has a bias.</summary>
    public bool Bias { get; init; }

    /// <summary>Linear and Conv2d wrapped in torch.nn.utils.weight_norm (dim 0): tensors weight_g and weight_v instead of weight.</summary>
    public bool WeightNorm { get; init; }

    /// <summary>Conv2d, MaxPool2d and AvgPool2d kernel_size (square).</summary>
    public int KernelSize { get; init; }

    /// <summary>Conv2d, MaxPool2d and AvgPool2d stride.</summary>
    public int Stride { get; init; }

    /// <summary>Conv2d, MaxPool2d and AvgPool2d padding (zeros; −∞ for max pooling).</summary>
    public int Padding { get; init; }

    /// <summary>MaxPool2d and AvgPool2d ceil_mode.</summary>
    public bool CeilMode { get; init; }

    /// <summary>AvgPool2d count_include_pad.</summary>
    public bool CountIncludePad { get; init; } = true;

    /// <summary>BatchNorm1d/2d and InstanceNorm2d num_features, GroupNorm num_channels, PReLU num_parameters.</summary>
    public int NumFeatures { get; init; }

    /// <summary>LayerNorm normalized_shape: [features] after a Linear, [C, H, W] after a Conv2d.</summary>
    public IReadOnlyList<int> NormalizedShape { get; init; } = [];

    /// <summary>GroupNorm num_groups.</summary>
    public int NumGroups { get; init; }

    /// <summary>A norm's eps.</summary>
    public float Epsilon { get; init; }

    /// <summary>BatchNorm's momentum for the running statistics.</summary>
    public float Momentum { get; init; }

    /// <summary>LeakyReLU negative_slope.</summary>
    public float NegativeSlope { get; init; }

    /// <summary>ELU alpha.</summary>
    public float Alpha { get; init; }

    /// <summary>Maxout: output unit j is the max of inputs jk … jk + k − 1 (channel planes when <see cref="Spatial"/>).</summary>
    public int Pieces { get; init; }

    /// <summary>Dropout p (active in training only).</summary>
    public float P { get; init; }

    /// <summary>Whether the module reads [N, C, H, W] rather than [N, features].</summary>
    public bool Spatial { get; init; }

    /// <summary>Linear and Conv2d: the max-norm bound c, each weight row renormed to ‖w‖ ≤ c after every update as torch.renorm(w, 2, 0, c); 0 for none.</summary>
    public float MaxNorm { get; init; }

    /// <summary>GaussianNoise: σ of the noise added in training.</summary>
    public float Std { get; init; }

    /// <summary>ActivityL1: λ of the penalty λ·Σ|y|/N on the layer's output, added to the training objective.</summary>
    public float Lambda { get; init; }
}
