namespace NetGen.Runtime;

/// <summary>Applies an inverted-dropout mask (0 or 1/(1 − p) per element): forward y = a ⊙ mask, backward dy ⊙= mask.</summary>
public static class Dropout
{
    /// <summary>y = a ⊙ mask (out of place: the network keeps a for its activation's backward).</summary>
    public static void Forward(ReadOnlySpan<float> a, ReadOnlySpan<float> mask, Span<float> y) => Forward(a, mask, y, Simd.Width);

    /// <summary>dy ⊙= mask in place: dropped units pass no gradient, kept ones are scaled as in forward.</summary>
    public static void Backward(ReadOnlySpan<float> mask, Span<float> dy) => Backward(mask, dy, Simd.Width);

    /// <summary>As the public overload at a chosen width; returns the loops' coverage.</summary>
    internal static SimdCoverage Forward(ReadOnlySpan<float> a, ReadOnlySpan<float> mask, Span<float> y, SimdWidth width) => Multiply(a, mask, y, width);

    /// <summary>As the public overload at a chosen width; returns the loops' coverage.</summary>
    internal static SimdCoverage Backward(ReadOnlySpan<float> mask, Span<float> dy, SimdWidth width) => Multiply(dy, mask, dy, width);

    private static SimdCoverage Multiply(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> destination, SimdWidth width)
    {
        if (a.Length != b.Length || destination.Length != a.Length)
        {
            SpanErrors.LengthsDiffer("dropout", nameof(b), a.Length, b.Length, destination.Length);
        }

        return SimdLoop.Zip(a, b, destination, default(MultiplyOperator), width);
    }
}
