using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NetGen.Runtime;

/// <summary>
/// Copies blocks of A and B into the panel order the micro-kernels stream through, zero-padding ragged panels so the
/// kernels never branch on edges. The element copies walk refs without bounds checks (the GEMM driver has checked
/// every shape): with checked span indexing, packing cost about as much as the arithmetic in mid-sized products.
/// </summary>
internal static class GemmPacking
{
    /// <summary>
    /// A[rowStart.., depthStart..] (rows × depth) into Mr-row panels: panel q holds rows q·Mr … q·Mr+Mr-1,
    /// laid out as depth groups of Mr values.
    /// </summary>
    public static void PackA(StridedMatrix a, int rowStart, int rows, int depthStart, int depth, Span<float> packed)
    {
        const int mr = GemmKernels.Mr;
        ref float data = ref MemoryMarshal.GetReference(a.Data);
        int offset = 0;
        for (int panel = 0; panel < rows; panel += mr)
        {
            int panelRows = Math.Min(mr, rows - panel);
            Span<float> dest = packed.Slice(offset, mr * depth);
            if (panelRows < mr)
            {
                dest.Clear();
            }

            ref float d = ref MemoryMarshal.GetReference(dest);
            for (int r = 0; r < panelRows; r++)
            {
                ref float source = ref Unsafe.Add(ref data, (rowStart + panel + r) * a.RowStride + depthStart * a.ColumnStride);
                for (int p = 0; p < depth; p++)
                {
                    Unsafe.Add(ref d, p * mr + r) = Unsafe.Add(ref source, p * a.ColumnStride);
                }
            }

            offset += mr * depth;
        }
    }

    /// <summary>
    /// B[depthStart.., columnStart..] (depth × columns) into Nr-column panels: panel q holds columns q·Nr … q·Nr+Nr-1,
    /// laid out as depth groups of Nr values.
    /// </summary>
    public static void PackB(StridedMatrix b, int depthStart, int depth, int columnStart, int columns, int nr, Span<float> packed)
    {
        ref float data = ref MemoryMarshal.GetReference(b.Data);
        int offset = 0;
        for (int panel = 0; panel < columns; panel += nr)
        {
            int panelColumns = Math.Min(nr, columns - panel);
            Span<float> dest = packed.Slice(offset, nr * depth);
            ref float d = ref MemoryMarshal.GetReference(dest);
            if (b.ColumnStride == 1 && panelColumns == nr)
            {
                // Row-major B: each depth step is one contiguous run of nr floats.
                for (int p = 0; p < depth; p++)
                {
                    b.Data.Slice((depthStart + p) * b.RowStride + columnStart + panel, nr).CopyTo(dest.Slice(p * nr, nr));
                }
            }
            else
            {
                if (panelColumns < nr)
                {
                    dest.Clear();
                }

                for (int j = 0; j < panelColumns; j++)
                {
                    ref float source = ref Unsafe.Add(ref data, depthStart * b.RowStride + (columnStart + panel + j) * b.ColumnStride);
                    for (int p = 0; p < depth; p++)
                    {
                        Unsafe.Add(ref d, p * nr + j) = Unsafe.Add(ref source, p * b.RowStride);
                    }
                }
            }

            offset += nr * depth;
        }
    }
}
