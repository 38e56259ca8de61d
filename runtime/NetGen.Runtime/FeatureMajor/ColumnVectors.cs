namespace NetGen.Runtime;

/// <summary>
/// How many vectors of weight-gradient columns a register block of <see cref="FeatureMajorGradients"/> accumulates, as
/// a constant: two across the row, then one for a remainder of at least a vector (each instantiation compiled for its count).
/// </summary>
internal interface IColumnVectors
{
    static abstract int Count { get; }
}

internal readonly struct OneVector : IColumnVectors
{
    public static int Count => 1;
}

internal readonly struct TwoVectors : IColumnVectors
{
    public static int Count => 2;
}
