namespace NetGen;

/// <summary>
/// Batch normalization of the producer's outputs over the batch (torch.nn.BatchNorm1d): batch statistics with the
/// biased variance in training, running statistics (updated with the unbiased variance) in <c>Predict</c>, where the
/// norm is folded into the producer's weight and bias. Learned γ (init 1) and β (init 0) follow the layer's bias in
/// <c>Parameters</c>. Place it right after the producing op.
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class BatchNormAttribute : Attribute
{
    /// <summary>m in (0, 1]: running = (1 − m)·running + m·batch.</summary>
    public float Momentum { get; set; } = 0.1f;

    /// <summary>ε &gt; 0, added to the variance.</summary>
    public float Epsilon { get; set; } = 1e-5f;
}

/// <summary>
/// Layer normalization of each sample's producer outputs (torch.nn.LayerNorm(units)): the sample's own statistics, in
/// training and in <c>Predict</c> alike. Learned γ and β per unit follow the layer's bias. Place it right after the producing op.
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class LayerNormAttribute : Attribute
{
    /// <summary>ε &gt; 0, added to the variance.</summary>
    public float Epsilon { get; set; } = 1e-5f;
}

/// <summary>
/// Group normalization (torch.nn.GroupNorm(groups, channels)): each sample's channels (units after Dense) in
/// <c>groups</c> groups, each normalized with its own statistics, the same in training and <c>Predict</c>; learned γ and β
/// per channel. Groups must divide the channels.
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class GroupNormAttribute(int groups) : Attribute
{
    /// <summary>The number of channel groups, dividing the channels.</summary>
    public int Groups { get; } = groups;

    /// <summary>ε &gt; 0, added to the variance.</summary>
    public float Epsilon { get; set; } = 1e-5f;
}

/// <summary>
/// Instance normalization (torch.nn.InstanceNorm2d with affine = True): every channel of every sample normalized over its
/// own positions, in training and <c>Predict</c> alike; learned γ and β per channel. Group norm with one channel per group.
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class InstanceNormAttribute : Attribute
{
    /// <summary>ε &gt; 0, added to the variance.</summary>
    public float Epsilon { get; set; } = 1e-5f;
}

/// <summary>
/// Weight normalization (Salimans &amp; Kingma; torch.nn.utils.weight_norm with dim = 0): the producing op's weight is
/// learned as a direction v and a length g per output unit or filter, w = g·v/‖v‖. In <c>Parameters</c> the weight
/// slot holds v, and g (init ‖v‖, so w starts as the initialized weight) follows the layer's bias as the norm's γ.
/// It replaces a norm of the outputs: place it right after a Dense or Conv2D, without another norm.
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class WeightNormAttribute : Attribute;
