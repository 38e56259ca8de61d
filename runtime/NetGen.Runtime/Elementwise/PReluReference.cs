namespace NetGen.Runtime;

/// <summary>PReLU written element by element, sums in double: the reference <see cref="PRelu"/> is tested against.</summary>
public static class PReluReference
{
    /// <summary>As <see cref="PRelu.Forward(ReadOnlySpan{float}, ReadOnlySpan{float}, int, int, Span{float}, Span{float})"/>: z[rows, slopes, positions] += bias[units] (Dense), y = z &gt; 0 ? z : a·z.</summary>
    public static void Forward(ReadOnlySpan<float> bias, ReadOnlySpan<float> slopes, int rows, int positions, Span<float> z, Span<float> y)
    {
        for (int k = 0; k < z.Length && !bias.IsEmpty; k++)
        {
            z[k] += bias[k % bias.Length];
        }

        for (int k = 0; k < rows * slopes.Length * positions; k++)
        {
            float a = slopes[k / positions % slopes.Length];
            y[k] = z[k] > 0f ? z[k] : a * z[k];
        }
    }

    /// <summary>As <see cref="PRelu.Backward"/>: dy becomes dy·(z &gt; 0 ? 1 : a); dSlopes = Σ dy·z over z ≤ 0.</summary>
    public static void Backward(ReadOnlySpan<float> z, ReadOnlySpan<float> slopes, int rows, int positions, Span<float> dy, Span<float> dSlopes)
    {
        var sums = new double[slopes.Length];
        for (int k = 0; k < rows * slopes.Length * positions; k++)
        {
            int slope = k / positions % slopes.Length;
            if (z[k] <= 0f)
            {
                sums[slope] += (double)dy[k] * z[k];
                dy[k] *= slopes[slope];
            }
        }

        for (int j = 0; j < slopes.Length; j++)
        {
            dSlopes[j] = (float)sums[j];
        }
    }
}
