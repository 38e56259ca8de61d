using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NetGen.Runtime;

/// <summary>
/// A dense layer on feature-major activations (per lane block, as FeatureMajor holds them): yᵀ[units, lanes] =
/// f(W[units, depth] · xᵀ[depth, lanes] + b), on <see cref="FeatureMajorBlocks"/>' register blocks (up to eight weight
/// rows, six at Vector256, by one lane block of two vectors; W broadcast where it lies, never packed) with bias and
/// activation applied in registers before the single store. Each output is Σ_k W[row, k]·x[k] fused-multiply-added in
/// increasing k from zero, then + b, then f: the same operations in the same order as the batch-major GEMM
/// micro-kernels and epilogue (not the single-sample dot-product form's order).
/// </summary>
public static class FeatureMajorDense
{
    /// <summary>
    /// yᵀ = f(W · xᵀ + b) for every lane (padding included), both in FeatureMajor's lane blocks; <paramref name="bias"/>
    /// empty for a layer without one. <paramref name="lanes"/> must be <see cref="FeatureMajor.Lanes(int)"/> of the batch.
    /// </summary>
    public static void Forward<TActivation>(
        ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, TActivation activation, ReadOnlySpan<float> x, int depth, int units, int lanes, Span<float> y)
        where TActivation : struct, IActivation =>
        Forward(weights, bias, activation, x, depth, units, lanes, y, Simd.Width);

    internal static SimdCoverage Forward<TActivation>(
        ReadOnlySpan<float> weights, ReadOnlySpan<float> bias, TActivation activation, ReadOnlySpan<float> x, int depth, int units, int lanes, Span<float> y, SimdWidth width)
        where TActivation : struct, IActivation
    {
        FeatureMajor.CheckMatrix(nameof(weights), weights.Length, units, depth);
        FeatureMajor.CheckMatrix(nameof(x), x.Length, depth, lanes);
        FeatureMajor.CheckMatrix(nameof(y), y.Length, units, lanes);
        bool hasBias = !bias.IsEmpty;
        if (hasBias && bias.Length < units)
        {
            SpanErrors.TooShort(nameof(bias), bias.Length, units);
        }

        FeatureMajor.CheckWholeBlocks(lanes, width);
        int block = FeatureMajor.LaneBlock(width);

        ref float w = ref MemoryMarshal.GetReference(weights);
        ref float b = ref MemoryMarshal.GetReference(bias);
        if (width == SimdWidth.Scalar)
        {
            ScalarForward(ref w, ref b, hasBias, activation, ref MemoryMarshal.GetReference(x), depth, units, lanes, ref MemoryMarshal.GetReference(y));
            return new SimdCoverage(0, 0, units * lanes);
        }

        int blocks = FeatureMajorBlocks.RowBlocks(units, width);
        for (int lane = 0; lane < lanes; lane += block)
        {
            // This lane block's xᵀ[depth, block] and yᵀ[units, block], each contiguous.
            ref float xBlock = ref Unsafe.Add(ref MemoryMarshal.GetReference(x), lane * depth);
            var store = new BiasActivationRows<TActivation>(ref b, hasBias, activation, ref Unsafe.Add(ref MemoryMarshal.GetReference(y), lane * units), block);
            for (int i = 0, row = 0; i < blocks; i++)
            {
                int rows = FeatureMajorBlocks.RowsOfBlock(units, blocks, i);
                if (width == SimdWidth.Vector512)
                {
                    FeatureMajorBlocks.Rows512(rows, ref w, rowStride: depth, innerStride: 1, ref xBlock, depth, block, row, ref store);
                }
                else
                {
                    FeatureMajorBlocks.Rows256(rows, ref w, rowStride: depth, innerStride: 1, ref xBlock, depth, block, row, ref store);
                }

                row += rows;
            }
        }

        return width == SimdWidth.Vector512 ? new SimdCoverage(units * lanes, 0, 0) : new SimdCoverage(0, units * lanes, 0);
    }

    /// <summary>
    /// One output at a time, the same fused multiply-adds in the same order: the reference the vector forms are tested
    /// against. Its lane block is one sample, so xᵀ and yᵀ are laid out as x[lanes, depth] and y[lanes, units].
    /// </summary>
    private static void ScalarForward<TActivation>(ref float w, ref float b, bool hasBias, TActivation activation, ref float x, int depth, int units, int lanes, ref float y)
        where TActivation : struct, IActivation
    {
        for (int row = 0; row < units; row++)
        {
            for (int lane = 0; lane < lanes; lane++)
            {
                float sum = 0f;
                for (int k = 0; k < depth; k++)
                {
                    sum = MathF.FusedMultiplyAdd(Unsafe.Add(ref w, row * depth + k), Unsafe.Add(ref x, lane * depth + k), sum);
                }

                Unsafe.Add(ref y, lane * units + row) = activation.Apply(hasBias ? sum + Unsafe.Add(ref b, row) : sum);
            }
        }
    }
}
