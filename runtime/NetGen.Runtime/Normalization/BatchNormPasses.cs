using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NetGen.Runtime;

/// <summary>
/// The vectorized inner passes of <see cref="BatchNorm"/>, at the width they are given: along a row of features (after
/// Dense, where each value is a different feature and the per-feature sums live in double vectors) or along a channel
/// plane (after Conv2D, one feature's positions, summed in float lanes over blocks of <see cref="SpanMath.Block"/>
/// values and then in double). Plain multiplies and adds (no FMA), so vector lanes and scalar tails round alike.
/// Every pass but the two plane reductions goes through <see cref="SimdLoop"/> (the many-span row passes and the
/// per-feature double sums as <see cref="IUpdateOperator"/> ref structs); the plane reductions keep their own three
/// tiers because they sum a block into float lanes and then into double, which no map does. Per-feature sums along a
/// row and every element-wise pass give the same bits at every width; only the plane sums' float lanes are as wide as
/// the width, so their last bits follow its summation order.
/// </summary>
internal static class BatchNormPasses
{
    /// <summary>row += bias (if any); sum += row and sumOfSquares += row², per feature, in double.</summary>
    public static SimdCoverage AddBiasAndAccumulate(Span<float> row, ReadOnlySpan<float> bias, Span<double> sum, Span<double> sumOfSquares, SimdWidth width)
    {
        int n = row.Length;
        ReadOnlySpan<float> checkedBias = bias.IsEmpty ? bias : bias.Slice(0, n);
        return SimdLoop.Update(n, new BatchNormStatisticsOperator(row, checkedBias, sum.Slice(0, n), sumOfSquares.Slice(0, n)), width);
    }

    /// <summary>plane += shift; returns (Σ plane, Σ plane²).</summary>
    public static (double Sum, double SumOfSquares) AddShiftAndAccumulate(Span<float> plane, float shift, SimdWidth width)
    {
        double sum = 0, squares = 0;
        ref float r = ref MemoryMarshal.GetReference(plane);
        for (int start = 0; start < plane.Length; start += SpanMath.Block)
        {
            int end = Math.Min(start + SpanMath.Block, plane.Length), p = start;
            if (width == SimdWidth.Vector512)
            {
                Vector512<float> s = Vector512<float>.Zero, q = Vector512<float>.Zero, add = Vector512.Create(shift);
                for (; p <= end - Vector512<float>.Count; p += Vector512<float>.Count)
                {
                    Vector512<float> v = Vector512.LoadUnsafe(ref r, (nuint)p);
                    if (shift != 0f)
                    {
                        v += add;
                        v.StoreUnsafe(ref r, (nuint)p);
                    }

                    s += v;
                    q += v * v;
                }

                sum += SpanMath.SumWidened(s);
                squares += SpanMath.SumWidened(q);
            }

            if (width != SimdWidth.Scalar)
            {
                Vector256<float> s = Vector256<float>.Zero, q = Vector256<float>.Zero, add = Vector256.Create(shift);
                for (; p <= end - Vector256<float>.Count; p += Vector256<float>.Count)
                {
                    Vector256<float> v = Vector256.LoadUnsafe(ref r, (nuint)p);
                    if (shift != 0f)
                    {
                        v += add;
                        v.StoreUnsafe(ref r, (nuint)p);
                    }

                    s += v;
                    q += v * v;
                }

                sum += SpanMath.SumWidened(s);
                squares += SpanMath.SumWidened(q);
            }

            for (; p < end; p++)
            {
                float v = plane[p] + shift;
                plane[p] = v;
                sum += v;
                squares += (double)v * v;
            }
        }

        return (sum, squares);
    }

    /// <summary>z = x̂ = (z − μ)·invStd in place and y = f(γx̂ + β), per feature along a row.</summary>
    public static SimdCoverage NormalizeRow<TActivation>(Span<float> z, ReadOnlySpan<float> means, ReadOnlySpan<float> inverseStd, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, TActivation activation, Span<float> y, SimdWidth width)
        where TActivation : struct, IActivation
    {
        int n = z.Length;
        return SimdLoop.Update(n, new BatchNormNormalizeOperator<TActivation>(z, means.Slice(0, n), inverseStd.Slice(0, n), gamma.Slice(0, n), beta.Slice(0, n), activation, y.Slice(0, n)), width);
    }

    /// <summary>z = x̂ = (z − μ)·invStd in place and y = f(γx̂ + β) along one feature's plane.</summary>
    public static SimdCoverage NormalizePlane<TActivation>(Span<float> z, float mean, float inverseStd, float gamma, float beta, TActivation activation, Span<float> y, SimdWidth width)
        where TActivation : struct, IActivation =>
        SimdLoop.Update(z.Length, new BatchNormNormalizePlaneOperator<TActivation>(z, mean, inverseStd, gamma, beta, activation, y.Slice(0, z.Length)), width);

    /// <summary>sumGamma += d·x̂ and sumBeta += d, per feature along a row, in double.</summary>
    public static SimdCoverage AccumulateProducts(ReadOnlySpan<float> d, ReadOnlySpan<float> normalized, Span<double> sumGamma, Span<double> sumBeta, SimdWidth width)
    {
        int n = d.Length;
        return SimdLoop.Update(n, new BatchNormProductsOperator(d, normalized.Slice(0, n), sumGamma.Slice(0, n), sumBeta.Slice(0, n)), width);
    }

    /// <summary>(Σ d·x̂, Σ d) along one feature's plane.</summary>
    public static (double Products, double Sum) PlaneProducts(ReadOnlySpan<float> d, ReadOnlySpan<float> normalized, SimdWidth width)
    {
        double products = 0, sum = 0;
        ref float dr = ref MemoryMarshal.GetReference(d);
        ref float xr = ref MemoryMarshal.GetReference(normalized.Slice(0, d.Length));
        for (int start = 0; start < d.Length; start += SpanMath.Block)
        {
            int end = Math.Min(start + SpanMath.Block, d.Length), p = start;
            if (width == SimdWidth.Vector512)
            {
                Vector512<float> pv = Vector512<float>.Zero, sv = Vector512<float>.Zero;
                for (; p <= end - Vector512<float>.Count; p += Vector512<float>.Count)
                {
                    Vector512<float> dv = Vector512.LoadUnsafe(ref dr, (nuint)p);
                    pv += dv * Vector512.LoadUnsafe(ref xr, (nuint)p);
                    sv += dv;
                }

                products += SpanMath.SumWidened(pv);
                sum += SpanMath.SumWidened(sv);
            }

            if (width != SimdWidth.Scalar)
            {
                Vector256<float> pv = Vector256<float>.Zero, sv = Vector256<float>.Zero;
                for (; p <= end - Vector256<float>.Count; p += Vector256<float>.Count)
                {
                    Vector256<float> dv = Vector256.LoadUnsafe(ref dr, (nuint)p);
                    pv += dv * Vector256.LoadUnsafe(ref xr, (nuint)p);
                    sv += dv;
                }

                products += SpanMath.SumWidened(pv);
                sum += SpanMath.SumWidened(sv);
            }

            for (; p < end; p++)
            {
                products += (double)d[p] * normalized[p];
                sum += d[p];
            }
        }

        return (products, sum);
    }

    /// <summary>d = scale·(N·d − dβ − x̂·dγ) per feature along a row.</summary>
    public static SimdCoverage InputGradientRow(Span<float> d, ReadOnlySpan<float> normalized, ReadOnlySpan<float> scales, ReadOnlySpan<float> dBeta, ReadOnlySpan<float> dGamma, long count, SimdWidth width)
    {
        int n = d.Length;
        return SimdLoop.Update(n, new BatchNormInputGradientRowOperator(d, normalized.Slice(0, n), scales.Slice(0, n), dBeta.Slice(0, n), dGamma.Slice(0, n), count), width);
    }

    /// <summary>d = scale·(N·d − dβ − x̂·dγ) along one feature's plane.</summary>
    public static SimdCoverage InputGradientPlane(Span<float> d, ReadOnlySpan<float> normalized, float scale, float dBeta, float dGamma, long count, SimdWidth width) =>
        SimdLoop.Zip(d, normalized, d, new BatchNormInputGradientOperator(count, scale, dBeta, dGamma), width);

    /// <summary>y = f(s·y + t) in place along a row, s and t per feature.</summary>
    public static SimdCoverage ScaleShiftRow<TActivation>(Span<float> y, ReadOnlySpan<float> scale, ReadOnlySpan<float> shift, TActivation activation, SimdWidth width)
        where TActivation : struct, IActivation =>
        SimdLoop.Zip3(y, scale, shift, y, new ScaleShiftActivationOperator<TActivation>(activation), width);

    /// <summary>y = f(s·y + t) in place along one feature's plane.</summary>
    public static SimdCoverage ScaleShiftPlane<TActivation>(Span<float> y, float scale, float shift, TActivation activation, SimdWidth width)
        where TActivation : struct, IActivation =>
        SimdLoop.Map(y, y, new PlaneScaleShiftActivationOperator<TActivation>(scale, shift, activation), width);
}
