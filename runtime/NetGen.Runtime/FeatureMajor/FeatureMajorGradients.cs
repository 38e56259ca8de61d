using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NetGen.Runtime;

/// <summary>
/// The backward products of a dense layer on feature-major gradients (∂L/∂zᵀ[units, lanes] per lane block, as
/// FeatureMajor holds activations): ∂L/∂W = ∂L/∂zᵀ · x over the batch's samples, with x batch-major as it arrives (the
/// input, or a hidden output transposed back once), in the broadcast form that needs no packing, and ∂L/∂b in the same
/// pass, each broadcast of ∂L/∂z also added to its row's sum; and ∂L/∂zᵀ of the layer below = (Wᵀ · ∂L/∂zᵀ) ⊙ f'(y),
/// the forward product's register blocks with W read down its columns and the activation's derivative applied before
/// the single store. Every product and sum runs in increasing order from zero (fused multiply-adds for the products),
/// as the batch-major GEMMs, Epilogue.SumRows and the scalar forms do.
/// </summary>
public static class FeatureMajorGradients
{
    /// <summary>
    /// dw[units, depth] = Σ over samples s &lt; <paramref name="batch"/> of ∂L/∂zᵀ[u, s] · x[s, c], and db[units] = Σ_s
    /// ∂L/∂zᵀ[u, s] (<paramref name="db"/> empty for a layer without bias), from the lane-blocked <paramref name="dz"/>
    /// and x[batch, depth] batch-major; the padding lanes are never read. <paramref name="lanes"/> is
    /// <see cref="FeatureMajor.Lanes(int)"/> of the batch.
    /// </summary>
    public static void WeightGradient(ReadOnlySpan<float> dz, ReadOnlySpan<float> x, int batch, int depth, int units, int lanes, Span<float> dw, Span<float> db) =>
        WeightGradient(dz, x, batch, depth, units, lanes, dw, db, Simd.Width);

    internal static SimdCoverage WeightGradient(ReadOnlySpan<float> dz, ReadOnlySpan<float> x, int batch, int depth, int units, int lanes, Span<float> dw, Span<float> db, SimdWidth width)
    {
        FeatureMajor.CheckLanes(batch, lanes);
        FeatureMajor.CheckWholeBlocks(lanes, width);
        FeatureMajor.CheckMatrix(nameof(dz), dz.Length, units, lanes);
        FeatureMajor.CheckMatrix(nameof(x), x.Length, batch, depth);
        FeatureMajor.CheckMatrix(nameof(dw), dw.Length, units, depth);
        bool hasBias = !db.IsEmpty;
        if (hasBias && db.Length < units)
        {
            SpanErrors.TooShort(nameof(db), db.Length, units);
        }

        ref float dzRef = ref MemoryMarshal.GetReference(dz);
        ref float xRef = ref MemoryMarshal.GetReference(x);
        ref float dwRef = ref MemoryMarshal.GetReference(dw);
        ref float dbRef = ref MemoryMarshal.GetReference(db);
        int block = FeatureMajor.LaneBlock(width);
        int vector = width switch { SimdWidth.Vector512 => Vector512<float>.Count, SimdWidth.Vector256 => Vector256<float>.Count, _ => depth + 1 };
        int column = 0;
        for (; column + 2 * vector <= depth; column += 2 * vector)
        {
            // The first block of columns also sums the bias.
            ref float columnX = ref Unsafe.Add(ref xRef, column);
            ref float columnW = ref Unsafe.Add(ref dwRef, column);
            if (hasBias && column == 0)
            {
                WeightColumns<TwoVectors, SumsBias>(ref dzRef, ref columnX, depth, batch, units, block, ref columnW, ref dbRef, width);
            }
            else
            {
                WeightColumns<TwoVectors, NoBias>(ref dzRef, ref columnX, depth, batch, units, block, ref columnW, ref dbRef, width);
            }
        }

        if (column + vector <= depth)
        {
            ref float columnX = ref Unsafe.Add(ref xRef, column);
            ref float columnW = ref Unsafe.Add(ref dwRef, column);
            if (hasBias && column == 0)
            {
                WeightColumns<OneVector, SumsBias>(ref dzRef, ref columnX, depth, batch, units, block, ref columnW, ref dbRef, width);
            }
            else
            {
                WeightColumns<OneVector, NoBias>(ref dzRef, ref columnX, depth, batch, units, block, ref columnW, ref dbRef, width);
            }

            column += vector;
        }

        int vectorized = column;
        for (; column < depth; column++)
        {
            ScalarColumn(ref dzRef, ref Unsafe.Add(ref xRef, column), depth, batch, units, block, ref Unsafe.Add(ref dwRef, column));
        }

        if (hasBias && vectorized == 0)
        {
            ScalarBias(ref dzRef, batch, units, block, ref dbRef);
        }

        return Coverage(width, units * vectorized, units * (depth - vectorized));
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
        int blocks = FeatureMajorBlocks.RowBlocks(depth, width);
        for (int lane = 0; lane < lanes; lane += block)
        {
            // This lane block's ∂L/∂zᵀ[units, block] in, yᵀ and dxᵀ[depth, block] of the layer below.
            ref float dzBlock = ref Unsafe.Add(ref dzRef, lane * units);
            var store = new DerivativeRows<TActivation>(activation, ref Unsafe.Add(ref yRef, lane * depth), ref Unsafe.Add(ref dxRef, lane * depth), block);
            for (int i = 0, row = 0; i < blocks; i++)
            {
                int rows = FeatureMajorBlocks.RowsOfBlock(depth, blocks, i);
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

    /// <summary>
    /// Columns [column, column + TColumns vectors) of every row of dw (and the bias sums with TBias), the rows split
    /// evenly into register blocks: at most eight at Vector512, six at Vector256, four there while it sums the bias
    /// (eight accumulators, four sums and the loads fill its 16 registers).
    /// </summary>
    private static void WeightColumns<TColumns, TBias>(ref float dz, ref float x, int depth, int batch, int units, int block, ref float dw, ref float db, SimdWidth width)
        where TColumns : struct, IColumnVectors
        where TBias : struct, IBiasSums
    {
        int maxRows = width == SimdWidth.Vector256 && TBias.Sums ? FourRows.Count : FeatureMajorBlocks.MaxRows(width);
        int blocks = (units + maxRows - 1) / maxRows;
        for (int i = 0, row = 0; i < blocks; i++)
        {
            int rows = FeatureMajorBlocks.RowsOfBlock(units, blocks, i);
            ref float rowW = ref Unsafe.Add(ref dw, row * depth);
            ref float rowB = ref Unsafe.Add(ref db, TBias.Sums ? row : 0);
            if (width == SimdWidth.Vector512)
            {
                WeightRows512<TColumns, TBias>(rows, ref dz, ref x, depth, batch, units, block, row, ref rowW, ref rowB);
            }
            else
            {
                WeightRows256<TColumns, TBias>(rows, ref dz, ref x, depth, batch, units, block, row, ref rowW, ref rowB);
            }

            row += rows;
        }
    }

    private static void WeightRows512<TColumns, TBias>(int rows, ref float dz, ref float x, int depth, int batch, int units, int block, int row, ref float dw, ref float db)
        where TColumns : struct, IColumnVectors
        where TBias : struct, IBiasSums
    {
        switch (rows)
        {
            case 8: WeightBlock512<EightRows, TColumns, TBias>(ref dz, ref x, depth, batch, units, block, row, ref dw, ref db); break;
            case 7: WeightBlock512<SevenRows, TColumns, TBias>(ref dz, ref x, depth, batch, units, block, row, ref dw, ref db); break;
            case 6: WeightBlock512<SixRows, TColumns, TBias>(ref dz, ref x, depth, batch, units, block, row, ref dw, ref db); break;
            case 5: WeightBlock512<FiveRows, TColumns, TBias>(ref dz, ref x, depth, batch, units, block, row, ref dw, ref db); break;
            case 4: WeightBlock512<FourRows, TColumns, TBias>(ref dz, ref x, depth, batch, units, block, row, ref dw, ref db); break;
            case 3: WeightBlock512<ThreeRows, TColumns, TBias>(ref dz, ref x, depth, batch, units, block, row, ref dw, ref db); break;
            case 2: WeightBlock512<TwoRows, TColumns, TBias>(ref dz, ref x, depth, batch, units, block, row, ref dw, ref db); break;
            default: WeightBlock512<OneRow, TColumns, TBias>(ref dz, ref x, depth, batch, units, block, row, ref dw, ref db); break;
        }
    }

    private static void WeightRows256<TColumns, TBias>(int rows, ref float dz, ref float x, int depth, int batch, int units, int block, int row, ref float dw, ref float db)
        where TColumns : struct, IColumnVectors
        where TBias : struct, IBiasSums
    {
        switch (rows)
        {
            case 6: WeightBlock256<SixRows, TColumns, TBias>(ref dz, ref x, depth, batch, units, block, row, ref dw, ref db); break;
            case 5: WeightBlock256<FiveRows, TColumns, TBias>(ref dz, ref x, depth, batch, units, block, row, ref dw, ref db); break;
            case 4: WeightBlock256<FourRows, TColumns, TBias>(ref dz, ref x, depth, batch, units, block, row, ref dw, ref db); break;
            case 3: WeightBlock256<ThreeRows, TColumns, TBias>(ref dz, ref x, depth, batch, units, block, row, ref dw, ref db); break;
            case 2: WeightBlock256<TwoRows, TColumns, TBias>(ref dz, ref x, depth, batch, units, block, row, ref dw, ref db); break;
            default: WeightBlock256<OneRow, TColumns, TBias>(ref dz, ref x, depth, batch, units, block, row, ref dw, ref db); break;
        }
    }

    /// <summary>
    /// TRows rows × TColumns vectors of ∂L/∂W at Vector512 (and, with TBias, the rows' ∂L/∂b): per sample, one or two loads
    /// of x's row and one broadcast of ∂L/∂z per row, the broadcast also added to the row's bias sum.
    /// </summary>
    private static void WeightBlock512<TRows, TColumns, TBias>(ref float dz, ref float x, int depth, int batch, int units, int block, int row, ref float dw, ref float db)
        where TRows : struct, IRowCount
        where TColumns : struct, IColumnVectors
        where TBias : struct, IBiasSums
    {
        const int half = 16; // Vector512<float>.Count
        Vector512<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector512<float> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        Vector512<float> c60 = default, c61 = default, c70 = default, c71 = default, s0 = default, s1 = default;
        Vector512<float> s2 = default, s3 = default, s4 = default, s5 = default, s6 = default, s7 = default;
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

                if (TBias.Sums)
                {
                    s0 += a;
                }

                if (TRows.Count > 1)
                {
                    a = Vector512.Create(Unsafe.Add(ref a0, block));
                    c10 = Vector512.FusedMultiplyAdd(a, x0, c10);
                    if (TColumns.Count > 1)
                    {
                        c11 = Vector512.FusedMultiplyAdd(a, x1, c11);
                    }

                    if (TBias.Sums)
                    {
                        s1 += a;
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

                    if (TBias.Sums)
                    {
                        s2 += a;
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

                    if (TBias.Sums)
                    {
                        s3 += a;
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

                    if (TBias.Sums)
                    {
                        s4 += a;
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

                    if (TBias.Sums)
                    {
                        s5 += a;
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

                    if (TBias.Sums)
                    {
                        s6 += a;
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

                    if (TBias.Sums)
                    {
                        s7 += a;
                    }
                }
            }
        }

        StoreRow<TColumns, TBias>(c00, c01, s0, ref dw, ref db);

        if (TRows.Count > 1)
        {
            StoreRow<TColumns, TBias>(c10, c11, s1, ref Unsafe.Add(ref dw, 1 * depth), ref Unsafe.Add(ref db, 1));
        }

        if (TRows.Count > 2)
        {
            StoreRow<TColumns, TBias>(c20, c21, s2, ref Unsafe.Add(ref dw, 2 * depth), ref Unsafe.Add(ref db, 2));
        }

        if (TRows.Count > 3)
        {
            StoreRow<TColumns, TBias>(c30, c31, s3, ref Unsafe.Add(ref dw, 3 * depth), ref Unsafe.Add(ref db, 3));
        }

        if (TRows.Count > 4)
        {
            StoreRow<TColumns, TBias>(c40, c41, s4, ref Unsafe.Add(ref dw, 4 * depth), ref Unsafe.Add(ref db, 4));
        }

        if (TRows.Count > 5)
        {
            StoreRow<TColumns, TBias>(c50, c51, s5, ref Unsafe.Add(ref dw, 5 * depth), ref Unsafe.Add(ref db, 5));
        }

        if (TRows.Count > 6)
        {
            StoreRow<TColumns, TBias>(c60, c61, s6, ref Unsafe.Add(ref dw, 6 * depth), ref Unsafe.Add(ref db, 6));
        }

        if (TRows.Count > 7)
        {
            StoreRow<TColumns, TBias>(c70, c71, s7, ref Unsafe.Add(ref dw, 7 * depth), ref Unsafe.Add(ref db, 7));
        }
    }

    /// <summary>
    /// TRows rows × TColumns vectors of ∂L/∂W at Vector256 (and, with TBias, the rows' ∂L/∂b): per sample, one or two loads
    /// of x's row and one broadcast of ∂L/∂z per row, the broadcast also added to the row's bias sum.
    /// </summary>
    private static void WeightBlock256<TRows, TColumns, TBias>(ref float dz, ref float x, int depth, int batch, int units, int block, int row, ref float dw, ref float db)
        where TRows : struct, IRowCount
        where TColumns : struct, IColumnVectors
        where TBias : struct, IBiasSums
    {
        const int half = 8; // Vector256<float>.Count
        Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector256<float> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        Vector256<float> s0 = default, s1 = default, s2 = default, s3 = default, s4 = default, s5 = default;
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

                if (TBias.Sums)
                {
                    s0 += a;
                }

                if (TRows.Count > 1)
                {
                    a = Vector256.Create(Unsafe.Add(ref a0, block));
                    c10 = Vector256.FusedMultiplyAdd(a, x0, c10);
                    if (TColumns.Count > 1)
                    {
                        c11 = Vector256.FusedMultiplyAdd(a, x1, c11);
                    }

                    if (TBias.Sums)
                    {
                        s1 += a;
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

                    if (TBias.Sums)
                    {
                        s2 += a;
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

                    if (TBias.Sums)
                    {
                        s3 += a;
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

                    if (TBias.Sums)
                    {
                        s4 += a;
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

                    if (TBias.Sums)
                    {
                        s5 += a;
                    }
                }
            }
        }

        StoreRow<TColumns, TBias>(c00, c01, s0, ref dw, ref db);

        if (TRows.Count > 1)
        {
            StoreRow<TColumns, TBias>(c10, c11, s1, ref Unsafe.Add(ref dw, 1 * depth), ref Unsafe.Add(ref db, 1));
        }

        if (TRows.Count > 2)
        {
            StoreRow<TColumns, TBias>(c20, c21, s2, ref Unsafe.Add(ref dw, 2 * depth), ref Unsafe.Add(ref db, 2));
        }

        if (TRows.Count > 3)
        {
            StoreRow<TColumns, TBias>(c30, c31, s3, ref Unsafe.Add(ref dw, 3 * depth), ref Unsafe.Add(ref db, 3));
        }

        if (TRows.Count > 4)
        {
            StoreRow<TColumns, TBias>(c40, c41, s4, ref Unsafe.Add(ref dw, 4 * depth), ref Unsafe.Add(ref db, 4));
        }

        if (TRows.Count > 5)
        {
            StoreRow<TColumns, TBias>(c50, c51, s5, ref Unsafe.Add(ref dw, 5 * depth), ref Unsafe.Add(ref db, 5));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRow<TColumns, TBias>(Vector512<float> low, Vector512<float> high, Vector512<float> biasSum, ref float target, ref float bias)
        where TColumns : struct, IColumnVectors
        where TBias : struct, IBiasSums
    {
        low.StoreUnsafe(ref target);
        if (TColumns.Count > 1)
        {
            high.StoreUnsafe(ref target, (nuint)Vector512<float>.Count);
        }

        if (TBias.Sums)
        {
            bias = biasSum.ToScalar(); // every lane holds the same sum
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRow<TColumns, TBias>(Vector256<float> low, Vector256<float> high, Vector256<float> biasSum, ref float target, ref float bias)
        where TColumns : struct, IColumnVectors
        where TBias : struct, IBiasSums
    {
        low.StoreUnsafe(ref target);
        if (TColumns.Count > 1)
        {
            high.StoreUnsafe(ref target, (nuint)Vector256<float>.Count);
        }

        if (TBias.Sums)
        {
            bias = biasSum.ToScalar(); // every lane holds the same sum
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

    /// <summary>db[u] = Σ_s ∂L/∂zᵀ[u, s], one sample after another: where no vector block of columns summed it.</summary>
    private static void ScalarBias(ref float dz, int batch, int units, int block, ref float db)
    {
        for (int u = 0; u < units; u++)
        {
            float sum = 0f;
            for (int s = 0; s < batch; s++)
            {
                sum += Unsafe.Add(ref dz, s / block * units * block + u * block + s % block);
            }

            Unsafe.Add(ref db, u) = sum;
        }
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
