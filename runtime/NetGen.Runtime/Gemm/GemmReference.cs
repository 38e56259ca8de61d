namespace NetGen.Runtime;

/// <summary>Triple-loop GEMM in double accumulation: the scalar reference every <see cref="Gemm"/> kernel is tested against.</summary>
public static class GemmReference
{
    /// <summary>y[rows, cols] = x[rows, depth] · w[cols, depth]ᵀ.</summary>
    public static void MultiplyTransposedB(ReadOnlySpan<float> x, ReadOnlySpan<float> w, int rows, int cols, int depth, Span<float> y)
    {
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < cols; j++)
            {
                double sum = 0;
                for (int p = 0; p < depth; p++)
                {
                    sum += (double)x[i * depth + p] * w[j * depth + p];
                }

                y[i * cols + j] = (float)sum;
            }
        }
    }

    /// <summary>dx[rows, cols] = dy[rows, depth] · w[depth, cols].</summary>
    public static void Multiply(ReadOnlySpan<float> dy, ReadOnlySpan<float> w, int rows, int cols, int depth, Span<float> dx)
    {
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < cols; j++)
            {
                double sum = 0;
                for (int p = 0; p < depth; p++)
                {
                    sum += (double)dy[i * depth + p] * w[p * cols + j];
                }

                dx[i * cols + j] = (float)sum;
            }
        }
    }

    /// <summary>dw[rows, cols] = dy[depth, rows]ᵀ · x[depth, cols].</summary>
    public static void MultiplyTransposedA(ReadOnlySpan<float> dy, ReadOnlySpan<float> x, int rows, int cols, int depth, Span<float> dw)
    {
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < cols; j++)
            {
                double sum = 0;
                for (int p = 0; p < depth; p++)
                {
                    sum += (double)dy[p * rows + i] * x[p * cols + j];
                }

                dw[i * cols + j] = (float)sum;
            }
        }
    }
}
