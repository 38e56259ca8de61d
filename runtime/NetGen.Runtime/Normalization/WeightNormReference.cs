namespace NetGen.Runtime;

/// <summary>Weight normalization written element by element in double: the reference <see cref="WeightNorm"/> is tested against.</summary>
public static class WeightNormReference
{
    /// <summary>As <see cref="WeightNorm.Compose(ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, Span{float})"/>: norms[rows] = ‖v_i‖, w[rows, columns] = g_i·v_i/‖v_i‖.</summary>
    public static void Compose(ReadOnlySpan<float> v, ReadOnlySpan<float> g, Span<float> norms, Span<float> w)
    {
        int rows = g.Length, columns = v.Length / rows;
        for (int i = 0; i < rows; i++)
        {
            double norm = Norm(v.Slice(i * columns, columns));
            norms[i] = (float)norm;
            for (int j = 0; j < columns; j++)
            {
                w[i * columns + j] = (float)(g[i] * v[i * columns + j] / norm);
            }
        }
    }

    /// <summary>As <see cref="WeightNorm.Backward(ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, Span{float})"/>: ∂L/∂g_i = ∂L/∂w_i·v_i/‖v_i‖, ∂L/∂v_i = (g_i/‖v_i‖)·(∂L/∂w_i − (∂L/∂g_i/‖v_i‖)·v_i).</summary>
    public static void Backward(ReadOnlySpan<float> v, ReadOnlySpan<float> g, ReadOnlySpan<float> norms, Span<float> dw, Span<float> dg)
    {
        int rows = g.Length, columns = v.Length / rows;
        for (int i = 0; i < rows; i++)
        {
            double norm = norms[i], dot = 0;
            for (int j = 0; j < columns; j++)
            {
                dot += (double)dw[i * columns + j] * v[i * columns + j];
            }

            double dgi = dot / norm;
            dg[i] = (float)dgi;
            for (int j = 0; j < columns; j++)
            {
                int k = i * columns + j;
                dw[k] = (float)(g[i] / norm * (dw[k] - dgi / norm * v[k]));
            }
        }
    }

    private static double Norm(ReadOnlySpan<float> x)
    {
        double sum = 0;
        foreach (float value in x)
        {
            sum += (double)value * value;
        }

        return Math.Sqrt(sum);
    }
}
