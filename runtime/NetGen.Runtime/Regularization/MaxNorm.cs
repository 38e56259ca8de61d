using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace NetGen.Runtime;

/// <summary>
/// The max-norm constraint, applied after an optimizer update: each row of a weight W[rows, columns] (a Dense unit's
/// incoming weights, or a Conv2D filter's C·K·K) whose L2 norm exceeds c is scaled by c/(‖w‖ + 1e-7), exactly as
/// torch.renorm(w, p=2, dim=0, maxnorm=c) defines it; rows within the bound are left bit for bit.
/// </summary>
public static class MaxNorm
{
    /// <summary>torch.renorm's guard against a zero norm, kept so rows land where PyTorch puts them (just inside c).</summary>
    public const float Epsilon = 1e-7f;

    /// <summary>Renorms every row of <paramref name="weight"/> (row-major, <paramref name="rows"/> rows) to norm ≤ <paramref name="maxNorm"/>, in place.</summary>
    public static void Renorm(Span<float> weight, int rows, float maxNorm) => Renorm(weight, rows, maxNorm, Simd.Width);

    /// <summary>
    /// As the public overload, the scaling at a chosen width; returns its loops' coverage summed over the rows it
    /// scaled. The squared norm stays a scalar double sum: its order decides which rows are within the bound.
    /// </summary>
    internal static SimdCoverage Renorm(Span<float> weight, int rows, float maxNorm, SimdWidth width)
    {
        if (rows <= 0 || weight.Length % rows != 0)
        {
            NoEqualRows(weight.Length, rows);
        }

        int columns = weight.Length / rows;
        SimdCoverage coverage = default;
        for (int r = 0; r < rows; r++)
        {
            Span<float> row = weight.Slice(r * columns, columns);
            double squares = 0; // in double: the norm of a long row loses no digits before it is compared with c
            foreach (float w in row)
            {
                squares += (double)w * w;
            }

            float norm = (float)Math.Sqrt(squares);
            if (norm > maxNorm)
            {
                coverage += SimdLoop.Map(row, row, new ScaleOperator(maxNorm / (norm + Epsilon)), width);
            }
        }

        return coverage;
    }

    /// <summary>The message of <see cref="Renorm(Span{float}, int, float, SimdWidth)"/>'s check, built out of line (see <see cref="SpanErrors"/>).</summary>
    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void NoEqualRows(int length, int rows) =>
        throw new ArgumentException($"a weight of {length} floats has no {rows} equal rows.", nameof(rows));
}
