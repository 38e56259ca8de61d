namespace NetGen.Runtime;

/// <summary>The 6 × 16 micro-kernel in plain scalar code: the fallback where no vector width is accelerated.</summary>
internal static class MicroKernelScalar
{
    public const int Nr = 16;

    public static void Run(int depth, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int ldc, bool accumulate)
    {
        const int mr = GemmKernels.Mr;
        Span<float> tile = stackalloc float[mr * Nr];
        for (int p = 0; p < depth; p++)
        {
            ReadOnlySpan<float> bRow = b.Slice(p * Nr, Nr);
            for (int r = 0; r < mr; r++)
            {
                float ar = a[p * mr + r];
                Span<float> tileRow = tile.Slice(r * Nr, Nr);
                for (int j = 0; j < Nr; j++)
                {
                    tileRow[j] += ar * bRow[j];
                }
            }
        }

        for (int r = 0; r < mr; r++)
        {
            Span<float> cRow = c.Slice(r * ldc, Nr);
            ReadOnlySpan<float> tileRow = tile.Slice(r * Nr, Nr);
            for (int j = 0; j < Nr; j++)
            {
                cRow[j] = accumulate ? cRow[j] + tileRow[j] : tileRow[j];
            }
        }
    }
}
