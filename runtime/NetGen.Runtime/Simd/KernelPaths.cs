namespace NetGen.Runtime;

/// <summary>
/// Which kernel each family runs in this process, in words: the width <see cref="Simd.Width"/> chose, the GEMM
/// micro-kernel's tile, whether small products skip packing, how stride-1 convolutions are lowered and whether Predict of
/// small dense chains runs feature-major. Benchmark
/// reports print it so that a number read later says which code produced it.
/// </summary>
public static class KernelPaths
{
    /// <summary>
    /// A one-line description, e.g. "Vector512 (accelerated) · GEMM 6×32 tiles (6×16 for a last strip of ≤ 16 columns)
    /// on 2 threads · SmallGemm 6×32 · DirectConv 6×32 tiles (8×32 where 8-row tiles pad less) read from the padded image ·
    /// feature-major Predict in 8×32 blocks from 16 samples".
    /// </summary>
    public static string Describe()
    {
        SimdWidth width = Simd.Width;
        string how = (Simd.IsAccelerated(width) ? "accelerated" : "emulated") + (Simd.Forced ? $", forced by {Simd.WidthVariable}" : "");
        string tile = $"{GemmKernels.Mr}×{GemmKernels.Nr(width)}";
        string narrow = GemmKernels.ForColumns(width, MicroKernel256.Nr) != width ? $" ({GemmKernels.Mr}×{MicroKernel256.Nr} for a last strip of ≤ {MicroKernel256.Nr} columns)" : "";
        string small = SmallGemm.Applies(GemmKernels.Mr, GemmKernels.Nr(width), 1, width) ? $"SmallGemm {tile}" : "SmallGemm off (scalar: every product packed)";
        string taller = GemmKernels.IndexedRows(width, IndexedKernel8.Mr) == IndexedKernel8.Mr ? $" ({IndexedKernel8.Mr}×{GemmKernels.Nr(width)} where 8-row tiles pad less)" : "";
        string conv = width == SimdWidth.Scalar ? "convolutions through im2col + the scalar GEMM" : $"DirectConv {tile} tiles{taller} read from the padded image";
        int lanes = FeatureMajor.LaneBlock(width);
        string featureMajor = width == SimdWidth.Scalar
            ? "feature-major Predict and training off (scalar)"
            : $"feature-major Predict and training in {FeatureMajorBlocks.MaxRows(width)}×{lanes} blocks where ¾ of the lanes hold samples";
        return $"{width} ({how}) · GEMM {tile} tiles{narrow} on {Gemm.ParallelThreads} thread(s) · {small} · {conv} · {featureMajor}";
    }
}
