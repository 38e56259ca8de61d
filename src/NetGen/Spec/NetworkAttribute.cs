namespace NetGen;

/// <summary>
/// Marks a <c>partial</c> class as a network for NetGen to compile. Its layers are the class's
/// <c>partial</c> <see cref="Layer"/> properties, in declaration order.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class NetworkAttribute : Attribute
{
    /// <summary>The largest batch one <c>TrainStep</c> or <c>Predict</c> chunk takes; buffers are sized for it once.</summary>
    public int BatchSize { get; set; } = 32;
}
