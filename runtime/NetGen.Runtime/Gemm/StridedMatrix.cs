namespace NetGen.Runtime;

/// <summary>
/// A read-only matrix view over a span: element (i, j) sits at <c>Data[i * RowStride + j * ColumnStride]</c>.
/// Lets one GEMM driver read X, Wᵀ and dYᵀ without materializing a transpose.
/// </summary>
internal readonly ref struct StridedMatrix(ReadOnlySpan<float> data, int rowStride, int columnStride)
{
    public readonly ReadOnlySpan<float> Data = data;
    public readonly int RowStride = rowStride;
    public readonly int ColumnStride = columnStride;
}
