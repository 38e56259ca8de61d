namespace NetGen.Runtime;

/// <summary>
/// Maxout(k) (Goodfellow et al.): output unit c is the maximum of the producer's outputs ck … ck+k−1; after Conv2D the
/// units are channels and the maximum is taken at every position of k consecutive channel planes. Forward records
/// which piece won; backward routes each ∂L/∂y to that piece alone (ties go to the first).
/// </summary>
public static class Maxout
{
    /// <summary>
    /// z[rows, units·pieces, positions] += bias (if any, per unit, Dense only); y[rows, units, positions] = max over each
    /// group of pieces; winners[rows, units, positions] = the winning piece. <paramref name="positions"/> is 1 after Dense.
    /// </summary>
    public static void Forward(ReadOnlySpan<float> bias, int pieces, int rows, int positions, Span<float> z, Span<float> y, Span<int> winners)
    {
        if (!bias.IsEmpty)
        {
            Epilogue.BiasActivation(bias, default(Identity), rows, z);
        }

        int groups = y.Length / positions; // rows × units
        for (int group = 0; group < groups; group++)
        {
            int first = group * pieces * positions; // piece 0 of this group at position 0
            for (int p = 0; p < positions; p++)
            {
                int best = 0;
                float max = z[first + p];
                for (int piece = 1; piece < pieces; piece++)
                {
                    float candidate = z[first + piece * positions + p];
                    if (candidate > max)
                    {
                        max = candidate;
                        best = piece;
                    }
                }

                y[group * positions + p] = max;
                winners[group * positions + p] = best;
            }
        }
    }

    /// <summary>dz[rows, units·pieces, positions] = ∂L/∂y scattered to the winning pieces, zero elsewhere.</summary>
    public static void Backward(ReadOnlySpan<float> dy, ReadOnlySpan<int> winners, int pieces, int positions, Span<float> dz)
    {
        dz.Slice(0, dy.Length * pieces).Clear();
        for (int u = 0; u < dy.Length; u++)
        {
            int group = u / positions, p = u - group * positions;
            dz[(group * pieces + winners[u]) * positions + p] = dy[u];
        }
    }
}
