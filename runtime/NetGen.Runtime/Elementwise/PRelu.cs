using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

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
    public static void Forward(ReadOnlySpan<float> bias, ReadOnlySpan<float> slopes, int rows, int positions, Span<float> z, Span<float> y)
    {
        if (!bias.IsEmpty)
        {
            Epilogue.BiasActivation(bias, default(Identity), rows, z);
        }

        if (positions == 1)
        {
            ForwardPerUnit(slopes, rows, z, y);
            return;
        }

        int planes = rows * slopes.Length;
        for (int plane = 0; plane < planes; plane++)
        {
            ForwardPlane(slopes[plane % slopes.Length], z.Slice(plane * positions, positions), y.Slice(plane * positions, positions));
        }
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

    private static void ForwardPerUnit(ReadOnlySpan<float> slopes, int rows, Span<float> z, Span<float> y)
    {
        int units = slopes.Length;
        for (int i = 0; i < rows; i++)
        {
            ReadOnlySpan<float> zi = z.Slice(i * units, units);
            Span<float> yi = y.Slice(i * units, units);
            ref float zr = ref MemoryMarshal.GetReference(zi);
            ref float yr = ref MemoryMarshal.GetReference(yi);
            ref float a = ref MemoryMarshal.GetReference(slopes);
            int j = 0;
            if (Vector256.IsHardwareAccelerated)
            {
                for (; j <= units - Vector256<float>.Count; j += Vector256<float>.Count)
                {
                    Vector256<float> v = Vector256.LoadUnsafe(ref zr, (nuint)j);
                    Vector256.ConditionalSelect(Vector256.GreaterThan(v, Vector256<float>.Zero), v, v * Vector256.LoadUnsafe(ref a, (nuint)j)).StoreUnsafe(ref yr, (nuint)j);
                }
            }

            for (; j < units; j++)
            {
                yi[j] = zi[j] > 0f ? zi[j] : slopes[j] * zi[j];
            }
        }
    }

    /// <summary>One channel plane with one slope.</summary>
    private static void ForwardPlane(float slope, ReadOnlySpan<float> z, Span<float> y)
    {
        ref float zr = ref MemoryMarshal.GetReference(z);
        ref float yr = ref MemoryMarshal.GetReference(y);
        int j = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            Vector256<float> a = Vector256.Create(slope);
            for (; j <= z.Length - Vector256<float>.Count; j += Vector256<float>.Count)
            {
                Vector256<float> v = Vector256.LoadUnsafe(ref zr, (nuint)j);
                Vector256.ConditionalSelect(Vector256.GreaterThan(v, Vector256<float>.Zero), v, v * a).StoreUnsafe(ref yr, (nuint)j);
            }
        }

        for (; j < z.Length; j++)
        {
            y[j] = z[j] > 0f ? z[j] : slope * z[j];
        }
    }
}
