using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NetGen.Runtime;

/// <summary>
/// Batch norm's backward sums along a row of features, as an in-place update: each feature's double sums Σd·x̂ and Σd
/// gain the row's values. Per feature, so every width gives the same bits.
/// </summary>
internal readonly ref struct BatchNormProductsOperator : IUpdateOperator
{
    private readonly ref float d;
    private readonly ref float x;
    private readonly ref double sumGamma;
    private readonly ref double sumBeta;

    /// <summary>The caller has checked that normalized, sumGamma and sumBeta cover d.</summary>
    public BatchNormProductsOperator(ReadOnlySpan<float> d, ReadOnlySpan<float> normalized, Span<double> sumGamma, Span<double> sumBeta)
    {
        this.d = ref MemoryMarshal.GetReference(d);
        x = ref MemoryMarshal.GetReference(normalized);
        this.sumGamma = ref MemoryMarshal.GetReference(sumGamma);
        this.sumBeta = ref MemoryMarshal.GetReference(sumBeta);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Element(nuint i)
    {
        float di = Unsafe.Add(ref d, i);
        Unsafe.Add(ref sumGamma, i) += (double)di * Unsafe.Add(ref x, i);
        Unsafe.Add(ref sumBeta, i) += di;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Lanes256(nuint i)
    {
        (Vector256<double> dLow, Vector256<double> dHigh) = Vector256.Widen(Vector256.LoadUnsafe(ref d, i));
        (Vector256<double> xLow, Vector256<double> xHigh) = Vector256.Widen(Vector256.LoadUnsafe(ref x, i));
        (Vector256.LoadUnsafe(ref sumGamma, i) + dLow * xLow).StoreUnsafe(ref sumGamma, i);
        (Vector256.LoadUnsafe(ref sumGamma, i + 4) + dHigh * xHigh).StoreUnsafe(ref sumGamma, i + 4);
        (Vector256.LoadUnsafe(ref sumBeta, i) + dLow).StoreUnsafe(ref sumBeta, i);
        (Vector256.LoadUnsafe(ref sumBeta, i + 4) + dHigh).StoreUnsafe(ref sumBeta, i + 4);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Lanes512(nuint i)
    {
        (Vector512<double> dLow, Vector512<double> dHigh) = Vector512.Widen(Vector512.LoadUnsafe(ref d, i));
        (Vector512<double> xLow, Vector512<double> xHigh) = Vector512.Widen(Vector512.LoadUnsafe(ref x, i));
        (Vector512.LoadUnsafe(ref sumGamma, i) + dLow * xLow).StoreUnsafe(ref sumGamma, i);
        (Vector512.LoadUnsafe(ref sumGamma, i + 8) + dHigh * xHigh).StoreUnsafe(ref sumGamma, i + 8);
        (Vector512.LoadUnsafe(ref sumBeta, i) + dLow).StoreUnsafe(ref sumBeta, i);
        (Vector512.LoadUnsafe(ref sumBeta, i + 8) + dHigh).StoreUnsafe(ref sumBeta, i + 8);
    }
}
