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

    /// <summary>
    /// Rows per tile of the indexed kernel for <paramref name="rows"/> rows of C at <paramref name="width"/>: 8
    /// (<see cref="IndexedKernel8"/>) at Vector512 where 8-row tiles pad no more rows than 6-row ones (7, 8, 16, 20,
    /// 24, 32 … rows), else <see cref="Mr"/>. Never more padded rows than Mr's, so a buffer rounded to Mr rows holds either.
    /// </summary>
    public static int IndexedRows(SimdWidth width, int rows) =>
        width == SimdWidth.Vector512 && RoundUp(rows, IndexedKernel8.Mr) <= RoundUp(rows, Mr) ? IndexedKernel8.Mr : Mr;

    /// <summary>
    /// The <paramref name="rows"/> × Nr tile with B read at per-step offsets (<see cref="MicroKernel256.RunIndexed"/>), on
    /// a vector width: rows is <see cref="Mr"/>, or 8 for an A packed in 8-row panels (<see cref="IndexedRows"/>; at
    /// Vector512 only, its 16-wide strip one Vector512 a row).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void RunIndexed(SimdWidth kernel, int rows, int depth, ref float a, ref float b, ref int offsets, ref float c, int ldc, bool accumulate)
    {
        if (rows == IndexedKernel8.Mr)
        {
            if (kernel == SimdWidth.Vector512)
            {
                IndexedKernel8.Run(depth, ref a, ref b, ref offsets, ref c, ldc, accumulate);
            }
            else
            {
                IndexedKernel8.RunNarrow(depth, ref a, ref b, ref offsets, ref c, ldc, accumulate);
            }
        }
        else if (kernel == SimdWidth.Vector512)
        {
            MicroKernel512.RunIndexed(depth, ref a, ref b, ref offsets, ref c, ldc, accumulate);
        }
        else
        {
            MicroKernel256.RunIndexed(depth, ref a, ref b, ref offsets, ref c, ldc, accumulate);
        }
    }

    private static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;
}
