namespace NetGen.Runtime;

/// <summary>
/// The backward of an activity L1 penalty λ·Σ|y|/B on a layer's output y[B, units]: ∂L/∂y += (λ/B)·sign(y), with
/// sign(0) = 0 (the subgradient PyTorch's abs uses). The penalty itself is not added to the loss the network reports.
/// </summary>
public static class ActivityL1
{
    /// <summary>dy += <paramref name="scale"/>·sign(y) in place, <paramref name="scale"/> = λ/B.</summary>
    public static void Backward(ReadOnlySpan<float> y, float scale, Span<float> dy) => Backward(y, scale, dy, Simd.Width);

    /// <summary>As the public overload at a chosen width; returns the loops' coverage.</summary>
    internal static SimdCoverage Backward(ReadOnlySpan<float> y, float scale, Span<float> dy, SimdWidth width)
    {
        if (y.Length != dy.Length)
        {
            SpanErrors.LengthsDiffer("activity L1", nameof(dy), y.Length, dy.Length);
        }

        return SimdLoop.Zip(dy, y, dy, new ActivityL1Operator(scale), width);
    }

    /// <summary>λ·Σ|y|/B, the penalty's value (for tests and monitoring), summed in double.</summary>
    public static double Penalty(ReadOnlySpan<float> y, int batch, float lambda)
    {
        double sum = 0;
        foreach (float v in y)
        {
            sum += Math.Abs(v);
        }

        return lambda * sum / batch;
    }
}
