using NetGen.Runtime;

namespace NetGen.Data.Preprocessing;

/// <summary>
/// y[n, k] = (x[n, d] − μ)·Wᵀ for a fixed W[k, d] (PCA's components, a whitening matrix), and its reverse
/// x[n, d] = y[n, k]·B[k, d] + μ, through the runtime's GEMM. Rows go in chunks through one scratch block, so source and
/// destination may be the same span and no call allocates after the first (which allocates the scratch). The scratch is
/// taken under a lock, so concurrent calls are safe (and take turns).
/// </summary>
internal sealed class ProjectionKernel(float[] mean, int inputSize, int outputSize)
{
    /// <summary>Rows per chunk: 64 × 784 floats (200 KB) stay in L2 next to the GEMM's packing buffers.</summary>
    private const int ChunkRows = 64;

    private readonly Lock _lock = new();
    private float[]? _chunk;
    private GemmScratch? _scratch;

    /// <summary>destination[rows, k] = (source[rows, d] − μ)·wᵀ with w [k, d].</summary>
    public void Forward(ReadOnlySpan<float> source, Span<float> destination, int rows, float[] w)
    {
        lock (_lock)
        {
            (float[] chunk, GemmScratch scratch) = Scratch();
            for (int start = 0; start < rows; start += ChunkRows)
            {
                int count = Math.Min(ChunkRows, rows - start);
                Span<float> centred = chunk.AsSpan(0, count * inputSize);
                ReadOnlySpan<float> x = source.Slice(start * inputSize, count * inputSize);
                for (int n = 0; n < count; n++)
                {
                    for (int i = 0; i < inputSize; i++)
                    {
                        centred[n * inputSize + i] = x[n * inputSize + i] - mean[i];
                    }
                }

                Gemm.MultiplyTransposedB(centred, w, count, outputSize, inputSize, destination.Slice(start * outputSize, count * outputSize), scratch);
            }
        }
    }

    /// <summary>destination[rows, d] = source[rows, k]·b + μ with b [k, d].</summary>
    public void Backward(ReadOnlySpan<float> source, Span<float> destination, int rows, float[] b)
    {
        lock (_lock)
        {
            (float[] chunk, GemmScratch scratch) = Scratch();
            for (int start = 0; start < rows; start += ChunkRows)
            {
                int count = Math.Min(ChunkRows, rows - start);
                Span<float> y = chunk.AsSpan(0, count * outputSize);
                source.Slice(start * outputSize, count * outputSize).CopyTo(y);
                Span<float> x = destination.Slice(start * inputSize, count * inputSize);
                Gemm.Multiply(y, b, count, inputSize, outputSize, x, scratch);
                for (int n = 0; n < count; n++)
                {
                    for (int i = 0; i < inputSize; i++)
                    {
                        x[n * inputSize + i] += mean[i];
                    }
                }
            }
        }
    }

    private (float[], GemmScratch) Scratch()
    {
        _chunk ??= new float[ChunkRows * Math.Max(inputSize, outputSize)];
        _scratch ??= new GemmScratch();
        return (_chunk, _scratch);
    }
}
