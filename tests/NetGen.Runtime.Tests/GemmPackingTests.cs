namespace NetGen.Runtime.Tests;

/// <summary>
/// The panel layouts the micro-kernels stream, written out: A in 6-row (and the indexed tile's 8-row) panels and B in Nr-column panels, depth-major
/// inside a panel, a ragged panel's missing rows or columns zero. Every row and column count across a panel boundary,
/// depths around the 8-step transposes, and each source layout (row-major, read through a transpose, general strides).
/// </summary>
public sealed class GemmPackingTests
{
    private static readonly int[] Depths = [1, 5, 8, 9, 16, 23];

    /// <summary>6-row panels for every micro-kernel, 8-row panels for the AVX-512 indexed tile (<see cref="GemmPacking.PackA8"/>).</summary>
    [Theory]
    [InlineData(GemmKernels.Mr)]
    [InlineData(IndexedKernel8.Mr)]
    public void A_is_packed_in_row_panels_with_ragged_rows_zero(int mr)
    {
        foreach (int rows in Enumerable.Range(1, 2 * mr + 1))
        {
            foreach (int depth in Depths)
            {
                // (row stride, column stride): row-major with padding, Aᵀ read through strides, neither contiguous.
                foreach ((int rowStride, int columnStride) in new[] { (depth + 3, 1), (1, rows + 2), (2 * depth + 1, 2) })
                {
                    float[] data = TestData.Uniform(rows * rowStride + depth * columnStride + 8, seed: rows * 31 + depth);
                    int panels = (rows + mr - 1) / mr;
                    var packed = new float[panels * mr * depth + 5];
                    Array.Fill(packed, float.NaN);
                    var a = new StridedMatrix(data, rowStride, columnStride);
                    if (mr == GemmKernels.Mr)
                    {
                        GemmPacking.PackA(a, 0, rows, 0, depth, packed);
                    }
                    else
                    {
                        GemmPacking.PackA8(a, 0, rows, 0, depth, packed);
                    }

                    for (int q = 0; q < panels; q++)
                    {
                        for (int p = 0; p < depth; p++)
                        {
                            for (int r = 0; r < mr; r++)
                            {
                                int row = q * mr + r;
                                float expected = row < rows ? data[row * rowStride + p * columnStride] : 0f;
                                Assert.True(expected.Equals(packed[(q * depth + p) * mr + r]), $"{rows} rows, depth {depth}, strides ({rowStride}, {columnStride}): panel {q} step {p} row {r}");
                            }
                        }
                    }
                }
            }
        }
    }

    [Fact]
    public void B_is_packed_in_column_panels_with_ragged_columns_zero()
    {
        foreach (int nr in new[] { 16, 32 })
        {
            foreach (int columns in new[] { 1, 7, 8, 10, 15, 16, 17, 31, 32, 33, 40 })
            {
                foreach (int depth in Depths)
                {
                    // Row-major B, Wᵀ (w[columns, depth] read through its transpose), neither contiguous.
                    foreach ((int rowStride, int columnStride) in new[] { (columns + 5, 1), (1, depth + 1), (2 * columns + 3, 2) })
                    {
                        float[] data = TestData.Uniform(depth * rowStride + columns * columnStride + 8, seed: columns * 17 + depth);
                        int panels = (columns + nr - 1) / nr;
                        var packed = new float[panels * nr * depth + 5];
                        Array.Fill(packed, float.NaN);
                        GemmPacking.PackB(new StridedMatrix(data, rowStride, columnStride), 0, depth, 0, columns, nr, packed);
                        for (int q = 0; q < panels; q++)
                        {
                            for (int p = 0; p < depth; p++)
                            {
                                for (int j = 0; j < nr; j++)
                                {
                                    int column = q * nr + j;
                                    float expected = column < columns ? data[p * rowStride + column * columnStride] : 0f;
                                    Assert.True(expected.Equals(packed[(q * depth + p) * nr + j]), $"nr {nr}, {columns} columns, depth {depth}, strides ({rowStride}, {columnStride}): panel {q} step {p} column {j}");
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
