using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NetGen.Runtime;

/// <summary>
/// The vectorized inner passes of <see cref="BatchNorm"/>, at the width they are given: along a row of features (after
/// Dense, where each value is a different feature and the per-feature sums live in double vectors) or along a channel
/// plane (after Conv2D, one feature's positions, summed in float lanes over blocks of <see cref="SpanMath.Block"/>
/// values and then in double). Plain multiplies and adds (no FMA), so vector lanes and scalar tails round alike.
/// The element-wise plane passes and the row scale-shift go through <see cref="SimdLoop"/>; the others keep their own
/// three tiers because they either accumulate into double sums (the reductions) or read and write more streams than
/// the shared helpers carry (the row normalization: z, y and four per-feature spans; the row input gradient: five).
/// Per-feature sums along a row and every element-wise pass give the same bits at every width; only the plane sums'
/// float lanes are as wide as the width, so their last bits follow its summation order.
/// </summary>
internal static class BatchNormPasses
{
    /// <summary>row += bias (if any); sum += row and sumOfSquares += row², per feature, in double.</summary>
    public static SimdCoverage AddBiasAndAccumulate(Span<float> row, ReadOnlySpan<float> bias, Span<double> sum, Span<double> sumOfSquares, SimdWidth width)
    {
        int n = row.Length, j = 0;
        bool hasBias = !bias.IsEmpty;
        ref float r = ref MemoryMarshal.GetReference(row);
        ref float b = ref MemoryMarshal.GetReference(bias);
        ref double s = ref MemoryMarshal.GetReference(sum.Slice(0, n));
        ref double q = ref MemoryMarshal.GetReference(sumOfSquares.Slice(0, n));
        if (width == SimdWidth.Vector512)
        {
            for (; j <= n - Vector512<float>.Count; j += Vector512<float>.Count)
            {
                Vector512<float> v = Vector512.LoadUnsafe(ref r, (nuint)j);
                if (hasBias)
                {
                    v += Vector512.LoadUnsafe(ref b, (nuint)j);
                    v.StoreUnsafe(ref r, (nuint)j);
                }

                (Vector512<double> low, Vector512<double> high) = Vector512.Widen(v);
                (Vector512.LoadUnsafe(ref s, (nuint)j) + low).StoreUnsafe(ref s, (nuint)j);
                (Vector512.LoadUnsafe(ref s, (nuint)j + 8) + high).StoreUnsafe(ref s, (nuint)j + 8);
                (Vector512.LoadUnsafe(ref q, (nuint)j) + low * low).StoreUnsafe(ref q, (nuint)j);
                (Vector512.LoadUnsafe(ref q, (nuint)j + 8) + high * high).StoreUnsafe(ref q, (nuint)j + 8);
            }
        }

        int wide = j;
        if (width != SimdWidth.Scalar)
        {
            for (; j <= n - Vector256<float>.Count; j += Vector256<float>.Count)
            {
                Vector256<float> v = Vector256.LoadUnsafe(ref r, (nuint)j);
                if (hasBias)
                {
                    v += Vector256.LoadUnsafe(ref b, (nuint)j);
                    v.StoreUnsafe(ref r, (nuint)j);
                }

                (Vector256<double> low, Vector256<double> high) = Vector256.Widen(v);
                (Vector256.LoadUnsafe(ref s, (nuint)j) + low).StoreUnsafe(ref s, (nuint)j);
                (Vector256.LoadUnsafe(ref s, (nuint)j + 4) + high).StoreUnsafe(ref s, (nuint)j + 4);
                (Vector256.LoadUnsafe(ref q, (nuint)j) + low * low).StoreUnsafe(ref q, (nuint)j);
                (Vector256.LoadUnsafe(ref q, (nuint)j + 4) + high * high).StoreUnsafe(ref q, (nuint)j + 4);
            }
        }

        var coverage = new SimdCoverage(wide, j - wide, n - j);
        for (; j < n; j++)
        {
            float v = hasBias ? row[j] + bias[j] : row[j];
            row[j] = v;
            sum[j] += v;
            sumOfSquares[j] += (double)v * v;
        }

        return coverage;
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
        int n = z.Length, j = 0;
        ref float r = ref MemoryMarshal.GetReference(z);
        ref float o = ref MemoryMarshal.GetReference(y.Slice(0, n));
        ref float mu = ref MemoryMarshal.GetReference(means.Slice(0, n));
        ref float inv = ref MemoryMarshal.GetReference(inverseStd.Slice(0, n));
        ref float g = ref MemoryMarshal.GetReference(gamma.Slice(0, n));
        ref float b = ref MemoryMarshal.GetReference(beta.Slice(0, n));
        if (width == SimdWidth.Vector512)
        {
            for (; j <= n - Vector512<float>.Count; j += Vector512<float>.Count)
            {
                nuint k = (nuint)j;
                Vector512<float> normalized = (Vector512.LoadUnsafe(ref r, k) - Vector512.LoadUnsafe(ref mu, k)) * Vector512.LoadUnsafe(ref inv, k);
                normalized.StoreUnsafe(ref r, k);
                activation.Apply(Vector512.LoadUnsafe(ref g, k) * normalized + Vector512.LoadUnsafe(ref b, k)).StoreUnsafe(ref o, k);
            }
        }

        int wide = j;
        if (width != SimdWidth.Scalar)
        {
            for (; j <= n - Vector256<float>.Count; j += Vector256<float>.Count)
            {
                nuint k = (nuint)j;
                Vector256<float> normalized = (Vector256.LoadUnsafe(ref r, k) - Vector256.LoadUnsafe(ref mu, k)) * Vector256.LoadUnsafe(ref inv, k);
                normalized.StoreUnsafe(ref r, k);
                activation.Apply(Vector256.LoadUnsafe(ref g, k) * normalized + Vector256.LoadUnsafe(ref b, k)).StoreUnsafe(ref o, k);
            }
        }

        var coverage = new SimdCoverage(wide, j - wide, n - j);
        for (; j < n; j++)
        {
            float normalized = (z[j] - means[j]) * inverseStd[j];
            z[j] = normalized;
            y[j] = activation.Apply(gamma[j] * normalized + beta[j]);
        }

        return coverage;
    }

    /// <summary>z = x̂ = (z − μ)·invStd in place and y = f(γx̂ + β) along one feature's plane.</summary>
    public static SimdCoverage NormalizePlane<TActivation>(Span<float> z, float mean, float inverseStd, float gamma, float beta, TActivation activation, Span<float> y, SimdWidth width)
        where TActivation : struct, IActivation
    {
        int n = z.Length, p = 0;
        ref float r = ref MemoryMarshal.GetReference(z);
        ref float o = ref MemoryMarshal.GetReference(y.Slice(0, n));
        if (width == SimdWidth.Vector512)
        {
            Vector512<float> mu = Vector512.Create(mean), inv = Vector512.Create(inverseStd), g = Vector512.Create(gamma), b = Vector512.Create(beta);
            for (; p <= n - Vector512<float>.Count; p += Vector512<float>.Count)
            {
                Vector512<float> normalized = (Vector512.LoadUnsafe(ref r, (nuint)p) - mu) * inv;
                normalized.StoreUnsafe(ref r, (nuint)p);
                activation.Apply(g * normalized + b).StoreUnsafe(ref o, (nuint)p);
            }
        }

        int wide = p;
        if (width != SimdWidth.Scalar)
        {
            Vector256<float> mu = Vector256.Create(mean), inv = Vector256.Create(inverseStd), g = Vector256.Create(gamma), b = Vector256.Create(beta);
            for (; p <= n - Vector256<float>.Count; p += Vector256<float>.Count)
            {
                Vector256<float> normalized = (Vector256.LoadUnsafe(ref r, (nuint)p) - mu) * inv;
                normalized.StoreUnsafe(ref r, (nuint)p);
                activation.Apply(g * normalized + b).StoreUnsafe(ref o, (nuint)p);
            }
        }

        var coverage = new SimdCoverage(wide, p - wide, n - p);
        for (; p < n; p++)
        {
            float normalized = (z[p] - mean) * inverseStd;
            z[p] = normalized;
            y[p] = activation.Apply(gamma * normalized + beta);
        }

        return coverage;
    }

    /// <summary>sumGamma += d·x̂ and sumBeta += d, per feature along a row, in double.</summary>
    public static SimdCoverage AccumulateProducts(ReadOnlySpan<float> d, ReadOnlySpan<float> normalized, Span<double> sumGamma, Span<double> sumBeta, SimdWidth width)
    {
        int n = d.Length, j = 0;
        ref float dr = ref MemoryMarshal.GetReference(d);
        ref float xr = ref MemoryMarshal.GetReference(normalized.Slice(0, n));
        ref double sg = ref MemoryMarshal.GetReference(sumGamma.Slice(0, n));
        ref double sb = ref MemoryMarshal.GetReference(sumBeta.Slice(0, n));
        if (width == SimdWidth.Vector512)
        {
            for (; j <= n - Vector512<float>.Count; j += Vector512<float>.Count)
            {
                (Vector512<double> dLow, Vector512<double> dHigh) = Vector512.Widen(Vector512.LoadUnsafe(ref dr, (nuint)j));
                (Vector512<double> xLow, Vector512<double> xHigh) = Vector512.Widen(Vector512.LoadUnsafe(ref xr, (nuint)j));
                (Vector512.LoadUnsafe(ref sg, (nuint)j) + dLow * xLow).StoreUnsafe(ref sg, (nuint)j);
                (Vector512.LoadUnsafe(ref sg, (nuint)j + 8) + dHigh * xHigh).StoreUnsafe(ref sg, (nuint)j + 8);
                (Vector512.LoadUnsafe(ref sb, (nuint)j) + dLow).StoreUnsafe(ref sb, (nuint)j);
                (Vector512.LoadUnsafe(ref sb, (nuint)j + 8) + dHigh).StoreUnsafe(ref sb, (nuint)j + 8);
            }
        }

        int wide = j;
        if (width != SimdWidth.Scalar)
        {
            for (; j <= n - Vector256<float>.Count; j += Vector256<float>.Count)
            {
                (Vector256<double> dLow, Vector256<double> dHigh) = Vector256.Widen(Vector256.LoadUnsafe(ref dr, (nuint)j));
                (Vector256<double> xLow, Vector256<double> xHigh) = Vector256.Widen(Vector256.LoadUnsafe(ref xr, (nuint)j));
                (Vector256.LoadUnsafe(ref sg, (nuint)j) + dLow * xLow).StoreUnsafe(ref sg, (nuint)j);
                (Vector256.LoadUnsafe(ref sg, (nuint)j + 4) + dHigh * xHigh).StoreUnsafe(ref sg, (nuint)j + 4);
                (Vector256.LoadUnsafe(ref sb, (nuint)j) + dLow).StoreUnsafe(ref sb, (nuint)j);
                (Vector256.LoadUnsafe(ref sb, (nuint)j + 4) + dHigh).StoreUnsafe(ref sb, (nuint)j + 4);
            }
        }

        var coverage = new SimdCoverage(wide, j - wide, n - j);
        for (; j < n; j++)
        {
            sumGamma[j] += (double)d[j] * normalized[j];
            sumBeta[j] += d[j];
        }

        return coverage;
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
        float c = count;
        int n = d.Length, j = 0;
        ref float r = ref MemoryMarshal.GetReference(d);
        ref float x = ref MemoryMarshal.GetReference(normalized.Slice(0, n));
        ref float s = ref MemoryMarshal.GetReference(scales.Slice(0, n));
        ref float db = ref MemoryMarshal.GetReference(dBeta.Slice(0, n));
        ref float dg = ref MemoryMarshal.GetReference(dGamma.Slice(0, n));
        if (width == SimdWidth.Vector512)
        {
            Vector512<float> cv = Vector512.Create(c);
            for (; j <= n - Vector512<float>.Count; j += Vector512<float>.Count)
            {
                nuint k = (nuint)j;
                Vector512<float> inner = cv * Vector512.LoadUnsafe(ref r, k) - Vector512.LoadUnsafe(ref db, k) - Vector512.LoadUnsafe(ref x, k) * Vector512.LoadUnsafe(ref dg, k);
                (Vector512.LoadUnsafe(ref s, k) * inner).StoreUnsafe(ref r, k);
            }
        }

        int wide = j;
        if (width != SimdWidth.Scalar)
        {
            Vector256<float> cv = Vector256.Create(c);
            for (; j <= n - Vector256<float>.Count; j += Vector256<float>.Count)
            {
                nuint k = (nuint)j;
                Vector256<float> inner = cv * Vector256.LoadUnsafe(ref r, k) - Vector256.LoadUnsafe(ref db, k) - Vector256.LoadUnsafe(ref x, k) * Vector256.LoadUnsafe(ref dg, k);
                (Vector256.LoadUnsafe(ref s, k) * inner).StoreUnsafe(ref r, k);
            }
        }

        var coverage = new SimdCoverage(wide, j - wide, n - j);
        for (; j < n; j++)
        {
            d[j] = scales[j] * (c * d[j] - dBeta[j] - normalized[j] * dGamma[j]);
        }

        return coverage;
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
