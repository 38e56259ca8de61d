using System.Runtime.Intrinsics;

namespace NetGen.Runtime;

/// <summary>The vector width an element-wise kernel runs at; tests force each one, production uses the widest accelerated.</summary>
public enum SimdWidth
{
    /// <summary>Plain scalar loops.</summary>
    Scalar,

    /// <summary>Vector256 bodies, scalar tails.</summary>
    Vector256,

    /// <summary>Vector512 bodies, then Vector256, then scalar tails.</summary>
    Vector512,
}

internal static class SimdWidths
{
    public static SimdWidth Best { get; } =
        Vector512.IsHardwareAccelerated ? SimdWidth.Vector512
        : Vector256.IsHardwareAccelerated ? SimdWidth.Vector256
        : SimdWidth.Scalar;
}
