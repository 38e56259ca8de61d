namespace NetGen.Runtime.Tests;

/// <summary>
/// Each GEMM micro-kernel form (packed, strided, indexed), the small-product driver, the packed driver and the row-dot
/// forms, called directly at every vector width they have (and Scalar where they have one), against double-precision
/// loops: a width the dispatch never picks on this machine is still run here.
/// </summary>
public class GemmKernelTests
{
    public static TheoryData<SimdWidth> VectorWidths => new(SimdWidth.Vector256, SimdWidth.Vector512);

    public static TheoryData<SimdWidth> AllWidths => new(SimdWidth.Scalar, SimdWidth.Vector256, SimdWidth.Vector512);

    [Theory]
    [MemberData(nameof(VectorWidths))]
    public void Strided_kernel_reads_A_and_B_through_their_strides(SimdWidth width)
    {
        const int mr = GemmKernels.Mr;
        int nr = GemmKernels.Nr(width);
        // The 16-wide kernel also stores a narrower strip in place: every column count, and nothing past it.
        int[] widths = width == SimdWidth.Vector256 ? [.. Enumerable.Range(1, nr)] : [nr];
        foreach ((int columns, int depth) in widths.SelectMany(columns => new[] { 1, 2, 7, 33 }.Select(depth => (columns, depth))))
        {
            foreach (bool transposedA in new[] { false, true })
            {
                foreach (bool accumulate in new[] { false, true })
                {
                    // A[6, depth] row-major (lda = depth + 3) or read as the transpose of [depth, 6 + 2]; B[depth, nr] with ldb = nr + 5; C with ldc = nr + 7.
                    int lda = transposedA ? mr + 2 : depth + 3, ldb = nr + 5, ldc = nr + 7;
                    float[] a = TestData.Uniform(transposedA ? depth * lda : mr * lda, seed: depth + 1);
                    float[] b = TestData.Uniform(depth * ldb, seed: depth + 2);
                    float[] c = TestData.Uniform(mr * ldc, seed: depth + 3);
                    float[] expected = (float[])c.Clone();
                    for (int r = 0; r < mr; r++)
                    {
                        for (int j = 0; j < columns; j++)
                        {
                            double sum = accumulate ? c[r * ldc + j] : 0;
                            for (int p = 0; p < depth; p++)
                            {
                                sum += (double)a[transposedA ? p * lda + r : r * lda + p] * b[p * ldb + j];
                            }

                            expected[r * ldc + j] = (float)sum;
                        }
                    }

                    (int aRow, int aStep) = transposedA ? (1, lda) : (lda, 1);
                    GemmKernels.RunStrided(width, depth, ref a[0], aRow, aStep, ref b[0], ldb, ref c[0], ldc, accumulate, columns);
                    Close.All(expected, c, 1e-6f * (depth + 1), $"{width} {columns} columns depth {depth} transposed {transposedA} accumulate {accumulate}");
                }
            }
        }
    }

    /// <summary>
    /// The indexed tiles against a double-precision sum: 6 rows at either width, and 8 rows (A in 8-row panels) at
    /// the AVX-512 strip widths, 32 columns and the 16-column form of a last strip.
    /// </summary>
    [Theory]
    [InlineData(SimdWidth.Vector256, 6)]
    [InlineData(SimdWidth.Vector512, 6)]
    [InlineData(SimdWidth.Vector512, 8)]
    [InlineData(SimdWidth.Vector256, 8)]
    public void Indexed_kernel_reads_each_depth_step_at_its_offset(SimdWidth width, int mr)
    {
        int nr = GemmKernels.Nr(width);
        foreach (int depth in new[] { 1, 4, 25, 75 })
        {
            foreach (bool accumulate in new[] { false, true })
            {
                // A packed as depth groups of mr; B's step p is the nr floats at offsets[p] of a 500-float image.
                float[] a = TestData.Uniform(mr * depth, seed: depth + 11);
                float[] image = TestData.Uniform(500, seed: depth + 12);
                int[] offsets = new int[depth];
                var random = new Random(depth);
                for (int p = 0; p < depth; p++)
                {
                    offsets[p] = random.Next(500 - nr);
                }

                int ldc = nr + 3;
                float[] c = TestData.Uniform(mr * ldc, seed: depth + 13);
                float[] expected = (float[])c.Clone();
                for (int r = 0; r < mr; r++)
                {
                    for (int j = 0; j < nr; j++)
                    {
                        double sum = accumulate ? c[r * ldc + j] : 0;
                        for (int p = 0; p < depth; p++)
                        {
                            sum += (double)a[p * mr + r] * image[offsets[p] + j];
                        }

                        expected[r * ldc + j] = (float)sum;
                    }
                }

                GemmKernels.RunIndexed(width, mr, depth, ref a[0], ref image[0], ref offsets[0], ref c[0], ldc, accumulate);
                Close.All(expected, c, 1e-6f * (depth + 1), $"{width} {mr} rows depth {depth} accumulate {accumulate}");
            }
        }
    }

    /// <summary>Which tile height the indexed kernel takes: 8 rows only at Vector512 and only where they pad no more than 6.</summary>
    [Theory]
    [InlineData(1, 6)]
    [InlineData(6, 6)]
    [InlineData(7, 8)]
    [InlineData(12, 6)]
    [InlineData(16, 8)]
    [InlineData(20, 8)]
    [InlineData(30, 6)]
    [InlineData(32, 8)]
    [InlineData(100, 6)]
    public void Indexed_tiles_are_8_rows_where_they_pad_less(int rows, int expected)
    {
        Assert.Equal(expected, GemmKernels.IndexedRows(SimdWidth.Vector512, rows));
        Assert.Equal(GemmKernels.Mr, GemmKernels.IndexedRows(SimdWidth.Vector256, rows));
        Assert.Equal(GemmKernels.Mr, GemmKernels.IndexedRows(SimdWidth.Scalar, rows));
    }

    [Theory]
    [MemberData(nameof(VectorWidths))]
    public void Small_products_match_reference_in_every_operand_layout(SimdWidth width)
    {
        foreach ((int m, int n, int k) in new[] { (5, 7, 3), (6, 16, 1), (13, 33, 17), (31, 65, 40), (64, 100, 64), (7, 1, 9), (9, 50, 11), (12, 48, 5) })
        {
            Assert.True(SmallGemm.Applies(m, n, k, width));
            CheckLayouts(m, n, k, (a, b, c) => SmallGemm.Compute(a, b, m, n, k, c, new GemmScratch(), width), $"SmallGemm {width}");
        }
    }

    [Theory]
    [MemberData(nameof(AllWidths))]
    public void Packed_driver_matches_reference_in_every_operand_layout(SimdWidth width)
    {
        // Ragged in every dimension; 300 > Kc and 200 > Mc so the depth and row blocks repeat.
        foreach ((int m, int n, int k) in new[] { (1, 1, 1), (7, 45, 13), (200, 70, 300), (13, 1100, 9), (8, 58, 20) })
        {
            CheckLayouts(m, n, k, (a, b, c) => Gemm.ComputeColumns(a, b, m, n, k, c, n, new GemmScratch(), width), $"packed {width}");
        }
    }

    [Theory]
    [MemberData(nameof(AllWidths))]
    public void Dot_product_matches_reference_at_every_length(SimdWidth width)
    {
        float[] a = TestData.Uniform(1100, seed: 31), b = TestData.Uniform(1100, seed: 32);
        foreach (int length in Enumerable.Range(0, 90).Append(1000).Append(1100))
        {
            double expected = 0;
            for (int i = 0; i < length; i++)
            {
                expected += (double)a[i] * b[i];
            }

            float actual = RowDot.Dot(a.AsSpan(0, length), b.AsSpan(0, length), width);
            Assert.True(Math.Abs(expected - actual) <= 1e-6 * (length + 1), $"{width} length {length}: {actual}, expected {expected}");
        }
    }

    [Theory]
    [MemberData(nameof(VectorWidths))]
    public void Row_dot_forms_match_reference(SimdWidth width)
    {
        foreach ((int rows, int cols, int depth, bool deep) in new[] { (1, 10, 784, false), (4, 3, 17, false), (16, 9, 2049, true), (3, 5, 513, true) })
        {
            float[] x = TestData.Uniform(rows * depth, seed: rows), w = TestData.Uniform(cols * depth, seed: cols);
            var expected = new float[rows * cols];
            var actual = new float[rows * cols];
            Array.Fill(actual, float.NaN);
            GemmReference.MultiplyTransposedB(x, w, rows, cols, depth, expected);
            if (deep)
            {
                RowDot.MultiplyTransposedBDeep(x, w, rows, cols, depth, actual, width);
            }
            else
            {
                RowDot.MultiplyTransposedB(x, w, rows, cols, depth, actual, new GemmScratch(), width);
            }

            Close.All(expected, actual, 1e-6f * depth, $"{width} {rows}×{cols}×{depth}");
        }
    }

    private delegate void Product(StridedMatrix a, StridedMatrix b, Span<float> c);

    /// <summary>c = a·b with A row-major or transposed, and B row-major or transposed (the three forms Gemm reads and the fourth).</summary>
    private static void CheckLayouts(int m, int n, int k, Product product, string what)
    {
        float[] aData = TestData.Uniform(m * k, seed: m * 31 + k), bData = TestData.Uniform(k * n, seed: n * 17 + k);
        foreach (bool transposedA in new[] { false, true })
        {
            foreach (bool transposedB in new[] { false, true })
            {
                var expected = new float[m * n];
                for (int i = 0; i < m; i++)
                {
                    for (int j = 0; j < n; j++)
                    {
                        double sum = 0;
                        for (int p = 0; p < k; p++)
                        {
                            sum += (double)aData[transposedA ? p * m + i : i * k + p] * bData[transposedB ? j * k + p : p * n + j];
                        }

                        expected[i * n + j] = (float)sum;
                    }
                }

                var c = new float[m * n];
                Array.Fill(c, float.NaN);
                var a = transposedA ? new StridedMatrix(aData, 1, m) : new StridedMatrix(aData, k, 1);
                var b = transposedB ? new StridedMatrix(bData, 1, k) : new StridedMatrix(bData, n, 1);
                product(a, b, c);
                Close.All(expected, c, 1e-6f * (k + 1), $"{what} {m}×{n}×{k} Aᵀ {transposedA} Bᵀ {transposedB}");
            }
        }
    }
}
