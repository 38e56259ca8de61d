using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NetGen.Runtime;

/// <summary>
/// The one three-tier loop every element-wise kernel runs, written once: the Vector512 body over whole groups of 16
/// (at <see cref="SimdWidth.Vector512"/>), then the Vector256 body over whole groups of 8 (at any vector width), then
/// the scalar tail. Kernels supply only the operation, as an operator struct constrained to a struct so the JIT
/// compiles one specialized, inlined loop per operation: <see cref="Map{TOperator}"/> for y = f(x),
/// <see cref="Zip{TOperator}"/> for y = f(x, w), <see cref="Zip3{TOperator}"/> for y = f(x, a, b), and
/// <see cref="Update{TOperator}"/> for an in-place step over as many spans as the operator carries (the optimizers).
/// Each returns the <see cref="SimdCoverage"/> its tiers reached, which is what the kernel tests check to prove the
/// width they asked for ran its own body.
/// </summary>
internal static partial class SimdLoop
{
    /// <summary>y[i] = op(x[i]); x and y may be the same span (in place).</summary>
    /// <exception cref="ArgumentException">y is shorter than x.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdCoverage Map<TOperator>(ReadOnlySpan<float> x, Span<float> y, TOperator op, SimdWidth width)
        where TOperator : struct, IUnaryOperator
    {
        int n = x.Length;
        Require(y.Length, n, nameof(y));
        ref float source = ref MemoryMarshal.GetReference(x);
        ref float destination = ref MemoryMarshal.GetReference(y);
        int i = 0;
        if (width == SimdWidth.Vector512)
        {
            for (; i <= n - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                op.Invoke(Vector512.LoadUnsafe(ref source, (nuint)i)).StoreUnsafe(ref destination, (nuint)i);
            }
        }

        int wide = i;
        if (width != SimdWidth.Scalar)
        {
            for (; i <= n - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                op.Invoke(Vector256.LoadUnsafe(ref source, (nuint)i)).StoreUnsafe(ref destination, (nuint)i);
            }
        }

        var coverage = new SimdCoverage(wide, i - wide, n - i);
        for (; i < n; i++)
        {
            Unsafe.Add(ref destination, i) = op.Invoke(Unsafe.Add(ref source, i));
        }

        return coverage;
    }

    /// <summary>y[i] = op(x[i], w[i]); y may be the same span as x or w (in place).</summary>
    /// <exception cref="ArgumentException">w or y is shorter than x.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdCoverage Zip<TOperator>(ReadOnlySpan<float> x, ReadOnlySpan<float> w, Span<float> y, TOperator op, SimdWidth width)
        where TOperator : struct, IBinaryOperator
    {
        int n = x.Length;
        Require(w.Length, n, nameof(w));
        Require(y.Length, n, nameof(y));
        ref float first = ref MemoryMarshal.GetReference(x);
        ref float second = ref MemoryMarshal.GetReference(w);
        ref float destination = ref MemoryMarshal.GetReference(y);
        int i = 0;
        if (width == SimdWidth.Vector512)
        {
            for (; i <= n - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                op.Invoke(Vector512.LoadUnsafe(ref first, (nuint)i), Vector512.LoadUnsafe(ref second, (nuint)i)).StoreUnsafe(ref destination, (nuint)i);
            }
        }

        int wide = i;
        if (width != SimdWidth.Scalar)
        {
            for (; i <= n - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                op.Invoke(Vector256.LoadUnsafe(ref first, (nuint)i), Vector256.LoadUnsafe(ref second, (nuint)i)).StoreUnsafe(ref destination, (nuint)i);
            }
        }

        var coverage = new SimdCoverage(wide, i - wide, n - i);
        for (; i < n; i++)
        {
            Unsafe.Add(ref destination, i) = op.Invoke(Unsafe.Add(ref first, i), Unsafe.Add(ref second, i));
        }

        return coverage;
    }

    /// <summary>The loads are unchecked, so a span shorter than the loop's length is refused before the loop starts.</summary>
    private static void Require(int length, int required, string name)
    {
        if (length < required)
        {
            SpanErrors.TooShort(name, length, required);
        }
    }
}
