using System.Runtime.CompilerServices;

namespace NetGen.Runtime;

/// <summary>
/// The GEMM micro-kernel geometry per vector width (<see cref="SimdWidth"/> picks the kernel), and the one switch from
/// a width to its kernel for the forms that read B in place (strided, indexed), so that every caller runs every width.
/// </summary>
internal static class GemmKernels
{
    /// <summary>Rows of C one micro-kernel call produces.</summary>
    public const int Mr = 6;

    /// <summary>The widest Nr of any kernel: what a buffer sized for every width holds per tile row.</summary>
    public const int MaxNr = MicroKernel512.Nr;

    /// <summary>Columns of C one micro-kernel call produces: two vectors of the kernel's width (6×16 AVX2, 6×32 AVX-512).</summary>
    public static int Nr(SimdWidth kernel) => kernel == SimdWidth.Vector512 ? MicroKernel512.Nr : MicroKernel256.Nr;

    /// <summary>
    /// The kernel for a strip of <paramref name="columns"/> columns of C: the AVX2 kernel when an AVX-512 strip would be
    /// more than half padding (at most 16 columns), else <paramref name="kernel"/>.
    /// </summary>
    public static SimdWidth ForColumns(SimdWidth kernel, int columns) =>
        kernel == SimdWidth.Vector512 && columns <= MicroKernel256.Nr ? SimdWidth.Vector256 : kernel;

    /// <summary>
    /// The Mr × Nr tile with A and B read through strides (<see cref="MicroKernel256.RunStrided"/>), on a vector width;
    /// the 16-wide kernel writes only the first <paramref name="columns"/> of its tile, the 32-wide one always all 32.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void RunStrided(SimdWidth kernel, int depth, ref float a, int aRow, int aStep, ref float b, int bStep, ref float c, int ldc, bool accumulate, int columns)
    {
        if (kernel == SimdWidth.Vector512)
        {
            MicroKernel512.RunStrided(depth, ref a, aRow, aStep, ref b, bStep, ref c, ldc, accumulate);
        }
        else
        {
            MicroKernel256.RunStrided(depth, ref a, aRow, aStep, ref b, bStep, ref c, ldc, accumulate, columns);
        }
    }

    /// <summary>The Mr × Nr tile with B read at per-step offsets (<see cref="MicroKernel256.RunIndexed"/>), on a vector width.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void RunIndexed(SimdWidth kernel, int depth, ref float a, ref float b, ref int offsets, ref float c, int ldc, bool accumulate)
    {
        if (kernel == SimdWidth.Vector512)
        {
            MicroKernel512.RunIndexed(depth, ref a, ref b, ref offsets, ref c, ldc, accumulate);
        }
        else
        {
            MicroKernel256.RunIndexed(depth, ref a, ref b, ref offsets, ref c, ldc, accumulate);
        }
    }
}
