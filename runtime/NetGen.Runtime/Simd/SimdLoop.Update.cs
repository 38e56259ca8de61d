using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NetGen.Runtime;

internal static partial class SimdLoop
{
    /// <summary>
    /// op over (input[i]; target[i], state0[i], state1[i], state2[i]) in place, at the three tiers. A state span passed
    /// empty is a stream the operator's settings do not use: it reads as zero and is never stored, so an optimizer
    /// without momentum (or without AMSGrad) costs no memory traffic for the buffer it does not have.
    /// </summary>
    /// <exception cref="ArgumentException">input is shorter than target, or a state span is neither empty nor as long.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdCoverage Update<TOperator>(ReadOnlySpan<float> input, Span<float> target, Span<float> state0, Span<float> state1, Span<float> state2, TOperator op, SimdWidth width)
        where TOperator : struct, IUpdateOperator
    {
        int n = target.Length;
        Require(input.Length, n, nameof(input));
        bool has0 = RequireStream(state0.Length, n, nameof(state0));
        bool has1 = RequireStream(state1.Length, n, nameof(state1));
        bool has2 = RequireStream(state2.Length, n, nameof(state2));
        ref float x = ref MemoryMarshal.GetReference(input);
        ref float t = ref MemoryMarshal.GetReference(target);
        ref float s0 = ref MemoryMarshal.GetReference(state0);
        ref float s1 = ref MemoryMarshal.GetReference(state1);
        ref float s2 = ref MemoryMarshal.GetReference(state2);
        int i = 0;
        if (width == SimdWidth.Vector512)
        {
            for (; i <= n - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                nuint k = (nuint)i;
                Vector512<float> value = Vector512.LoadUnsafe(ref t, k);
                Vector512<float> a = has0 ? Vector512.LoadUnsafe(ref s0, k) : default;
                Vector512<float> b = has1 ? Vector512.LoadUnsafe(ref s1, k) : default;
                Vector512<float> c = has2 ? Vector512.LoadUnsafe(ref s2, k) : default;
                op.Invoke(Vector512.LoadUnsafe(ref x, k), ref value, ref a, ref b, ref c);
                value.StoreUnsafe(ref t, k);
                if (has0)
                {
                    a.StoreUnsafe(ref s0, k);
                }

                if (has1)
                {
                    b.StoreUnsafe(ref s1, k);
                }

                if (has2)
                {
                    c.StoreUnsafe(ref s2, k);
                }
            }
        }

        int wide = i;
        if (width != SimdWidth.Scalar)
        {
            for (; i <= n - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                nuint k = (nuint)i;
                Vector256<float> value = Vector256.LoadUnsafe(ref t, k);
                Vector256<float> a = has0 ? Vector256.LoadUnsafe(ref s0, k) : default;
                Vector256<float> b = has1 ? Vector256.LoadUnsafe(ref s1, k) : default;
                Vector256<float> c = has2 ? Vector256.LoadUnsafe(ref s2, k) : default;
                op.Invoke(Vector256.LoadUnsafe(ref x, k), ref value, ref a, ref b, ref c);
                value.StoreUnsafe(ref t, k);
                if (has0)
                {
                    a.StoreUnsafe(ref s0, k);
                }

                if (has1)
                {
                    b.StoreUnsafe(ref s1, k);
                }

                if (has2)
                {
                    c.StoreUnsafe(ref s2, k);
                }
            }
        }

        var coverage = new SimdCoverage(wide, i - wide, n - i);
        for (; i < n; i++)
        {
            float value = Unsafe.Add(ref t, i);
            float a = has0 ? Unsafe.Add(ref s0, i) : 0f;
            float b = has1 ? Unsafe.Add(ref s1, i) : 0f;
            float c = has2 ? Unsafe.Add(ref s2, i) : 0f;
            op.Invoke(Unsafe.Add(ref x, i), ref value, ref a, ref b, ref c);
            Unsafe.Add(ref t, i) = value;
            if (has0)
            {
                Unsafe.Add(ref s0, i) = a;
            }

            if (has1)
            {
                Unsafe.Add(ref s1, i) = b;
            }

            if (has2)
            {
                Unsafe.Add(ref s2, i) = c;
            }
        }

        return coverage;
    }

    /// <summary>Whether a state stream is in use: empty means unused; otherwise it must match the target.</summary>
    private static bool RequireStream(int length, int required, string name)
    {
        if (length != 0 && length != required)
        {
            throw new ArgumentException($"{name} holds {length} floats but the target holds {required}; expected one per element, or none.", name);
        }

        return length != 0;
    }
}
