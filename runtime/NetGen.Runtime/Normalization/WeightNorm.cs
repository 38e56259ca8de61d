using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NetGen.Runtime;

/// <summary>
/// Weight normalization (Salimans &amp; Kingma 2016; torch.nn.utils.weight_norm with dim = 0): the producer's weight is
/// reparameterized per output row i as w_i = g_i · v_i / ‖v_i‖, so the direction v and the length g are learned apart.
/// Backward maps ∂L/∂w to ∂L/∂g_i = ∂L/∂w_i · v_i / ‖v_i‖ and ∂L/∂v_i = (g_i/‖v_i‖)·(∂L/∂w_i − (∂L/∂g_i/‖v_i‖)·v_i).
/// Row norms are accumulated in double, as PyTorch's norm reduces in higher precision than a float running sum.
/// </summary>
public static class WeightNorm
{
    /// <summary>norms[rows] = ‖v_i‖ and w[rows, columns] = g_i·v_i/‖v_i‖ for v[rows, columns], g[rows].</summary>
    public static void Compose(ReadOnlySpan<float> v, ReadOnlySpan<float> g, Span<float> norms, Span<float> w) => Compose(v, g, norms, w, Simd.Width);

    /// <summary>As the public overload at a chosen width; returns the scaling loops' coverage summed over the rows.</summary>
    internal static SimdCoverage Compose(ReadOnlySpan<float> v, ReadOnlySpan<float> g, Span<float> norms, Span<float> w, SimdWidth width)
    {
        int rows = g.Length;
        int columns = Columns(v, rows);
        SimdCoverage coverage = default;
        for (int i = 0; i < rows; i++)
        {
            ReadOnlySpan<float> vi = v.Slice(i * columns, columns);
            float norm = (float)Math.Sqrt(Dot(vi, vi, width));
            norms[i] = norm;
            coverage += SimdLoop.Map(vi, w.Slice(i * columns, columns), new ScaleOperator(g[i] / norm), width);
        }

        return coverage;
    }

    /// <summary>g[rows] = ‖v_i‖: the initial length, so that w starts equal to v (what weight_norm does when applied).</summary>
    public static void InitializeLengths(ReadOnlySpan<float> v, Span<float> g) => InitializeLengths(v, g, Simd.Width);

    /// <summary>As the public overload, its dot products at a chosen width.</summary>
    internal static void InitializeLengths(ReadOnlySpan<float> v, Span<float> g, SimdWidth width)
    {
        int rows = g.Length;
        int columns = Columns(v, rows);
        for (int i = 0; i < rows; i++)
        {
            ReadOnlySpan<float> vi = v.Slice(i * columns, columns);
            g[i] = (float)Math.Sqrt(Dot(vi, vi, width));
        }
    }

    /// <summary>
    /// dw[rows, columns] (∂L/∂w) becomes ∂L/∂v in place; dg[rows] receives ∂L/∂g (overwritten). v, g and norms are
    /// those of the forward pass that produced dw.
    /// </summary>
    public static void Backward(ReadOnlySpan<float> v, ReadOnlySpan<float> g, ReadOnlySpan<float> norms, Span<float> dw, Span<float> dg) =>
        Backward(v, g, norms, dw, dg, Simd.Width);

    /// <summary>As the public overload at a chosen width; returns the gradient loops' coverage summed over the rows.</summary>
    internal static SimdCoverage Backward(ReadOnlySpan<float> v, ReadOnlySpan<float> g, ReadOnlySpan<float> norms, Span<float> dw, Span<float> dg, SimdWidth width)
    {
        int rows = g.Length;
        int columns = Columns(v, rows);
        SimdCoverage coverage = default;
        for (int i = 0; i < rows; i++)
        {
            ReadOnlySpan<float> vi = v.Slice(i * columns, columns);
            Span<float> di = dw.Slice(i * columns, columns);
            float inverseNorm = 1f / norms[i];
            float dgi = (float)(Dot(di, vi, width) * inverseNorm);
            dg[i] = dgi;
            // ∂L/∂v = a·∂L/∂w − b·v with a = g/‖v‖, b = a·∂L/∂g/‖v‖
            float a = g[i] * inverseNorm;
            float b = a * dgi * inverseNorm;
            coverage += SimdLoop.Zip(di, vi, di, new WeightNormGradientOperator(a, b), width);
        }

        return coverage;
    }

    private static int Columns(ReadOnlySpan<float> v, int rows)
    {
        if (rows == 0 || v.Length % rows != 0)
        {
            NotWholeRows(v.Length, rows);
        }

        return v.Length / rows;
    }

    /// <summary>
    /// Σ x·y, each vector's float dot product summed into a double. A reduction, so its own loop rather than a
    /// <see cref="SimdLoop"/> map; the per-vector dot is as wide as the width, so the norm's last bits follow it.
    /// </summary>
    private static double Dot(ReadOnlySpan<float> x, ReadOnlySpan<float> y, SimdWidth width)
    {
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float yr = ref MemoryMarshal.GetReference(y.Slice(0, x.Length));
        double sum = 0;
        int n = x.Length, j = 0;
        if (width == SimdWidth.Vector512)
        {
            for (; j <= n - Vector512<float>.Count; j += Vector512<float>.Count)
            {
                sum += Vector512.Dot(Vector512.LoadUnsafe(ref xr, (nuint)j), Vector512.LoadUnsafe(ref yr, (nuint)j));
            }
        }

        if (width != SimdWidth.Scalar)
        {
            for (; j <= n - Vector256<float>.Count; j += Vector256<float>.Count)
            {
                sum += Vector256.Dot(Vector256.LoadUnsafe(ref xr, (nuint)j), Vector256.LoadUnsafe(ref yr, (nuint)j));
            }
        }

        for (; j < n; j++)
        {
            sum += (double)x[j] * y[j];
        }

        return sum;
    }

    /// <summary>The message of <see cref="Columns"/>'s check, built out of line (see <see cref="SpanErrors"/>).</summary>
    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void NotWholeRows(int values, int rows) =>
        throw new ArgumentException($"v has {values} values, which is not a whole number of rows for {rows} lengths g.", "v");
}
