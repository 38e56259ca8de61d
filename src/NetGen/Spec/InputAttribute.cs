namespace NetGen;

/// <summary>The shape of one input sample: <c>[Input(784)]</c> or <c>[Input(channels, height, width)]</c>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class InputAttribute(params int[] shape) : Attribute
{
    /// <summary>The sample's dimensions; the network reads their product as floats per sample.</summary>
    public int[] Shape { get; } = shape;
}
