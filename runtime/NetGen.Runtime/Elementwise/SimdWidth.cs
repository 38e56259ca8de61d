using System.Runtime.Intrinsics;

namespace NetGen.Runtime;

/// <summary>The vector width an element-wise kernel runs at; tests force each one, production uses <see cref="Best"/>.</summary>
internal enum SimdWidth
{
    Scalar,
    Vector256,
    Vector512,
}

internal static class SimdWidths
{
    public static SimdWidth Best { get; } =
        Vector512.IsHardwareAccelerated ? SimdWidth.Vector512
        : Vector256.IsHardwareAccelerated ? SimdWidth.Vector256
        : SimdWidth.Scalar;
}
