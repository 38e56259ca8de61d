namespace NetGen.Runtime;

/// <summary>
/// How many weight rows a feature-major register block multiplies at once, as a constant: each instantiation of a
/// kernel generic over it is compiled for its count, the guards on unused rows and their accumulators folded away.
/// </summary>
internal interface IRowCount
{
    static abstract int Count { get; }
}

internal readonly struct OneRow : IRowCount
{
    public static int Count => 1;
}

internal readonly struct TwoRows : IRowCount
{
    public static int Count => 2;
}

internal readonly struct ThreeRows : IRowCount
{
    public static int Count => 3;
}

internal readonly struct FourRows : IRowCount
{
    public static int Count => 4;
}

internal readonly struct FiveRows : IRowCount
{
    public static int Count => 5;
}

internal readonly struct SixRows : IRowCount
{
    public static int Count => 6;
}

internal readonly struct SevenRows : IRowCount
{
    public static int Count => 7;
}

internal readonly struct EightRows : IRowCount
{
    public static int Count => 8;
}
