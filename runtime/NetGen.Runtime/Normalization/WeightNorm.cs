using System.Numerics;
using System.Runtime.InteropServices;

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
    public static void Compose(ReadOnlySpan<float> v, ReadOnlySpan<float> g, Span<float> norms, Span<float> w)
    {
        int rows = g.Length;
        int columns = Columns(v, rows);
        for (int i = 0; i < rows; i++)
        {
            ReadOnlySpan<float> vi = v.Slice(i * columns, columns);
            float norm = (float)Math.Sqrt(Dot(vi, vi));
            norms[i] = norm;
            Scale(vi, g[i] / norm, w.Slice(i * columns, columns));
        }
    }

    /// <summary>g[rows] = ‖v_i‖: the initial length, so that w starts equal to v (what weight_norm does when applied).</summary>
    public static void InitializeLengths(ReadOnlySpan<float> v, Span<float> g)
    {
        int rows = g.Length;
        int columns = Columns(v, rows);
        for (int i = 0; i < rows; i++)
        {
            ReadOnlySpan<float> vi = v.Slice(i * columns, columns);
            g[i] = (float)Math.Sqrt(Dot(vi, vi));
        }
    }

    /// <summary>
    /// dw[rows, columns] (∂L/∂w) becomes ∂L/∂v in place; dg[rows] receives ∂L/∂g (overwritten). v, g and norms are
    /// those of the forward pass that produced dw.
    /// </summary>
    public static void Backward(ReadOnlySpan<float> v, ReadOnlySpan<float> g, ReadOnlySpan<float> norms, Span<float> dw, Span<float> dg)
    {
        int rows = g.Length;
        int columns = Columns(v, rows);
        for (int i = 0; i < rows; i++)
        {
            ReadOnlySpan<float> vi = v.Slice(i * columns, columns);
            Span<float> di = dw.Slice(i * columns, columns);
            float inverseNorm = 1f / norms[i];
            float dgi = (float)(Dot(di, vi) * inverseNorm);
            dg[i] = dgi;
            // ∂L/∂v = a·∂L/∂w − b·v with a = g/‖v‖, b = a·∂L/∂g/‖v‖
            float a = g[i] * inverseNorm;
            float b = a * dgi * inverseNorm;
            ScaleSubtract(di, a, vi, b);
        }
    }

    private static int Columns(ReadOnlySpan<float> v, int rows)
    {
        if (rows == 0 || v.Length % rows != 0)
        {
            throw new ArgumentException($"v has {v.Length} values, which is not a whole number of rows for {rows} lengths g.", nameof(v));
        }

        return v.Length / rows;
    }

    /// <summary>Σ x·y with float vector products summed per vector into a double.</summary>
    private static double Dot(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        double sum = 0;
        int j = 0;
        if (Vector.IsHardwareAccelerated && x.Length >= Vector<float>.Count)
        {
            ReadOnlySpan<Vector<float>> xs = MemoryMarshal.Cast<float, Vector<float>>(x);
            ReadOnlySpan<Vector<float>> ys = MemoryMarshal.Cast<float, Vector<float>>(y.Slice(0, x.Length));
            for (int k = 0; k < xs.Length; k++)
            {
                sum += Vector.Dot(xs[k], ys[k]);
            }

            j = xs.Length * Vector<float>.Count;
        }

        for (; j < x.Length; j++)
        {
            sum += (double)x[j] * y[j];
        }

        return sum;
    }

    private static void Scale(ReadOnlySpan<float> x, float factor, Span<float> destination)
    {
        int j = 0;
        if (Vector.IsHardwareAccelerated && x.Length >= Vector<float>.Count)
        {
            ReadOnlySpan<Vector<float>> xs = MemoryMarshal.Cast<float, Vector<float>>(x);
            Span<Vector<float>> ds = MemoryMarshal.Cast<float, Vector<float>>(destination.Slice(0, x.Length));
            for (int k = 0; k < xs.Length; k++)
            {
                ds[k] = xs[k] * factor;
            }

            j = xs.Length * Vector<float>.Count;
        }

        for (; j < x.Length; j++)
        {
            destination[j] = x[j] * factor;
        }
    }

    /// <summary>d = a·d − b·v, element-wise.</summary>
    private static void ScaleSubtract(Span<float> d, float a, ReadOnlySpan<float> v, float b)
    {
        int j = 0;
        if (Vector.IsHardwareAccelerated && d.Length >= Vector<float>.Count)
        {
            Span<Vector<float>> ds = MemoryMarshal.Cast<float, Vector<float>>(d);
            ReadOnlySpan<Vector<float>> vs = MemoryMarshal.Cast<float, Vector<float>>(v.Slice(0, d.Length));
            for (int k = 0; k < ds.Length; k++)
            {
                ds[k] = ds[k] * a - vs[k] * b;
            }

            j = ds.Length * Vector<float>.Count;
        }

        for (; j < d.Length; j++)
        {
            d[j] = d[j] * a - v[j] * b;
        }
    }
}
