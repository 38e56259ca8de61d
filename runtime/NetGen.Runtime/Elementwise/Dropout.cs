using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NetGen.Runtime;

/// <summary>Applies an inverted-dropout mask (0 or 1/(1 − p) per element): forward y = a ⊙ mask, backward dy ⊙= mask.</summary>
public static class Dropout
{
    /// <summary>y = a ⊙ mask (out of place: the network keeps a for its activation's backward).</summary>
    public static void Forward(ReadOnlySpan<float> a, ReadOnlySpan<float> mask, Span<float> y) => Multiply(a, mask, y);

    /// <summary>dy ⊙= mask in place: dropped units pass no gradient, kept ones are scaled as in forward.</summary>
    public static void Backward(ReadOnlySpan<float> mask, Span<float> dy) => Multiply(dy, mask, dy);

    private static void Multiply(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> destination)
    {
        if (a.Length != b.Length || destination.Length != a.Length)
        {
            throw new ArgumentException($"dropout spans differ in length ({a.Length}, {b.Length}, {destination.Length}).", nameof(b));
        }

        ref float x = ref MemoryMarshal.GetReference(a);
        ref float m = ref MemoryMarshal.GetReference(b);
        ref float d = ref MemoryMarshal.GetReference(destination);
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= a.Length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                (Vector256.LoadUnsafe(ref x, (nuint)i) * Vector256.LoadUnsafe(ref m, (nuint)i)).StoreUnsafe(ref d, (nuint)i);
            }
        }

        for (; i < a.Length; i++)
        {
            destination[i] = a[i] * b[i];
        }
    }
}
