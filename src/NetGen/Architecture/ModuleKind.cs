namespace NetGen;

/// <summary>
/// A module of the torch.nn model a network is equivalent to, named as the torch.nn class (<see cref="Maxout"/> is the
/// one torch.nn lacks; tools/netgen_torch.py defines it).
/// </summary>
public enum ModuleKind
{
    /// <summary>torch.nn.Flatten: [N, C, H, W] to [N, C·H·W], channel-major.</summary>
    Flatten,
    /// <summary>torch.nn.Linear: y = x·Wᵀ + b.</summary>
    Linear,
    /// <summary>torch.nn.Conv2d with square kernels.</summary>
    Conv2d,
    /// <summary>torch.nn.MaxPool2d.</summary>
    MaxPool2d,
    /// <summary>torch.nn.AvgPool2d.</summary>
    AvgPool2d,
    /// <summary>torch.nn.BatchNorm1d, after a Linear.</summary>
    BatchNorm1d,
    /// <summary>torch.nn.BatchNorm2d, after a Conv2d.</summary>
    BatchNorm2d,
    /// <summary>torch.nn.LayerNorm over the producer's whole output.</summary>
    LayerNorm,
    /// <summary>torch.nn.GroupNorm.</summary>
    GroupNorm,
    /// <summary>torch.nn.InstanceNorm2d(affine=True), no running statistics.</summary>
    InstanceNorm2d,
    /// <summary>torch.nn.ReLU.</summary>
    ReLU,
    /// <summary>torch.nn.LeakyReLU.</summary>
    LeakyReLU,
    /// <summary>torch.nn.Tanh.</summary>
    Tanh,
    /// <summary>torch.nn.Sigmoid.</summary>
    Sigmoid,
    /// <summary>torch.nn.ELU.</summary>
    ELU,
    /// <summary>torch.nn.GELU, the exact erf form.</summary>
    GELU,
    /// <summary>torch.nn.SiLU: x·σ(x).</summary>
    SiLU,
    /// <summary>torch.nn.PReLU with one slope per unit or channel.</summary>
    PReLU,
    /// <summary>Maxout(k): unit j is the max of inputs jk … jk + k − 1; not in torch.nn.</summary>
    Maxout,
    /// <summary>torch.nn.Dropout: inverted dropout in training, identity in inference.</summary>
    Dropout,
    /// <summary>GaussianNoise(std): x + std·N(0, 1) in training, identity in eval; not in torch.nn (tools/netgen_torch.py defines it).</summary>
    GaussianNoise,
    /// <summary>ActivityL1(lambda): the identity, whose input is penalized by lambda·Σ|x|/N in training; not in torch.nn (tools/netgen_torch.py defines it).</summary>
    ActivityL1,
}
