using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NetGen.Runtime;

/// <summary>
/// A dense layer on feature-major activations (per lane block, as FeatureMajor holds them): yᵀ[units, lanes] =
/// f(W[units, depth] · xᵀ[depth, lanes] + b), bias and
/// activation applied in registers before the single store. The register block is up to eight weight rows (six at
/// Vector256) by one lane block (two vectors): per input feature k, two loads of xᵀ's row k and one broadcast of
/// W[row, k] per row feed up to sixteen independent FMA chains, W read in place, never packed. Each
/// output is Σ_k W[row, k]·x[k] fused-multiply-added in increasing k from zero, then + b, then f: the same operations
/// in the same order as the batch-major GEMM micro-kernels and epilogue (not the single-sample dot-product form's order).
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

        // Rows split evenly into blocks of at most MaxRows: 32 rows are four blocks of eight at Vector512 and 10 are two
        // of five, never a full block and a ragged one whose few FMA chains wait on each other's latency.
        int maxRows = MaxRows(width);
        int blocks = (units + maxRows - 1) / maxRows;
        for (int lane = 0; lane < lanes; lane += block)
        {
            // This lane block's xᵀ[depth, block] and yᵀ[units, block], each contiguous.
            ref float xBlock = ref Unsafe.Add(ref MemoryMarshal.GetReference(x), lane * depth);
            ref float yBlock = ref Unsafe.Add(ref MemoryMarshal.GetReference(y), lane * units);
            for (int i = 0, row = 0; i < blocks; i++)
            {
                int rows = units / blocks + (i < units % blocks ? 1 : 0);
                if (width == SimdWidth.Vector512)
                {
                    Rows512(rows, ref w, ref b, hasBias, activation, ref xBlock, depth, row, block, ref yBlock);
                }
                else
                {
                    Rows256(rows, ref w, ref b, hasBias, activation, ref xBlock, depth, row, block, ref yBlock);
                }

                row += rows;
            }
        }

        return width == SimdWidth.Vector512 ? new SimdCoverage(units * lanes, 0, 0) : new SimdCoverage(0, units * lanes, 0);
    }

    /// <summary>Weight rows a register block holds: eight at Vector512 (16 accumulators of 32 registers), six at Vector256 (12 of 16).</summary>
    internal static int MaxRows(SimdWidth width) => width == SimdWidth.Vector512 ? EightRows.Count : SixRows.Count;

    private static void Rows512<TActivation>(int rows, ref float w, ref float b, bool hasBias, TActivation activation, ref float x, int depth, int row, int lanes, ref float y)
        where TActivation : struct, IActivation
    {
        ref float wRows = ref Unsafe.Add(ref w, row * depth);
        ref float bRows = ref Unsafe.Add(ref b, hasBias ? row : 0);
        ref float yRows = ref Unsafe.Add(ref y, row * lanes);
        switch (rows)
        {
            case 8: Block512<EightRows, TActivation>(ref wRows, ref bRows, hasBias, activation, ref x, depth, lanes, ref yRows); break;
            case 7: Block512<SevenRows, TActivation>(ref wRows, ref bRows, hasBias, activation, ref x, depth, lanes, ref yRows); break;
            case 6: Block512<SixRows, TActivation>(ref wRows, ref bRows, hasBias, activation, ref x, depth, lanes, ref yRows); break;
            case 5: Block512<FiveRows, TActivation>(ref wRows, ref bRows, hasBias, activation, ref x, depth, lanes, ref yRows); break;
            case 4: Block512<FourRows, TActivation>(ref wRows, ref bRows, hasBias, activation, ref x, depth, lanes, ref yRows); break;
            case 3: Block512<ThreeRows, TActivation>(ref wRows, ref bRows, hasBias, activation, ref x, depth, lanes, ref yRows); break;
            case 2: Block512<TwoRows, TActivation>(ref wRows, ref bRows, hasBias, activation, ref x, depth, lanes, ref yRows); break;
            default: Block512<OneRow, TActivation>(ref wRows, ref bRows, hasBias, activation, ref x, depth, lanes, ref yRows); break;
        }
    }

    private static void Rows256<TActivation>(int rows, ref float w, ref float b, bool hasBias, TActivation activation, ref float x, int depth, int row, int lanes, ref float y)
        where TActivation : struct, IActivation
    {
        ref float wRows = ref Unsafe.Add(ref w, row * depth);
        ref float bRows = ref Unsafe.Add(ref b, hasBias ? row : 0);
        ref float yRows = ref Unsafe.Add(ref y, row * lanes);
        switch (rows)
        {
            case 6: Block256<SixRows, TActivation>(ref wRows, ref bRows, hasBias, activation, ref x, depth, lanes, ref yRows); break;
            case 5: Block256<FiveRows, TActivation>(ref wRows, ref bRows, hasBias, activation, ref x, depth, lanes, ref yRows); break;
            case 4: Block256<FourRows, TActivation>(ref wRows, ref bRows, hasBias, activation, ref x, depth, lanes, ref yRows); break;
            case 3: Block256<ThreeRows, TActivation>(ref wRows, ref bRows, hasBias, activation, ref x, depth, lanes, ref yRows); break;
            case 2: Block256<TwoRows, TActivation>(ref wRows, ref bRows, hasBias, activation, ref x, depth, lanes, ref yRows); break;
            default: Block256<OneRow, TActivation>(ref wRows, ref bRows, hasBias, activation, ref x, depth, lanes, ref yRows); break;
        }
    }

    /// <summary>TRows rows × 32 lanes: accumulators c{row}{half}, sixteen at eight rows; the rest of 32 registers hold xᵀ's two vectors and a broadcast.</summary>
    private static void Block512<TRows, TActivation>(ref float w, ref float b, bool hasBias, TActivation activation, ref float x, int depth, int lanes, ref float y)
        where TRows : struct, IRowCount
        where TActivation : struct, IActivation
    {
        const int half = 16; // Vector512<float>.Count
        Vector512<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector512<float> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        Vector512<float> c60 = default, c61 = default, c70 = default, c71 = default;
        for (int k = 0; k < depth; k++)
        {
            ref float xk = ref Unsafe.Add(ref x, k * lanes);
            Vector512<float> x0 = Vector512.LoadUnsafe(ref xk), x1 = Vector512.LoadUnsafe(ref xk, half);
            ref float wk = ref Unsafe.Add(ref w, k);
            Vector512<float> a = Vector512.Create(wk);
            c00 = Vector512.FusedMultiplyAdd(a, x0, c00);
            c01 = Vector512.FusedMultiplyAdd(a, x1, c01);
            if (TRows.Count > 1)
            {
                a = Vector512.Create(Unsafe.Add(ref wk, depth));
                c10 = Vector512.FusedMultiplyAdd(a, x0, c10);
                c11 = Vector512.FusedMultiplyAdd(a, x1, c11);
            }

            if (TRows.Count > 2)
            {
                a = Vector512.Create(Unsafe.Add(ref wk, 2 * depth));
                c20 = Vector512.FusedMultiplyAdd(a, x0, c20);
                c21 = Vector512.FusedMultiplyAdd(a, x1, c21);
            }

            if (TRows.Count > 3)
            {
                a = Vector512.Create(Unsafe.Add(ref wk, 3 * depth));
                c30 = Vector512.FusedMultiplyAdd(a, x0, c30);
                c31 = Vector512.FusedMultiplyAdd(a, x1, c31);
            }

            if (TRows.Count > 4)
            {
                a = Vector512.Create(Unsafe.Add(ref wk, 4 * depth));
                c40 = Vector512.FusedMultiplyAdd(a, x0, c40);
                c41 = Vector512.FusedMultiplyAdd(a, x1, c41);
            }

            if (TRows.Count > 5)
            {
                a = Vector512.Create(Unsafe.Add(ref wk, 5 * depth));
                c50 = Vector512.FusedMultiplyAdd(a, x0, c50);
                c51 = Vector512.FusedMultiplyAdd(a, x1, c51);
            }

            if (TRows.Count > 6)
            {
                a = Vector512.Create(Unsafe.Add(ref wk, 6 * depth));
                c60 = Vector512.FusedMultiplyAdd(a, x0, c60);
                c61 = Vector512.FusedMultiplyAdd(a, x1, c61);
            }

            if (TRows.Count > 7)
            {
                a = Vector512.Create(Unsafe.Add(ref wk, 7 * depth));
                c70 = Vector512.FusedMultiplyAdd(a, x0, c70);
                c71 = Vector512.FusedMultiplyAdd(a, x1, c71);
            }
        }

        Store(activation, c00, c01, ref b, hasBias, 0, ref y, lanes);
        if (TRows.Count > 1)
        {
            Store(activation, c10, c11, ref b, hasBias, 1, ref y, lanes);
        }

        if (TRows.Count > 2)
        {
            Store(activation, c20, c21, ref b, hasBias, 2, ref y, lanes);
        }

        if (TRows.Count > 3)
        {
            Store(activation, c30, c31, ref b, hasBias, 3, ref y, lanes);
        }

        if (TRows.Count > 4)
        {
            Store(activation, c40, c41, ref b, hasBias, 4, ref y, lanes);
        }

        if (TRows.Count > 5)
        {
            Store(activation, c50, c51, ref b, hasBias, 5, ref y, lanes);
        }

        if (TRows.Count > 6)
        {
            Store(activation, c60, c61, ref b, hasBias, 6, ref y, lanes);
        }

        if (TRows.Count > 7)
        {
            Store(activation, c70, c71, ref b, hasBias, 7, ref y, lanes);
        }
    }

    /// <summary>TRows rows × 16 lanes at Vector256: twelve accumulators, two xᵀ vectors and a broadcast fill 15 of AVX2's 16 registers.</summary>
    private static void Block256<TRows, TActivation>(ref float w, ref float b, bool hasBias, TActivation activation, ref float x, int depth, int lanes, ref float y)
        where TRows : struct, IRowCount
        where TActivation : struct, IActivation
    {
        const int half = 8; // Vector256<float>.Count
        Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector256<float> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        for (int k = 0; k < depth; k++)
        {
            ref float xk = ref Unsafe.Add(ref x, k * lanes);
            Vector256<float> x0 = Vector256.LoadUnsafe(ref xk), x1 = Vector256.LoadUnsafe(ref xk, half);
            ref float wk = ref Unsafe.Add(ref w, k);
            Vector256<float> a = Vector256.Create(wk);
            c00 = Vector256.FusedMultiplyAdd(a, x0, c00);
            c01 = Vector256.FusedMultiplyAdd(a, x1, c01);
            if (TRows.Count > 1)
            {
                a = Vector256.Create(Unsafe.Add(ref wk, depth));
                c10 = Vector256.FusedMultiplyAdd(a, x0, c10);
                c11 = Vector256.FusedMultiplyAdd(a, x1, c11);
            }

            if (TRows.Count > 2)
            {
                a = Vector256.Create(Unsafe.Add(ref wk, 2 * depth));
                c20 = Vector256.FusedMultiplyAdd(a, x0, c20);
                c21 = Vector256.FusedMultiplyAdd(a, x1, c21);
            }

            if (TRows.Count > 3)
            {
                a = Vector256.Create(Unsafe.Add(ref wk, 3 * depth));
                c30 = Vector256.FusedMultiplyAdd(a, x0, c30);
                c31 = Vector256.FusedMultiplyAdd(a, x1, c31);
            }

            if (TRows.Count > 4)
            {
                a = Vector256.Create(Unsafe.Add(ref wk, 4 * depth));
                c40 = Vector256.FusedMultiplyAdd(a, x0, c40);
                c41 = Vector256.FusedMultiplyAdd(a, x1, c41);
            }

            if (TRows.Count > 5)
            {
                a = Vector256.Create(Unsafe.Add(ref wk, 5 * depth));
                c50 = Vector256.FusedMultiplyAdd(a, x0, c50);
                c51 = Vector256.FusedMultiplyAdd(a, x1, c51);
            }
        }

        Store(activation, c00, c01, ref b, hasBias, 0, ref y, lanes);
        if (TRows.Count > 1)
        {
            Store(activation, c10, c11, ref b, hasBias, 1, ref y, lanes);
        }

        if (TRows.Count > 2)
        {
            Store(activation, c20, c21, ref b, hasBias, 2, ref y, lanes);
        }

        if (TRows.Count > 3)
        {
            Store(activation, c30, c31, ref b, hasBias, 3, ref y, lanes);
        }

        if (TRows.Count > 4)
        {
            Store(activation, c40, c41, ref b, hasBias, 4, ref y, lanes);
        }

        if (TRows.Count > 5)
        {
            Store(activation, c50, c51, ref b, hasBias, 5, ref y, lanes);
        }
    }

    /// <summary>
    /// Row <paramref name="row"/> of the block: f(z + b[row]) into its two vectors of lanes. Once per row and lane block,
    /// not per k, so left to the inliner: an eight-row block of tanh would not fit its budget.
    /// </summary>
    private static void Store<TActivation>(TActivation activation, Vector512<float> low, Vector512<float> high, ref float b, bool hasBias, int row, ref float y, int lanes)
        where TActivation : struct, IActivation
    {
        if (hasBias)
        {
            Vector512<float> bias = Vector512.Create(Unsafe.Add(ref b, row));
            low += bias;
            high += bias;
        }

        ref float target = ref Unsafe.Add(ref y, row * lanes);
        activation.Apply(low).StoreUnsafe(ref target);
        activation.Apply(high).StoreUnsafe(ref target, (nuint)Vector512<float>.Count);
    }

    private static void Store<TActivation>(TActivation activation, Vector256<float> low, Vector256<float> high, ref float b, bool hasBias, int row, ref float y, int lanes)
        where TActivation : struct, IActivation
    {
        if (hasBias)
        {
            Vector256<float> bias = Vector256.Create(Unsafe.Add(ref b, row));
            low += bias;
            high += bias;
        }

        ref float target = ref Unsafe.Add(ref y, row * lanes);
        activation.Apply(low).StoreUnsafe(ref target);
        activation.Apply(high).StoreUnsafe(ref target, (nuint)Vector256<float>.Count);
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
