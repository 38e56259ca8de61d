using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NetGen.Runtime;

internal static partial class SimdLoop
{
    /// <summary>y[i] = op(x[i], a[i], b[i]) at the three tiers; y may be the same span as x (in place).</summary>
    /// <exception cref="ArgumentException">a, b or y is shorter than x.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdCoverage Zip3<TOperator>(ReadOnlySpan<float> x, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> y, TOperator op, SimdWidth width)
        where TOperator : struct, ITernaryOperator
    {
        int n = x.Length;
        Require(a.Length, n, nameof(a));
        Require(b.Length, n, nameof(b));
        Require(y.Length, n, nameof(y));
        ref float first = ref MemoryMarshal.GetReference(x);
        ref float second = ref MemoryMarshal.GetReference(a);
        ref float third = ref MemoryMarshal.GetReference(b);
        ref float destination = ref MemoryMarshal.GetReference(y);
        int i = 0;
        if (width == SimdWidth.Vector512)
        {
            for (; i <= n - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                op.Invoke(Vector512.LoadUnsafe(ref first, (nuint)i), Vector512.LoadUnsafe(ref second, (nuint)i), Vector512.LoadUnsafe(ref third, (nuint)i)).StoreUnsafe(ref destination, (nuint)i);
            }
        }

        int wide = i;
        if (width != SimdWidth.Scalar)
        {
            for (; i <= n - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                op.Invoke(Vector256.LoadUnsafe(ref first, (nuint)i), Vector256.LoadUnsafe(ref second, (nuint)i), Vector256.LoadUnsafe(ref third, (nuint)i)).StoreUnsafe(ref destination, (nuint)i);
            }
        }

        var coverage = new SimdCoverage(wide, i - wide, n - i);
        for (; i < n; i++)
        {
            Unsafe.Add(ref destination, i) = op.Invoke(Unsafe.Add(ref first, i), Unsafe.Add(ref second, i), Unsafe.Add(ref third, i));
        }

        return coverage;
    }
}
