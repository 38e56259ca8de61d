using System.Numerics;
using NetGen.Randomness;

namespace NetGen.Initialization;

/// <summary>
/// The weight initialization schemes, with fan and gain as torch.nn.init defines them. Generated constructors
/// call these with the fan-in, fan-out and gain worked out at build time.
/// </summary>
public static class Initializers
{
    /// <summary>U(-bound, bound).</summary>
    public static void Uniform(Span<float> values, float bound, SeededRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = random.NextUniform(-bound, bound);
        }
    }

    /// <summary>N(0, std²).</summary>
    public static void Normal(Span<float> values, float std, SeededRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (float)(std * random.NextNormal());
        }
    }

    /// <summary>Every value set to <paramref name="value"/> (zero, or a constant bias such as 0.01).</summary>
    public static void Constant(Span<float> values, float value) => values.Fill(value);

    /// <summary>torch.nn.Linear's default: U(-1/√fan_in, 1/√fan_in), for weight and bias alike.</summary>
    public static void PyTorchDefault(Span<float> values, int fanIn, SeededRandom random) =>
        Uniform(values, fanIn > 0 ? 1f / MathF.Sqrt(fanIn) : 0f, random);

    /// <summary>Xavier/Glorot uniform: bound = gain·√(6/(fan_in + fan_out)).</summary>
    public static void XavierUniform(Span<float> values, int fanIn, int fanOut, float gain, SeededRandom random) =>
        Uniform(values, gain * MathF.Sqrt(6f / (fanIn + fanOut)), random);

    /// <summary>Xavier/Glorot normal: std = gain·√(2/(fan_in + fan_out)).</summary>
    public static void XavierNormal(Span<float> values, int fanIn, int fanOut, float gain, SeededRandom random) =>
        Normal(values, gain * MathF.Sqrt(2f / (fanIn + fanOut)), random);

    /// <summary>Kaiming/He uniform (fan-in mode): bound = gain·√(3/fan_in).</summary>
    public static void HeUniform(Span<float> values, int fanIn, float gain, SeededRandom random) =>
        Uniform(values, gain * MathF.Sqrt(3f / fanIn), random);

    /// <summary>Kaiming/He normal (fan-in mode): std = gain/√fan_in.</summary>
    public static void HeNormal(Span<float> values, int fanIn, float gain, SeededRandom random) =>
        Normal(values, gain / MathF.Sqrt(fanIn), random);

    /// <summary>LeCun normal: std = 1/√fan_in.</summary>
    public static void LeCunNormal(Span<float> values, int fanIn, SeededRandom random) =>
        Normal(values, 1f / MathF.Sqrt(fanIn), random);

    /// <summary>torch.nn.init.calculate_gain for leaky_relu with negative slope a: √(2/(1 + a²)); a = 0 is ReLU's √2.</summary>
    public static float LeakyReluGain(float slope) => MathF.Sqrt(2f / (1f + slope * slope));

    /// <summary>N(0, σ²) with values outside ±2σ redrawn, σ = gain/√fan_in.</summary>
    public static void TruncatedNormal(Span<float> values, int fanIn, float gain, SeededRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        double std = gain / Math.Sqrt(fanIn);
        for (int i = 0; i < values.Length; i++)
        {
            double z;
            do
            {
                z = random.NextNormal();
            }
            while (Math.Abs(z) > 2.0);
            values[i] = (float)(std * z);
        }
    }

    /// <summary>
    /// torch.nn.init.orthogonal_ for a weight [rows, columns]: a normal matrix (transposed when wide, so it is tall),
    /// its QR factorization with Q·sign(diag R), times the gain. Rows (or columns, when wide) come out orthonormal.
    /// </summary>
    public static void Orthogonal(Span<float> values, int rows, int columns, float gain, SeededRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (values.Length != rows * columns)
        {
            throw new ArgumentException($"values holds {values.Length} floats, a {rows} × {columns} weight needs {rows * columns}.", nameof(values));
        }

        bool wide = rows < columns;
        int m = wide ? columns : rows, n = wide ? rows : columns; // a tall m × n matrix, m ≥ n
        var q = new double[n * m]; // column-major: column j is q[j·m .. j·m + m)
        for (int i = 0; i < q.Length; i++)
        {
            q[i] = random.NextNormal();
        }

        Orthonormalize(q, m, n);
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < columns; c++)
            {
                double value = wide ? q[r * m + c] : q[c * m + r];
                values[r * columns + c] = (float)(gain * value);
            }
        }
    }

    /// <summary>
    /// Replaces the n columns of length m (column-major, m ≥ n) by Q of their QR factorization with a positive diagonal
    /// of R, which is what Q·sign(diag R) gives for any QR. Modified Gram–Schmidt, run twice for orthogonality to rounding.
    /// </summary>
    private static void Orthonormalize(double[] q, int m, int n)
    {
        for (int j = 0; j < n; j++)
        {
            Span<double> column = q.AsSpan(j * m, m);
            for (int pass = 0; pass < 2; pass++)
            {
                for (int k = 0; k < j; k++)
                {
                    ReadOnlySpan<double> previous = q.AsSpan(k * m, m);
                    double dot = Dot(previous, column);
                    int i = 0;
                    for (; i <= m - Vector<double>.Count; i += Vector<double>.Count)
                    {
                        (new Vector<double>(column.Slice(i)) - new Vector<double>(previous.Slice(i)) * dot).CopyTo(column.Slice(i));
                    }

                    for (; i < m; i++)
                    {
                        column[i] -= dot * previous[i];
                    }
                }
            }

            double norm = Math.Sqrt(Dot(column, column));
            for (int i = 0; i < m; i++)
            {
                column[i] /= norm;
            }
        }
    }

    private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var sum = Vector<double>.Zero;
        int i = 0;
        for (; i <= a.Length - Vector<double>.Count; i += Vector<double>.Count)
        {
            sum += new Vector<double>(a.Slice(i)) * new Vector<double>(b.Slice(i));
        }

        double total = Vector.Sum(sum);
        for (; i < a.Length; i++)
        {
            total += a[i] * b[i];
        }

        return total;
    }
}
