using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NetGen.Runtime;

/// <summary>
/// Batch norm's first pass along a row of features, as an in-place update: row += bias (if any), then each feature's
/// double sums Σz and Σz² gain the value. The sums are per feature, so every width gives the same bits.
/// </summary>
internal readonly ref struct BatchNormStatisticsOperator : IUpdateOperator
{
    private readonly ref float row;
    private readonly ref float bias;
    private readonly ref double sum;
    private readonly ref double squares;
    private readonly bool hasBias;

    /// <summary>The caller has checked that bias (unless empty), sum and sumOfSquares cover the row.</summary>
    public BatchNormStatisticsOperator(Span<float> row, ReadOnlySpan<float> bias, Span<double> sum, Span<double> sumOfSquares)
    {
        this.row = ref MemoryMarshal.GetReference(row);
        this.bias = ref MemoryMarshal.GetReference(bias);
        this.sum = ref MemoryMarshal.GetReference(sum);
        squares = ref MemoryMarshal.GetReference(sumOfSquares);
        hasBias = !bias.IsEmpty;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Element(nuint i)
    {
        ref float r = ref Unsafe.Add(ref row, i);
        float v = hasBias ? r + Unsafe.Add(ref bias, i) : r;
        r = v;
        Unsafe.Add(ref sum, i) += v;
        Unsafe.Add(ref squares, i) += (double)v * v;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Lanes256(nuint i)
    {
        Vector256<float> v = Vector256.LoadUnsafe(ref row, i);
        if (hasBias)
        {
            v += Vector256.LoadUnsafe(ref bias, i);
            v.StoreUnsafe(ref row, i);
        }

        (Vector256<double> low, Vector256<double> high) = Vector256.Widen(v);
        (Vector256.LoadUnsafe(ref sum, i) + low).StoreUnsafe(ref sum, i);
        (Vector256.LoadUnsafe(ref sum, i + 4) + high).StoreUnsafe(ref sum, i + 4);
        (Vector256.LoadUnsafe(ref squares, i) + low * low).StoreUnsafe(ref squares, i);
        (Vector256.LoadUnsafe(ref squares, i + 4) + high * high).StoreUnsafe(ref squares, i + 4);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Lanes512(nuint i)
    {
        Vector512<float> v = Vector512.LoadUnsafe(ref row, i);
        if (hasBias)
        {
            v += Vector512.LoadUnsafe(ref bias, i);
            v.StoreUnsafe(ref row, i);
        }

        (Vector512<double> low, Vector512<double> high) = Vector512.Widen(v);
        (Vector512.LoadUnsafe(ref sum, i) + low).StoreUnsafe(ref sum, i);
        (Vector512.LoadUnsafe(ref sum, i + 8) + high).StoreUnsafe(ref sum, i + 8);
        (Vector512.LoadUnsafe(ref squares, i) + low * low).StoreUnsafe(ref squares, i);
        (Vector512.LoadUnsafe(ref squares, i + 8) + high * high).StoreUnsafe(ref squares, i + 8);
    }
}
