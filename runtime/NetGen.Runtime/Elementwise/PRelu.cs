using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NetGen.Runtime;

/// <summary>
/// PReLU with one learned slope per unit (torch.nn.PReLU(num_parameters = units)): y = z for z &gt; 0, else a_j·z.
/// Forward keeps z; backward gives ∂L/∂z = ∂L/∂y · (z &gt; 0 ? 1 : a_j) and ∂L/∂a_j = Σ_rows ∂L/∂y · z [z ≤ 0].
/// </summary>
public static class PRelu
{
    /// <summary>z[rows, units] += bias (if any), then y = PReLU(z) with slopes[units].</summary>
    public static void Forward(ReadOnlySpan<float> bias, ReadOnlySpan<float> slopes, int rows, Span<float> z, Span<float> y)
    {
        int units = slopes.Length;
        if (!bias.IsEmpty)
        {
            Epilogue.BiasActivation(bias, default(Identity), rows, z);
        }

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

    /// <summary>dy[rows, units] becomes ∂L/∂z in place; dSlopes[units] receives ∂L/∂a (overwritten).</summary>
    public static void Backward(ReadOnlySpan<float> z, ReadOnlySpan<float> slopes, int rows, Span<float> dy, Span<float> dSlopes)
    {
        int units = slopes.Length;
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

                dSlopes[j] += di[j] * zi[j];
                di[j] *= slopes[j];
            }
        }
    }
}
