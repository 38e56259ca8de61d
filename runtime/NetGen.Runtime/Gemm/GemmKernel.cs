using System.Runtime.Intrinsics;

namespace NetGen.Runtime;

/// <summary>The micro-kernel a GEMM call runs on. <see cref="Gemm.DefaultKernel"/> picks the widest the processor accelerates.</summary>
public enum GemmKernel
{
    /// <summary>Plain scalar loops, the fallback where no vector width is accelerated.</summary>
    Scalar,

    /// <summary>6×16 tile, 12 Vector256 accumulators (AVX2 + FMA).</summary>
    Vector256,

    /// <summary>6×32 tile, 12 Vector512 accumulators (AVX-512).</summary>
    Vector512,
}

internal static class GemmKernels
{
    /// <summary>Rows of C one micro-kernel call produces.</summary>
    public const int Mr = 6;

    /// <summary>Columns of C one micro-kernel call produces: two vectors of the kernel's width.</summary>
    public static int Nr(GemmKernel kernel) => kernel == GemmKernel.Vector512 ? 32 : 16;

    public static GemmKernel Best() =>
        Vector512.IsHardwareAccelerated ? GemmKernel.Vector512
        : Vector256.IsHardwareAccelerated ? GemmKernel.Vector256
        : GemmKernel.Scalar;
}
