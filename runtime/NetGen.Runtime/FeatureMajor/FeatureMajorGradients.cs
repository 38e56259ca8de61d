using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NetGen.Runtime;

/// <summary>
/// The backward products of a dense layer on feature-major gradients (∂L/∂zᵀ[units, lanes] per lane block, as
/// FeatureMajor holds activations; the padding lanes zero): ∂L/∂W = ∂L/∂zᵀ · x over the batch's samples, with x
/// batch-major as it arrives (the input, or a hidden output transposed back once), in the broadcast form that needs
/// no packing; ∂L/∂b the lane sums of ∂L/∂zᵀ; and ∂L/∂zᵀ of the layer below = (Wᵀ · ∂L/∂zᵀ) ⊙ f'(y), the same
/// register blocks as the forward product with W read down its columns and the activation's derivative applied before
/// the single store. Every product sums in increasing order from zero by fused multiply-adds, as the batch-major GEMMs
/// and the scalar forms do.
/// </summary>
public static class FeatureMajorGradients
{
    /// <summary>
    /// dw[units, depth] = Σ over samples s &lt; <paramref name="batch"/> of ∂L/∂zᵀ[u, s] · x[s, c], from the lane-blocked
    /// <paramref name="dz"/> and x[batch, depth] batch-major. <paramref name="lanes"/> is <see cref="FeatureMajor.Lanes(int)"/> of the batch.
    /// </summary>
    public static void WeightGradient(ReadOnlySpan<float> dz, ReadOnlySpan<float> x, int batch, int depth, int units, int lanes, Span<float> dw) =>
        WeightGradient(dz, x, batch, depth, units, lanes, dw, Simd.Width);

    internal static SimdCoverage WeightGradient(ReadOnlySpan<float> dz, ReadOnlySpan<float> x, int batch, int depth, int units, int lanes, Span<float> dw, SimdWidth width)
    {
        FeatureMajor.CheckLanes(batch, lanes);
        FeatureMajor.CheckWholeBlocks(lanes, width);
        FeatureMajor.CheckMatrix(nameof(dz), dz.Length, units, lanes);
        FeatureMajor.CheckMatrix(nameof(x), x.Length, batch, depth);
        FeatureMajor.CheckMatrix(nameof(dw), dw.Length, units, depth);
        ref float dzRef = ref MemoryMarshal.GetReference(dz);
        ref float xRef = ref MemoryMarshal.GetReference(x);
        ref float dwRef = ref MemoryMarshal.GetReference(dw);
        int block = FeatureMajor.LaneBlock(width);
        int vector = width switch { SimdWidth.Vector512 => Vector512<float>.Count, SimdWidth.Vector256 => Vector256<float>.Count, _ => depth + 1 };
        int column = 0;
        for (; column + 2 * vector <= depth; column += 2 * vector)
        {
            WeightColumns<TwoVectors>(ref dzRef, ref Unsafe.Add(ref xRef, column), depth, batch, units, block, ref Unsafe.Add(ref dwRef, column), width);
        }

        if (column + vector <= depth)
        {
            WeightColumns<OneVector>(ref dzRef, ref Unsafe.Add(ref xRef, column), depth, batch, units, block, ref Unsafe.Add(ref dwRef, column), width);
            column += vector;
        }

        int vectorized = column;
        for (; column < depth; column++)
        {
            ScalarColumn(ref dzRef, ref Unsafe.Add(ref xRef, column), depth, batch, units, block, ref Unsafe.Add(ref dwRef, column));
        }

        return Coverage(width, units * vectorized, units * (depth - vectorized));
    }

    /// <summary>
    /// db[units] = Σ over every lane of ∂L/∂zᵀ[u, lane] (the padding lanes zero): at a vector width each row's vectors
    /// added over the lane blocks, then the lanes summed pairwise (Vector.Sum); one lane after another at Scalar.
    /// </summary>
    public static void BiasGradient(ReadOnlySpan<float> dz, int units, int lanes, Span<float> db) => BiasGradient(dz, units, lanes, db, Simd.Width);

    internal static SimdCoverage BiasGradient(ReadOnlySpan<float> dz, int units, int lanes, Span<float> db, SimdWidth width)
    {
        FeatureMajor.CheckWholeBlocks(lanes, width);
        FeatureMajor.CheckMatrix(nameof(dz), dz.Length, units, lanes);
        if (db.Length < units)
        {
            SpanErrors.TooShort(nameof(db), db.Length, units);
        }

        ref float dzRef = ref MemoryMarshal.GetReference(dz);
        int block = FeatureMajor.LaneBlock(width);
        for (int u = 0; u < units; u++)
        {
            ref float row = ref Unsafe.Add(ref dzRef, u * block);
            db[u] = width switch
            {
                SimdWidth.Vector512 => RowSum512(ref row, units * block, lanes / block),
                SimdWidth.Vector256 => RowSum256(ref row, units * block, lanes / block),
                _ => RowSumScalar(ref row, units, lanes),
            };
        }

        return Coverage(width, units * lanes, 0);
    }

    /// <summary>
    /// dx[depth, lanes] = (Wᵀ · ∂L/∂zᵀ) ⊙ f'(y) for every lane: ∂L/∂zᵀ of the layer below from this layer's
    /// W[units, depth] (before its update) and ∂L/∂zᵀ[units, lanes], f the layer below's activation read through its
    /// output yᵀ[depth, lanes] (<see cref="Identity"/> where it has none: the product alone).
    /// </summary>
    public static void InputGradient<TActivation>(
        ReadOnlySpan<float> weights, ReadOnlySpan<float> dz, TActivation activation, ReadOnlySpan<float> y, int depth, int units, int lanes, Span<float> dx)
        where TActivation : struct, IActivation =>
        InputGradient(weights, dz, activation, y, depth, units, lanes, dx, Simd.Width);

    internal static SimdCoverage InputGradient<TActivation>(
        ReadOnlySpan<float> weights, ReadOnlySpan<float> dz, TActivation activation, ReadOnlySpan<float> y, int depth, int units, int lanes, Span<float> dx, SimdWidth width)
        where TActivation : struct, IActivation
    {
        FeatureMajor.CheckWholeBlocks(lanes, width);
        FeatureMajor.CheckMatrix(nameof(weights), weights.Length, units, depth);
        FeatureMajor.CheckMatrix(nameof(dz), dz.Length, units, lanes);
        FeatureMajor.CheckMatrix(nameof(y), y.Length, depth, lanes);
        FeatureMajor.CheckMatrix(nameof(dx), dx.Length, depth, lanes);
        ref float w = ref MemoryMarshal.GetReference(weights);
        ref float dzRef = ref MemoryMarshal.GetReference(dz);
        ref float yRef = ref MemoryMarshal.GetReference(y);
        ref float dxRef = ref MemoryMarshal.GetReference(dx);
        if (width == SimdWidth.Scalar)
        {
            ScalarInputGradient(ref w, ref dzRef, activation, ref yRef, depth, units, lanes, ref dxRef);
            return new SimdCoverage(0, 0, depth * lanes);
        }

        int block = FeatureMajor.LaneBlock(width);
        int blocks = FeatureMajorDense.RowBlocks(depth, width);
        for (int lane = 0; lane < lanes; lane += block)
        {
            // This lane block's ∂L/∂zᵀ[units, block] in, yᵀ and dxᵀ[depth, block] of the layer below.
            ref float dzBlock = ref Unsafe.Add(ref dzRef, lane * units);
            var store = new DerivativeRows<TActivation>(activation, ref Unsafe.Add(ref yRef, lane * depth), ref Unsafe.Add(ref dxRef, lane * depth), block);
            for (int i = 0, row = 0; i < blocks; i++)
            {
                int rows = FeatureMajorDense.RowsOfBlock(depth, blocks, i);
                if (width == SimdWidth.Vector512)
                {
                    FeatureMajorBlocks.Rows512(rows, ref w, rowStride: 1, innerStride: depth, ref dzBlock, units, block, row, ref store);
                }
                else
                {
                    FeatureMajorBlocks.Rows256(rows, ref w, rowStride: 1, innerStride: depth, ref dzBlock, units, block, row, ref store);
                }

                row += rows;
            }
        }

        return Coverage(width, depth * lanes, 0);
    }

    private static SimdCoverage Coverage(SimdWidth width, int vectorized, int scalar) => width switch
    {
        SimdWidth.Vector512 => new SimdCoverage(vectorized, 0, scalar),
        SimdWidth.Vector256 => new SimdCoverage(0, vectorized, scalar),
        _ => new SimdCoverage(0, 0, vectorized + scalar),
    };

    /// <summary>Columns [column, column + TColumns vectors) of every row of dw, the rows split evenly into register blocks.</summary>
    private static void WeightColumns<TColumns>(ref float dz, ref float x, int depth, int batch, int units, int block, ref float dw, SimdWidth width)
        where TColumns : struct, IColumnVectors
    {
        int blocks = FeatureMajorDense.RowBlocks(units, width);
        for (int i = 0, row = 0; i < blocks; i++)
        {
            int rows = FeatureMajorDense.RowsOfBlock(units, blocks, i);
            if (width == SimdWidth.Vector512)
            {
                WeightRows512<TColumns>(rows, ref dz, ref x, depth, batch, units, block, row, ref Unsafe.Add(ref dw, row * depth));
            }
            else
            {
                WeightRows256<TColumns>(rows, ref dz, ref x, depth, batch, units, block, row, ref Unsafe.Add(ref dw, row * depth));
            }

            row += rows;
        }
    }

    private static void WeightRows512<TColumns>(int rows, ref float dz, ref float x, int depth, int batch, int units, int block, int row, ref float dw)
        where TColumns : struct, IColumnVectors
    {
        switch (rows)
        {
            case 8: WeightBlock512<EightRows, TColumns>(ref dz, ref x, depth, batch, units, block, row, ref dw); break;
            case 7: WeightBlock512<SevenRows, TColumns>(ref dz, ref x, depth, batch, units, block, row, ref dw); break;
            case 6: WeightBlock512<SixRows, TColumns>(ref dz, ref x, depth, batch, units, block, row, ref dw); break;
            case 5: WeightBlock512<FiveRows, TColumns>(ref dz, ref x, depth, batch, units, block, row, ref dw); break;
            case 4: WeightBlock512<FourRows, TColumns>(ref dz, ref x, depth, batch, units, block, row, ref dw); break;
            case 3: WeightBlock512<ThreeRows, TColumns>(ref dz, ref x, depth, batch, units, block, row, ref dw); break;
            case 2: WeightBlock512<TwoRows, TColumns>(ref dz, ref x, depth, batch, units, block, row, ref dw); break;
            default: WeightBlock512<OneRow, TColumns>(ref dz, ref x, depth, batch, units, block, row, ref dw); break;
        }
    }

    private static void WeightRows256<TColumns>(int rows, ref float dz, ref float x, int depth, int batch, int units, int block, int row, ref float dw)
        where TColumns : struct, IColumnVectors
    {
        switch (rows)
        {
            case 6: WeightBlock256<SixRows, TColumns>(ref dz, ref x, depth, batch, units, block, row, ref dw); break;
            case 5: WeightBlock256<FiveRows, TColumns>(ref dz, ref x, depth, batch, units, block, row, ref dw); break;
            case 4: WeightBlock256<FourRows, TColumns>(ref dz, ref x, depth, batch, units, block, row, ref dw); break;
            case 3: WeightBlock256<ThreeRows, TColumns>(ref dz, ref x, depth, batch, units, block, row, ref dw); break;
            case 2: WeightBlock256<TwoRows, TColumns>(ref dz, ref x, depth, batch, units, block, row, ref dw); break;
            default: WeightBlock256<OneRow, TColumns>(ref dz, ref x, depth, batch, units, block, row, ref dw); break;
        }
    }

    /// <summary>TRows rows × TColumns vectors of ∂L/∂W at Vector512: per sample, one or two loads of x's row and one broadcast of ∂L/∂z per row.</summary>
    private static void WeightBlock512<TRows, TColumns>(ref float dz, ref float x, int depth, int batch, int units, int block, int row, ref float dw)
        where TRows : struct, IRowCount
        where TColumns : struct, IColumnVectors
    {
        const int half = 16; // Vector512<float>.Count
        Vector512<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector512<float> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        Vector512<float> c60 = default, c61 = default, c70 = default, c71 = default;
        for (int first = 0; first < batch; first += block)
        {
            // This lane block's ∂L/∂zᵀ rows from `row`, one sample a lane; x's rows for the same samples.
            ref float dzRows = ref Unsafe.Add(ref dz, first * units + row * block);
            int samples = Math.Min(block, batch - first);
            for (int j = 0; j < samples; j++)
            {
                ref float xs = ref Unsafe.Add(ref x, (first + j) * depth);
                Vector512<float> x0 = Vector512.LoadUnsafe(ref xs), x1 = TColumns.Count > 1 ? Vector512.LoadUnsafe(ref xs, half) : default;
                ref float a0 = ref Unsafe.Add(ref dzRows, j);
                Vector512<float> a = Vector512.Create(a0);
                c00 = Vector512.FusedMultiplyAdd(a, x0, c00);
                if (TColumns.Count > 1)
                {
                    c01 = Vector512.FusedMultiplyAdd(a, x1, c01);
                }

                if (TRows.Count > 1)
                {
                    a = Vector512.Create(Unsafe.Add(ref a0, block));
                    c10 = Vector512.FusedMultiplyAdd(a, x0, c10);
                    if (TColumns.Count > 1)
                    {
                        c11 = Vector512.FusedMultiplyAdd(a, x1, c11);
                    }
                }

                if (TRows.Count > 2)
                {
                    a = Vector512.Create(Unsafe.Add(ref a0, 2 * block));
                    c20 = Vector512.FusedMultiplyAdd(a, x0, c20);
                    if (TColumns.Count > 1)
                    {
                        c21 = Vector512.FusedMultiplyAdd(a, x1, c21);
                    }
                }

                if (TRows.Count > 3)
                {
                    a = Vector512.Create(Unsafe.Add(ref a0, 3 * block));
                    c30 = Vector512.FusedMultiplyAdd(a, x0, c30);
                    if (TColumns.Count > 1)
                    {
                        c31 = Vector512.FusedMultiplyAdd(a, x1, c31);
                    }
                }

                if (TRows.Count > 4)
                {
                    a = Vector512.Create(Unsafe.Add(ref a0, 4 * block));
                    c40 = Vector512.FusedMultiplyAdd(a, x0, c40);
                    if (TColumns.Count > 1)
                    {
                        c41 = Vector512.FusedMultiplyAdd(a, x1, c41);
                    }
                }

                if (TRows.Count > 5)
                {
                    a = Vector512.Create(Unsafe.Add(ref a0, 5 * block));
                    c50 = Vector512.FusedMultiplyAdd(a, x0, c50);
                    if (TColumns.Count > 1)
                    {
                        c51 = Vector512.FusedMultiplyAdd(a, x1, c51);
                    }
                }

                if (TRows.Count > 6)
                {
                    a = Vector512.Create(Unsafe.Add(ref a0, 6 * block));
                    c60 = Vector512.FusedMultiplyAdd(a, x0, c60);
                    if (TColumns.Count > 1)
                    {
                        c61 = Vector512.FusedMultiplyAdd(a, x1, c61);
                    }
                }

                if (TRows.Count > 7)
                {
                    a = Vector512.Create(Unsafe.Add(ref a0, 7 * block));
                    c70 = Vector512.FusedMultiplyAdd(a, x0, c70);
                    if (TColumns.Count > 1)
                    {
                        c71 = Vector512.FusedMultiplyAdd(a, x1, c71);
                    }
                }
            }
        }

        StoreRow(c00, c01, TColumns.Count, ref dw);

        if (TRows.Count > 1)
        {
            StoreRow(c10, c11, TColumns.Count, ref Unsafe.Add(ref dw, 1 * depth));
        }

        if (TRows.Count > 2)
        {
            StoreRow(c20, c21, TColumns.Count, ref Unsafe.Add(ref dw, 2 * depth));
        }

        if (TRows.Count > 3)
        {
            StoreRow(c30, c31, TColumns.Count, ref Unsafe.Add(ref dw, 3 * depth));
        }

        if (TRows.Count > 4)
        {
            StoreRow(c40, c41, TColumns.Count, ref Unsafe.Add(ref dw, 4 * depth));
        }

        if (TRows.Count > 5)
        {
            StoreRow(c50, c51, TColumns.Count, ref Unsafe.Add(ref dw, 5 * depth));
        }

        if (TRows.Count > 6)
        {
            StoreRow(c60, c61, TColumns.Count, ref Unsafe.Add(ref dw, 6 * depth));
        }

        if (TRows.Count > 7)
        {
            StoreRow(c70, c71, TColumns.Count, ref Unsafe.Add(ref dw, 7 * depth));
        }
    }

    /// <summary>TRows rows × TColumns vectors of ∂L/∂W at Vector256: per sample, one or two loads of x's row and one broadcast of ∂L/∂z per row.</summary>
    private static void WeightBlock256<TRows, TColumns>(ref float dz, ref float x, int depth, int batch, int units, int block, int row, ref float dw)
        where TRows : struct, IRowCount
        where TColumns : struct, IColumnVectors
    {
        const int half = 8; // Vector256<float>.Count
        Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector256<float> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        for (int first = 0; first < batch; first += block)
        {
            // This lane block's ∂L/∂zᵀ rows from `row`, one sample a lane; x's rows for the same samples.
            ref float dzRows = ref Unsafe.Add(ref dz, first * units + row * block);
            int samples = Math.Min(block, batch - first);
            for (int j = 0; j < samples; j++)
            {
                ref float xs = ref Unsafe.Add(ref x, (first + j) * depth);
                Vector256<float> x0 = Vector256.LoadUnsafe(ref xs), x1 = TColumns.Count > 1 ? Vector256.LoadUnsafe(ref xs, half) : default;
                ref float a0 = ref Unsafe.Add(ref dzRows, j);
                Vector256<float> a = Vector256.Create(a0);
                c00 = Vector256.FusedMultiplyAdd(a, x0, c00);
                if (TColumns.Count > 1)
                {
                    c01 = Vector256.FusedMultiplyAdd(a, x1, c01);
                }

                if (TRows.Count > 1)
                {
                    a = Vector256.Create(Unsafe.Add(ref a0, block));
                    c10 = Vector256.FusedMultiplyAdd(a, x0, c10);
                    if (TColumns.Count > 1)
                    {
                        c11 = Vector256.FusedMultiplyAdd(a, x1, c11);
                    }
                }

                if (TRows.Count > 2)
                {
                    a = Vector256.Create(Unsafe.Add(ref a0, 2 * block));
                    c20 = Vector256.FusedMultiplyAdd(a, x0, c20);
                    if (TColumns.Count > 1)
                    {
                        c21 = Vector256.FusedMultiplyAdd(a, x1, c21);
                    }
                }

                if (TRows.Count > 3)
                {
                    a = Vector256.Create(Unsafe.Add(ref a0, 3 * block));
                    c30 = Vector256.FusedMultiplyAdd(a, x0, c30);
                    if (TColumns.Count > 1)
                    {
                        c31 = Vector256.FusedMultiplyAdd(a, x1, c31);
                    }
                }

                if (TRows.Count > 4)
                {
                    a = Vector256.Create(Unsafe.Add(ref a0, 4 * block));
                    c40 = Vector256.FusedMultiplyAdd(a, x0, c40);
                    if (TColumns.Count > 1)
                    {
                        c41 = Vector256.FusedMultiplyAdd(a, x1, c41);
                    }
                }

                if (TRows.Count > 5)
                {
                    a = Vector256.Create(Unsafe.Add(ref a0, 5 * block));
                    c50 = Vector256.FusedMultiplyAdd(a, x0, c50);
                    if (TColumns.Count > 1)
                    {
                        c51 = Vector256.FusedMultiplyAdd(a, x1, c51);
                    }
                }
            }
        }

        StoreRow(c00, c01, TColumns.Count, ref dw);

        if (TRows.Count > 1)
        {
            StoreRow(c10, c11, TColumns.Count, ref Unsafe.Add(ref dw, 1 * depth));
        }

        if (TRows.Count > 2)
        {
            StoreRow(c20, c21, TColumns.Count, ref Unsafe.Add(ref dw, 2 * depth));
        }

        if (TRows.Count > 3)
        {
            StoreRow(c30, c31, TColumns.Count, ref Unsafe.Add(ref dw, 3 * depth));
        }

        if (TRows.Count > 4)
        {
            StoreRow(c40, c41, TColumns.Count, ref Unsafe.Add(ref dw, 4 * depth));
        }

        if (TRows.Count > 5)
        {
            StoreRow(c50, c51, TColumns.Count, ref Unsafe.Add(ref dw, 5 * depth));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRow(Vector512<float> low, Vector512<float> high, int vectors, ref float target)
    {
        low.StoreUnsafe(ref target);
        if (vectors > 1)
        {
            high.StoreUnsafe(ref target, (nuint)Vector512<float>.Count);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRow(Vector256<float> low, Vector256<float> high, int vectors, ref float target)
    {
        low.StoreUnsafe(ref target);
        if (vectors > 1)
        {
            high.StoreUnsafe(ref target, (nuint)Vector256<float>.Count);
        }
    }

    /// <summary>
    /// One column of dw, one sample after another: the tail past the vector columns, the whole product at Scalar (where
    /// the lane block is one sample), and the reference the register blocks are tested against.
    /// </summary>
    private static void ScalarColumn(ref float dz, ref float x, int depth, int batch, int units, int block, ref float dw)
    {
        for (int u = 0; u < units; u++)
        {
            float sum = 0f;
            for (int s = 0; s < batch; s++)
            {
                float gradient = Unsafe.Add(ref dz, s / block * units * block + u * block + s % block);
                sum = MathF.FusedMultiplyAdd(gradient, Unsafe.Add(ref x, s * depth), sum);
            }

            Unsafe.Add(ref dw, u * depth) = sum;
        }
    }

    /// <summary>Row u's lanes over the lane blocks (<paramref name="blockStride"/> floats apart), two vectors each.</summary>
    private static float RowSum512(ref float row, int blockStride, int blocks)
    {
        Vector512<float> low = Vector512<float>.Zero, high = Vector512<float>.Zero;
        for (int b = 0; b < blocks; b++)
        {
            ref float lanes = ref Unsafe.Add(ref row, b * blockStride);
            low += Vector512.LoadUnsafe(ref lanes);
            high += Vector512.LoadUnsafe(ref lanes, (nuint)Vector512<float>.Count);
        }

        return Vector512.Sum(low + high);
    }

    private static float RowSum256(ref float row, int blockStride, int blocks)
    {
        Vector256<float> low = Vector256<float>.Zero, high = Vector256<float>.Zero;
        for (int b = 0; b < blocks; b++)
        {
            ref float lanes = ref Unsafe.Add(ref row, b * blockStride);
            low += Vector256.LoadUnsafe(ref lanes);
            high += Vector256.LoadUnsafe(ref lanes, (nuint)Vector256<float>.Count);
        }

        return Vector256.Sum(low + high);
    }

    /// <summary>At Scalar a lane block is one sample: row u's value of each, one after another.</summary>
    private static float RowSumScalar(ref float row, int units, int lanes)
    {
        float sum = 0f;
        for (int lane = 0; lane < lanes; lane++)
        {
            sum += Unsafe.Add(ref row, lane * units);
        }

        return sum;
    }

    /// <summary>
    /// One output at a time, the same fused multiply-adds in the same order as the register blocks, then the
    /// derivative: the reference the vector forms are tested against. Its lane block is one sample, so ∂L/∂zᵀ, yᵀ and
    /// dxᵀ are laid out as dz[lanes, units], y[lanes, depth] and dx[lanes, depth].
    /// </summary>
    private static void ScalarInputGradient<TActivation>(ref float w, ref float dz, TActivation activation, ref float y, int depth, int units, int lanes, ref float dx)
        where TActivation : struct, IActivation
    {
        for (int lane = 0; lane < lanes; lane++)
        {
            for (int k = 0; k < depth; k++)
            {
                float sum = 0f;
                for (int u = 0; u < units; u++)
                {
                    sum = MathF.FusedMultiplyAdd(Unsafe.Add(ref w, u * depth + k), Unsafe.Add(ref dz, lane * units + u), sum);
                }

                int at = lane * depth + k;
                Unsafe.Add(ref dx, at) = typeof(TActivation) == typeof(Identity) ? sum : sum * activation.Derivative(Unsafe.Add(ref y, at));
            }
        }
    }
}
