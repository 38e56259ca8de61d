namespace NetGen.Runtime;

/// <summary>The GEMM micro-kernel geometry per vector width (<see cref="SimdWidth"/> picks the kernel).</summary>
internal static class GemmKernels
{
    /// <summary>Rows of C one micro-kernel call produces.</summary>
    public const int Mr = 6;

    /// <summary>Columns of C one micro-kernel call produces: two vectors of the kernel's width (6×16 AVX2, 6×32 AVX-512).</summary>
    public static int Nr(SimdWidth kernel) => kernel == SimdWidth.Vector512 ? 32 : 16;
}
