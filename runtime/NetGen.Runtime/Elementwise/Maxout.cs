namespace NetGen.Runtime;

/// <summary>
/// Maxout(k): unit j of the output is the maximum of the producer's outputs jk … jk+k−1 (Goodfellow et al.).
/// Forward records which piece won; backward routes each ∂L/∂y to that piece alone (ties go to the first).
/// </summary>
public static class Maxout
{
    /// <summary>z[rows, units·pieces] += bias (if any); y[rows, units] = max over each group; winners[rows, units] = the piece index.</summary>
    public static void Forward(ReadOnlySpan<float> bias, int pieces, int rows, Span<float> z, Span<float> y, Span<int> winners)
    {
        int units = y.Length / rows;
        if (!bias.IsEmpty)
        {
            Epilogue.BiasActivation(bias, default(Identity), rows, z);
        }

        for (int u = 0; u < rows * units; u++)
        {
            ReadOnlySpan<float> group = z.Slice(u * pieces, pieces);
            int best = 0;
            for (int p = 1; p < pieces; p++)
            {
                if (group[p] > group[best])
                {
                    best = p;
                }
            }

            y[u] = group[best];
            winners[u] = best;
        }
    }

    /// <summary>dz[rows, units·pieces] = ∂L/∂y scattered to the winning pieces, zero elsewhere.</summary>
    public static void Backward(ReadOnlySpan<float> dy, ReadOnlySpan<int> winners, int pieces, Span<float> dz)
    {
        dz.Slice(0, dy.Length * pieces).Clear();
        for (int u = 0; u < dy.Length; u++)
        {
            dz[u * pieces + winners[u]] = dy[u];
        }
    }
}
