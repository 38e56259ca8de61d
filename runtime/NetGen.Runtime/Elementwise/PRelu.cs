namespace NetGen.Runtime;

/// <summary>
/// PReLU with one learned slope per unit after Dense, or per channel after Conv2D (torch.nn.PReLU(num_parameters)):
/// y = z for z &gt; 0, else a·z with the slope of the value's unit or channel. Forward keeps z; backward gives
/// ∂L/∂z = ∂L/∂y · (z &gt; 0 ? 1 : a) and ∂L/∂a = Σ ∂L/∂y · z [z ≤ 0] over the rows (and positions) the slope covers.
/// </summary>
public static class PRelu
{
    /// <summary>
    /// z[rows, slopes, positions] += bias (if any, per unit), then y = PReLU(z); <paramref name="positions"/> is 1 after
    /// Dense (one slope per unit), OutH·OutW after Conv2D (one slope per channel plane).
    /// </summary>
    public static void Forward(ReadOnlySpan<float> bias, ReadOnlySpan<float> slopes, int rows, int positions, Span<float> z, Span<float> y) =>
        Forward(bias, slopes, rows, positions, z, y, Simd.Width);

    /// <summary>As the public overload at a chosen width; returns the PReLU loops' coverage summed over rows (or planes).</summary>
    internal static SimdCoverage Forward(ReadOnlySpan<float> bias, ReadOnlySpan<float> slopes, int rows, int positions, Span<float> z, Span<float> y, SimdWidth width)
    {
        if (!bias.IsEmpty)
        {
            Epilogue.BiasActivation(bias, default(Identity), rows, z, width);
        }

        if (positions == 1)
        {
            return ForwardPerUnit(slopes, rows, z, y, width);
        }

        int planes = rows * slopes.Length;
        SimdCoverage coverage = default;
        for (int plane = 0; plane < planes; plane++)
        {
            coverage += SimdLoop.Map(z.Slice(plane * positions, positions), y.Slice(plane * positions, positions), new PlanePReluOperator(slopes[plane % slopes.Length]), width);
        }

        return coverage;
    }

    /// <summary>dy[rows, slopes, positions] becomes ∂L/∂z in place; dSlopes receives ∂L/∂a (overwritten).</summary>
    public static void Backward(ReadOnlySpan<float> z, ReadOnlySpan<float> slopes, int rows, int positions, Span<float> dy, Span<float> dSlopes)
    {
        int units = slopes.Length * positions;
        dSlopes.Clear();
        for (int i = 0; i < rows; i++)
        {
            ReadOnlySpan<float> zi = z.Slice(i * units, units);
            Span<float> di = dy.Slice(i * units, units);
            for (int j = 0; j < units; j++)
            {
                if (zi[j] > 0f)
                {
                    continue;
                }

                int slope = j / positions;
                dSlopes[slope] += di[j] * zi[j];
                di[j] *= slopes[slope];
            }
        }
    }

    private static SimdCoverage ForwardPerUnit(ReadOnlySpan<float> slopes, int rows, Span<float> z, Span<float> y, SimdWidth width)
    {
        int units = slopes.Length;
        SimdCoverage coverage = default;
        for (int i = 0; i < rows; i++)
        {
            coverage += SimdLoop.Zip(z.Slice(i * units, units), slopes, y.Slice(i * units, units), default(PReluOperator), width);
        }

        return coverage;
    }
}
