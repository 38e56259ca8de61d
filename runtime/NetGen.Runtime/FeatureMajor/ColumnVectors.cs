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

/// <summary>Whether a weight-gradient register block also sums its rows' ∂L/∂b (a constant per instantiation).</summary>
internal interface IBiasSums
{
    static abstract bool Sums { get; }
}

internal readonly struct SumsBias : IBiasSums
{
    public static bool Sums => true;
}

internal readonly struct NoBias : IBiasSums
{
    public static bool Sums => false;
}
