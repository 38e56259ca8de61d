namespace NetGen.Runtime;

/// <summary>Maxout written from its definition: the reference <see cref="Maxout"/> is tested against.</summary>
public static class MaxoutReference
{
    /// <summary>
    /// As <see cref="Maxout.Forward"/>: z[rows, units·pieces, positions] += bias (Dense); y[rows, units, positions] =
    /// max over the unit's pieces, winners = the first piece reaching it.
    /// </summary>
    public static void Forward(ReadOnlySpan<float> bias, int pieces, int rows, int positions, Span<float> z, Span<float> y, Span<int> winners)
    {
        for (int k = 0; k < z.Length && !bias.IsEmpty; k++)
        {
            z[k] += bias[k % bias.Length];
        }

        int units = y.Length / rows / positions;
        for (int i = 0; i < rows; i++)
        {
            for (int u = 0; u < units; u++)
            {
                for (int p = 0; p < positions; p++)
                {
                    int best = 0;
                    for (int piece = 1; piece < pieces; piece++)
                    {
                        if (z[Input(i, u, piece, p)] > z[Input(i, u, best, p)])
                        {
                            best = piece;
                        }
                    }

                    int o = (i * units + u) * positions + p;
                    y[o] = z[Input(i, u, best, p)];
                    winners[o] = best;
                }
            }
        }

        int Input(int row, int unit, int piece, int position) => ((row * units + unit) * pieces + piece) * positions + position;
    }

    /// <summary>As <see cref="Maxout.Backward"/>: dz = dy at each output's winning piece, 0 elsewhere.</summary>
    public static void Backward(ReadOnlySpan<float> dy, ReadOnlySpan<int> winners, int pieces, int positions, Span<float> dz)
    {
        dz.Slice(0, dy.Length * pieces).Clear();
        for (int o = 0; o < dy.Length; o++)
        {
            int group = o / positions, p = o % positions;
            dz[(group * pieces + winners[o]) * positions + p] = dy[o];
        }
    }
}
