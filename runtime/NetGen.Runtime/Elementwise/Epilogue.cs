using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NetGen.Runtime;

/// <summary>
/// What follows a GEMM in a dense layer: bias + activation forward in one pass over the output,
/// activation backward in place on the incoming gradient, and the bias gradient as a column sum.
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

    internal static void BiasActivation<TActivation>(ReadOnlySpan<float> bias, TActivation activation, int rows, Span<float> y, SimdWidth width)
        where TActivation : struct, IActivation
    {
        int cols = bias.Length;
        RequireLength(y.Length, (long)rows * cols, nameof(y));
        for (int i = 0; i < rows; i++)
        {
            Span<float> row = y.Slice(i * cols, cols);
            ref float r = ref MemoryMarshal.GetReference(row);
            ref float b = ref MemoryMarshal.GetReference(bias);
            int j = 0;
            if (width == SimdWidth.Vector512)
            {
                for (; j <= cols - Vector512<float>.Count; j += Vector512<float>.Count)
                {
                    activation.Apply(Vector512.LoadUnsafe(ref r, (nuint)j) + Vector512.LoadUnsafe(ref b, (nuint)j)).StoreUnsafe(ref r, (nuint)j);
                }
            }

            if (width != SimdWidth.Scalar)
            {
                for (; j <= cols - Vector256<float>.Count; j += Vector256<float>.Count)
                {
                    activation.Apply(Vector256.LoadUnsafe(ref r, (nuint)j) + Vector256.LoadUnsafe(ref b, (nuint)j)).StoreUnsafe(ref r, (nuint)j);
                }
            }

            for (; j < cols; j++)
            {
                row[j] = activation.Apply(row[j] + bias[j]);
            }
        }
    }

    internal static void BiasActivation<TActivation>(ReadOnlySpan<float> bias, TActivation activation, int rows, Span<float> z, Span<float> y, SimdWidth width)
        where TActivation : struct, IActivation
    {
        RequireLength(y.Length, z.Length, nameof(y));
        if (bias.IsEmpty)
        {
            ApplyOutOfPlace(activation, z, y, width);
            return;
        }

        int cols = bias.Length;
        RequireLength(z.Length, (long)rows * cols, nameof(z));
        for (int i = 0; i < rows; i++)
        {
            Span<float> zi = z.Slice(i * cols, cols);
            Span<float> yi = y.Slice(i * cols, cols);
            ref float source = ref MemoryMarshal.GetReference(zi);
            ref float destination = ref MemoryMarshal.GetReference(yi);
            ref float b = ref MemoryMarshal.GetReference(bias);
            int j = 0;
            if (width == SimdWidth.Vector512)
            {
                for (; j <= cols - Vector512<float>.Count; j += Vector512<float>.Count)
                {
                    Vector512<float> v = Vector512.LoadUnsafe(ref source, (nuint)j) + Vector512.LoadUnsafe(ref b, (nuint)j);
                    v.StoreUnsafe(ref source, (nuint)j);
                    activation.Apply(v).StoreUnsafe(ref destination, (nuint)j);
                }
            }

            if (width != SimdWidth.Scalar)
            {
                for (; j <= cols - Vector256<float>.Count; j += Vector256<float>.Count)
                {
                    Vector256<float> v = Vector256.LoadUnsafe(ref source, (nuint)j) + Vector256.LoadUnsafe(ref b, (nuint)j);
                    v.StoreUnsafe(ref source, (nuint)j);
                    activation.Apply(v).StoreUnsafe(ref destination, (nuint)j);
                }
            }

            for (; j < cols; j++)
            {
                float v = zi[j] + bias[j];
                zi[j] = v;
                yi[j] = activation.Apply(v);
            }
        }
    }

    private static void ApplyOutOfPlace<TActivation>(TActivation activation, ReadOnlySpan<float> z, Span<float> y, SimdWidth width)
        where TActivation : struct, IActivation
    {
        ref float source = ref MemoryMarshal.GetReference(z);
        ref float destination = ref MemoryMarshal.GetReference(y);
        int n = z.Length;
        int j = 0;
        if (width == SimdWidth.Vector512)
        {
            for (; j <= n - Vector512<float>.Count; j += Vector512<float>.Count)
            {
                activation.Apply(Vector512.LoadUnsafe(ref source, (nuint)j)).StoreUnsafe(ref destination, (nuint)j);
            }
        }

        if (width != SimdWidth.Scalar)
        {
            for (; j <= n - Vector256<float>.Count; j += Vector256<float>.Count)
            {
                activation.Apply(Vector256.LoadUnsafe(ref source, (nuint)j)).StoreUnsafe(ref destination, (nuint)j);
            }
        }

        for (; j < n; j++)
        {
            y[j] = activation.Apply(z[j]);
        }
    }

    internal static void Activation<TActivation>(TActivation activation, Span<float> y, SimdWidth width)
        where TActivation : struct, IActivation =>
        ApplyOutOfPlace(activation, y, y, width);

    internal static void ActivationBackward<TActivation>(ReadOnlySpan<float> y, TActivation activation, Span<float> dy, SimdWidth width)
        where TActivation : struct, IActivation
    {
        RequireLength(y.Length, dy.Length, nameof(y));
        ref float output = ref MemoryMarshal.GetReference(y);
        ref float gradient = ref MemoryMarshal.GetReference(dy);
        int n = dy.Length;
        int j = 0;
        if (width == SimdWidth.Vector512)
        {
            for (; j <= n - Vector512<float>.Count; j += Vector512<float>.Count)
            {
                (Vector512.LoadUnsafe(ref gradient, (nuint)j) * activation.Derivative(Vector512.LoadUnsafe(ref output, (nuint)j))).StoreUnsafe(ref gradient, (nuint)j);
            }
        }

        if (width != SimdWidth.Scalar)
        {
            for (; j <= n - Vector256<float>.Count; j += Vector256<float>.Count)
            {
                (Vector256.LoadUnsafe(ref gradient, (nuint)j) * activation.Derivative(Vector256.LoadUnsafe(ref output, (nuint)j))).StoreUnsafe(ref gradient, (nuint)j);
            }
        }

        for (; j < n; j++)
        {
            dy[j] *= activation.Derivative(y[j]);
        }
    }

    internal static void SumRows(ReadOnlySpan<float> dy, int rows, Span<float> db, SimdWidth width)
    {
        int cols = db.Length;
        RequireLength(dy.Length, (long)rows * cols, nameof(dy));
        db.Clear();
        ref float sum = ref MemoryMarshal.GetReference(db);
        for (int i = 0; i < rows; i++)
        {
            ReadOnlySpan<float> row = dy.Slice(i * cols, cols);
            ref float r = ref MemoryMarshal.GetReference(row);
            int j = 0;
            if (width == SimdWidth.Vector512)
            {
                for (; j <= cols - Vector512<float>.Count; j += Vector512<float>.Count)
                {
                    (Vector512.LoadUnsafe(ref sum, (nuint)j) + Vector512.LoadUnsafe(ref r, (nuint)j)).StoreUnsafe(ref sum, (nuint)j);
                }
            }

            if (width != SimdWidth.Scalar)
            {
                for (; j <= cols - Vector256<float>.Count; j += Vector256<float>.Count)
                {
                    (Vector256.LoadUnsafe(ref sum, (nuint)j) + Vector256.LoadUnsafe(ref r, (nuint)j)).StoreUnsafe(ref sum, (nuint)j);
                }
            }

            for (; j < cols; j++)
            {
                db[j] += row[j];
            }
        }
    }

    private static void RequireLength(int length, long required, string name)
    {
        if (length < required)
        {
            throw new ArgumentException($"{name} holds {length} floats but {required} are needed.", name);
        }
    }
}
