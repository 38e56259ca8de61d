using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NetGen.Runtime;

/// <summary>
/// The vectorized inner passes of <see cref="BatchNorm"/>: along a row of features (after Dense, where each value is a
/// different feature and the per-feature sums live in double vectors) or along a channel plane (after Conv2D, one
/// feature's positions, summed in float lanes over blocks of <see cref="SpanMath.Block"/> values and then in double). Plain
/// multiplies and adds (no FMA), so vector lanes and scalar tails round alike.
/// </summary>
internal static class BatchNormPasses
{
    /// <summary>row += bias (if any); sum += row and sumOfSquares += row², per feature, in double.</summary>
    public static void AddBiasAndAccumulate(Span<float> row, ReadOnlySpan<float> bias, Span<double> sum, Span<double> sumOfSquares)
    {
        int j = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref float r = ref MemoryMarshal.GetReference(row);
            ref double s = ref MemoryMarshal.GetReference(sum);
            ref double q = ref MemoryMarshal.GetReference(sumOfSquares);
            for (; j <= row.Length - Vector256<float>.Count; j += Vector256<float>.Count)
            {
                Vector256<float> v = Vector256.LoadUnsafe(ref r, (nuint)j);
                if (!bias.IsEmpty)
                {
                    v += Vector256.LoadUnsafe(ref MemoryMarshal.GetReference(bias), (nuint)j);
                    v.StoreUnsafe(ref r, (nuint)j);
                }

                (Vector256<double> low, Vector256<double> high) = Vector256.Widen(v);
                (Vector256.LoadUnsafe(ref s, (nuint)j) + low).StoreUnsafe(ref s, (nuint)j);
                (Vector256.LoadUnsafe(ref s, (nuint)j + 4) + high).StoreUnsafe(ref s, (nuint)j + 4);
                (Vector256.LoadUnsafe(ref q, (nuint)j) + low * low).StoreUnsafe(ref q, (nuint)j);
                (Vector256.LoadUnsafe(ref q, (nuint)j + 4) + high * high).StoreUnsafe(ref q, (nuint)j + 4);
            }
        }

        for (; j < row.Length; j++)
        {
            float v = bias.IsEmpty ? row[j] : row[j] + bias[j];
            row[j] = v;
            sum[j] += v;
            sumOfSquares[j] += (double)v * v;
        }
    }

    /// <summary>plane += shift; returns (Σ plane, Σ plane²).</summary>
    public static (double Sum, double SumOfSquares) AddShiftAndAccumulate(Span<float> plane, float shift)
    {
        double sum = 0, squares = 0;
        for (int start = 0; start < plane.Length; start += SpanMath.Block)
        {
            Span<float> block = plane.Slice(start, Math.Min(SpanMath.Block, plane.Length - start));
            ref float r = ref MemoryMarshal.GetReference(block);
            int p = 0;
            if (Vector256.IsHardwareAccelerated)
            {
                Vector256<float> s = Vector256<float>.Zero, q = Vector256<float>.Zero, add = Vector256.Create(shift);
                for (; p <= block.Length - Vector256<float>.Count; p += Vector256<float>.Count)
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

            for (; p < block.Length; p++)
            {
                float v = block[p] + shift;
                block[p] = v;
                sum += v;
                squares += (double)v * v;
            }
        }

        return (sum, squares);
    }

    /// <summary>z = x̂ = (z − μ)·invStd in place and y = f(γx̂ + β), per feature along a row.</summary>
    public static void NormalizeRow<TActivation>(Span<float> z, ReadOnlySpan<float> means, ReadOnlySpan<float> inverseStd, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, TActivation activation, Span<float> y)
        where TActivation : struct, IActivation
    {
        int j = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref float r = ref MemoryMarshal.GetReference(z);
            ref float o = ref MemoryMarshal.GetReference(y);
            for (; j <= z.Length - Vector256<float>.Count; j += Vector256<float>.Count)
            {
                Vector256<float> normalized = (Vector256.LoadUnsafe(ref r, (nuint)j) - Vector256.LoadUnsafe(ref MemoryMarshal.GetReference(means), (nuint)j)) * Vector256.LoadUnsafe(ref MemoryMarshal.GetReference(inverseStd), (nuint)j);
                normalized.StoreUnsafe(ref r, (nuint)j);
                activation.Apply(Vector256.LoadUnsafe(ref MemoryMarshal.GetReference(gamma), (nuint)j) * normalized + Vector256.LoadUnsafe(ref MemoryMarshal.GetReference(beta), (nuint)j)).StoreUnsafe(ref o, (nuint)j);
            }
        }

        for (; j < z.Length; j++)
        {
            float normalized = (z[j] - means[j]) * inverseStd[j];
            z[j] = normalized;
            y[j] = activation.Apply(gamma[j] * normalized + beta[j]);
        }
    }

    /// <summary>z = x̂ = (z − μ)·invStd in place and y = f(γx̂ + β) along one feature's plane.</summary>
    public static void NormalizePlane<TActivation>(Span<float> z, float mean, float inverseStd, float gamma, float beta, TActivation activation, Span<float> y)
        where TActivation : struct, IActivation
    {
        int p = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref float r = ref MemoryMarshal.GetReference(z);
            ref float o = ref MemoryMarshal.GetReference(y);
            Vector256<float> mu = Vector256.Create(mean), inv = Vector256.Create(inverseStd), g = Vector256.Create(gamma), b = Vector256.Create(beta);
            for (; p <= z.Length - Vector256<float>.Count; p += Vector256<float>.Count)
            {
                Vector256<float> normalized = (Vector256.LoadUnsafe(ref r, (nuint)p) - mu) * inv;
                normalized.StoreUnsafe(ref r, (nuint)p);
                activation.Apply(g * normalized + b).StoreUnsafe(ref o, (nuint)p);
            }
        }

        for (; p < z.Length; p++)
        {
            float normalized = (z[p] - mean) * inverseStd;
            z[p] = normalized;
            y[p] = activation.Apply(gamma * normalized + beta);
        }
    }

    /// <summary>sumGamma += d·x̂ and sumBeta += d, per feature along a row, in double.</summary>
    public static void AccumulateProducts(ReadOnlySpan<float> d, ReadOnlySpan<float> normalized, Span<double> sumGamma, Span<double> sumBeta)
    {
        int j = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref double sg = ref MemoryMarshal.GetReference(sumGamma);
            ref double sb = ref MemoryMarshal.GetReference(sumBeta);
            for (; j <= d.Length - Vector256<float>.Count; j += Vector256<float>.Count)
            {
                (Vector256<double> dLow, Vector256<double> dHigh) = Vector256.Widen(Vector256.LoadUnsafe(ref MemoryMarshal.GetReference(d), (nuint)j));
                (Vector256<double> xLow, Vector256<double> xHigh) = Vector256.Widen(Vector256.LoadUnsafe(ref MemoryMarshal.GetReference(normalized), (nuint)j));
                (Vector256.LoadUnsafe(ref sg, (nuint)j) + dLow * xLow).StoreUnsafe(ref sg, (nuint)j);
                (Vector256.LoadUnsafe(ref sg, (nuint)j + 4) + dHigh * xHigh).StoreUnsafe(ref sg, (nuint)j + 4);
                (Vector256.LoadUnsafe(ref sb, (nuint)j) + dLow).StoreUnsafe(ref sb, (nuint)j);
                (Vector256.LoadUnsafe(ref sb, (nuint)j + 4) + dHigh).StoreUnsafe(ref sb, (nuint)j + 4);
            }
        }

        for (; j < d.Length; j++)
        {
            sumGamma[j] += (double)d[j] * normalized[j];
            sumBeta[j] += d[j];
        }
    }

    /// <summary>(Σ d·x̂, Σ d) along one feature's plane.</summary>
    public static (double Products, double Sum) PlaneProducts(ReadOnlySpan<float> d, ReadOnlySpan<float> normalized)
    {
        double products = 0, sum = 0;
        for (int start = 0; start < d.Length; start += SpanMath.Block)
        {
            int length = Math.Min(SpanMath.Block, d.Length - start);
            ReadOnlySpan<float> db = d.Slice(start, length), xb = normalized.Slice(start, length);
            int p = 0;
            if (Vector256.IsHardwareAccelerated)
            {
                Vector256<float> pv = Vector256<float>.Zero, sv = Vector256<float>.Zero;
                for (; p <= length - Vector256<float>.Count; p += Vector256<float>.Count)
                {
                    Vector256<float> dv = Vector256.LoadUnsafe(ref MemoryMarshal.GetReference(db), (nuint)p);
                    pv += dv * Vector256.LoadUnsafe(ref MemoryMarshal.GetReference(xb), (nuint)p);
                    sv += dv;
                }

                products += SpanMath.SumWidened(pv);
                sum += SpanMath.SumWidened(sv);
            }

            for (; p < length; p++)
            {
                products += (double)db[p] * xb[p];
                sum += db[p];
            }
        }

        return (products, sum);
    }

    /// <summary>d = scale·(N·d − dβ − x̂·dγ) per feature along a row.</summary>
    public static void InputGradientRow(Span<float> d, ReadOnlySpan<float> normalized, ReadOnlySpan<float> scales, ReadOnlySpan<float> dBeta, ReadOnlySpan<float> dGamma, long count)
    {
        float n = count;
        int j = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref float r = ref MemoryMarshal.GetReference(d);
            Vector256<float> nv = Vector256.Create(n);
            for (; j <= d.Length - Vector256<float>.Count; j += Vector256<float>.Count)
            {
                Vector256<float> x = Vector256.LoadUnsafe(ref MemoryMarshal.GetReference(normalized), (nuint)j);
                Vector256<float> inner = nv * Vector256.LoadUnsafe(ref r, (nuint)j) - Vector256.LoadUnsafe(ref MemoryMarshal.GetReference(dBeta), (nuint)j) - x * Vector256.LoadUnsafe(ref MemoryMarshal.GetReference(dGamma), (nuint)j);
                (Vector256.LoadUnsafe(ref MemoryMarshal.GetReference(scales), (nuint)j) * inner).StoreUnsafe(ref r, (nuint)j);
            }
        }

        for (; j < d.Length; j++)
        {
            d[j] = scales[j] * (n * d[j] - dBeta[j] - normalized[j] * dGamma[j]);
        }
    }

    /// <summary>d = scale·(N·d − dβ − x̂·dγ) along one feature's plane.</summary>
    public static void InputGradientPlane(Span<float> d, ReadOnlySpan<float> normalized, float scale, float dBeta, float dGamma, long count)
    {
        float n = count;
        int p = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref float r = ref MemoryMarshal.GetReference(d);
            Vector256<float> nv = Vector256.Create(n), db = Vector256.Create(dBeta), dg = Vector256.Create(dGamma), s = Vector256.Create(scale);
            for (; p <= d.Length - Vector256<float>.Count; p += Vector256<float>.Count)
            {
                Vector256<float> x = Vector256.LoadUnsafe(ref MemoryMarshal.GetReference(normalized), (nuint)p);
                (s * (nv * Vector256.LoadUnsafe(ref r, (nuint)p) - db - x * dg)).StoreUnsafe(ref r, (nuint)p);
            }
        }

        for (; p < d.Length; p++)
        {
            d[p] = scale * (n * d[p] - dBeta - normalized[p] * dGamma);
        }
    }

    /// <summary>y = f(s·y + t) in place along a row, s and t per feature.</summary>
    public static void ScaleShiftRow<TActivation>(Span<float> y, ReadOnlySpan<float> scale, ReadOnlySpan<float> shift, TActivation activation, SimdWidth width)
        where TActivation : struct, IActivation
    {
        int j = 0;
        ref float o = ref MemoryMarshal.GetReference(y);
        ref float s = ref MemoryMarshal.GetReference(scale);
        ref float t = ref MemoryMarshal.GetReference(shift);
        if (width == SimdWidth.Vector512)
        {
            for (; j <= y.Length - Vector512<float>.Count; j += Vector512<float>.Count)
            {
                activation.Apply(Vector512.LoadUnsafe(ref s, (nuint)j) * Vector512.LoadUnsafe(ref o, (nuint)j) + Vector512.LoadUnsafe(ref t, (nuint)j)).StoreUnsafe(ref o, (nuint)j);
            }
        }

        if (width != SimdWidth.Scalar)
        {
            for (; j <= y.Length - Vector256<float>.Count; j += Vector256<float>.Count)
            {
                activation.Apply(Vector256.LoadUnsafe(ref s, (nuint)j) * Vector256.LoadUnsafe(ref o, (nuint)j) + Vector256.LoadUnsafe(ref t, (nuint)j)).StoreUnsafe(ref o, (nuint)j);
            }
        }

        for (; j < y.Length; j++)
        {
            y[j] = activation.Apply(scale[j] * y[j] + shift[j]);
        }
    }

    /// <summary>y = f(s·y + t) in place along one feature's plane.</summary>
    public static void ScaleShiftPlane<TActivation>(Span<float> y, float scale, float shift, TActivation activation, SimdWidth width)
        where TActivation : struct, IActivation
    {
        int p = 0;
        ref float o = ref MemoryMarshal.GetReference(y);
        if (width == SimdWidth.Vector512)
        {
            Vector512<float> s = Vector512.Create(scale), t = Vector512.Create(shift);
            for (; p <= y.Length - Vector512<float>.Count; p += Vector512<float>.Count)
            {
                activation.Apply(s * Vector512.LoadUnsafe(ref o, (nuint)p) + t).StoreUnsafe(ref o, (nuint)p);
            }
        }

        if (width != SimdWidth.Scalar)
        {
            Vector256<float> s = Vector256.Create(scale), t = Vector256.Create(shift);
            for (; p <= y.Length - Vector256<float>.Count; p += Vector256<float>.Count)
            {
                activation.Apply(s * Vector256.LoadUnsafe(ref o, (nuint)p) + t).StoreUnsafe(ref o, (nuint)p);
            }
        }

        for (; p < y.Length; p++)
        {
            y[p] = activation.Apply(scale * y[p] + shift);
        }
    }
}
