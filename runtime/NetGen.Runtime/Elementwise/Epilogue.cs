using System.Runtime.CompilerServices;

namespace NetGen.Runtime;

/// <summary>
/// What follows a GEMM in a dense layer: bias + activation forward in one pass over the output,
/// activation backward in place on the incoming gradient, and the bias gradient as a column sum. The public forms are
/// thin and inline into the generated passes; the loops behind them never do, so each is compiled with its own inlining
/// budget (inlined into a generated Forward, the operator of the last loops ran as a call per vector).
/// </summary>
public static class Epilogue
{
    /// <summary>y[rows, cols] = f(y + bias) with bias[cols] broadcast over rows; one read and one write per element.</summary>
    public static void BiasActivation<TActivation>(ReadOnlySpan<float> bias, TActivation activation, int rows, Span<float> y)
        where TActivation : struct, IActivation =>
        BiasActivation(bias, activation, rows, y, Simd.Width);

    /// <summary>
    /// z[rows, cols] += bias, then y = f(z), in one pass: the form for activations whose derivative needs z
    /// (GELU, SiLU), which keep z for the backward pass. Without bias pass an empty span.
    /// </summary>
    public static void BiasActivation<TActivation>(ReadOnlySpan<float> bias, TActivation activation, int rows, Span<float> z, Span<float> y)
        where TActivation : struct, IActivation =>
        BiasActivation(bias, activation, rows, z, y, Simd.Width);

    /// <summary>y = f(y) in place, for a layer without bias.</summary>
    public static void Activation<TActivation>(TActivation activation, Span<float> y)
        where TActivation : struct, IActivation =>
        Activation(activation, y, Simd.Width);

    /// <summary>dy *= f'(x), read through the stored output y = f(x), or through x when the activation's derivative needs it.</summary>
    public static void ActivationBackward<TActivation>(ReadOnlySpan<float> y, TActivation activation, Span<float> dy)
        where TActivation : struct, IActivation =>
        ActivationBackward(y, activation, dy, Simd.Width);

    /// <summary>db[cols] = Σ over rows of dy[rows, cols]: the bias gradient, summed over the batch.</summary>
    public static void SumRows(ReadOnlySpan<float> dy, int rows, Span<float> db) => SumRows(dy, rows, db, Simd.Width);

    /// <summary>As the public overload at a chosen width; returns the loops' coverage summed over the rows.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static SimdCoverage BiasActivation<TActivation>(ReadOnlySpan<float> bias, TActivation activation, int rows, Span<float> y, SimdWidth width)
        where TActivation : struct, IActivation
    {
        int cols = bias.Length;
        RequireLength(y.Length, (long)rows * cols, nameof(y));
        var op = new BiasActivationOperator<TActivation>(activation);
        SimdCoverage coverage = default;
        for (int i = 0; i < rows; i++)
        {
            Span<float> row = y.Slice(i * cols, cols);
            coverage += SimdLoop.Zip(row, bias, row, op, width);
        }

        return coverage;
    }

    /// <summary>As the public overload at a chosen width; returns the loops' coverage summed over the rows.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static SimdCoverage BiasActivation<TActivation>(ReadOnlySpan<float> bias, TActivation activation, int rows, Span<float> z, Span<float> y, SimdWidth width)
        where TActivation : struct, IActivation
    {
        RequireLength(y.Length, z.Length, nameof(y));
        if (bias.IsEmpty)
        {
            return SimdLoop.Map(z, y, new ActivationOperator<TActivation>(activation), width);
        }

        int cols = bias.Length;
        RequireLength(z.Length, (long)rows * cols, nameof(z));
        SimdCoverage coverage = default;
        for (int i = 0; i < rows; i++)
        {
            coverage += SimdLoop.Update(cols, new KeptBiasActivationOperator<TActivation>(bias, z.Slice(i * cols, cols), y.Slice(i * cols, cols), activation), width);
        }

        return coverage;
    }

    /// <summary>As the public overload at a chosen width; returns the loops' coverage.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static SimdCoverage Activation<TActivation>(TActivation activation, Span<float> y, SimdWidth width)
        where TActivation : struct, IActivation =>
        SimdLoop.Map(y, y, new ActivationOperator<TActivation>(activation), width);

    /// <summary>As the public overload at a chosen width; returns the loops' coverage.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static SimdCoverage ActivationBackward<TActivation>(ReadOnlySpan<float> y, TActivation activation, Span<float> dy, SimdWidth width)
        where TActivation : struct, IActivation
    {
        RequireLength(y.Length, dy.Length, nameof(y));
        return SimdLoop.Zip(dy, y, dy, new ActivationGradientOperator<TActivation>(activation), width);
    }

    /// <summary>As the public overload at a chosen width; returns the loops' coverage summed over the rows.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static SimdCoverage SumRows(ReadOnlySpan<float> dy, int rows, Span<float> db, SimdWidth width)
    {
        int cols = db.Length;
        RequireLength(dy.Length, (long)rows * cols, nameof(dy));
        db.Clear();
        SimdCoverage coverage = default;
        for (int i = 0; i < rows; i++)
        {
            coverage += SimdLoop.Zip(db, dy.Slice(i * cols, cols), db, default(AddOperator), width);
        }

        return coverage;
    }

    private static void RequireLength(int length, long required, string name)
    {
        if (length < required)
        {
            SpanErrors.TooShort(name, length, required);
        }
    }
}
