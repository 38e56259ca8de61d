using NetGen.Runtime;

namespace NetGen.Initialization;

/// <summary>
/// Layer-sequential unit variance (Mishkin &amp; Matas, "All you need is a good init"): starting from an orthogonal
/// weight, scale it by 1/√Var(output) on a data batch until the variance of the layer's output (before its
/// activation) is within 1 ± <see cref="Tolerance"/>. Generated <c>InitializeLsuv</c> calls this layer by layer, in order.
/// </summary>
public static class Lsuv
{
    /// <summary>How far from 1 the output variance may end.</summary>
    public const float Tolerance = 0.1f;

    /// <summary>Rescaling rounds per layer at most (with a zero bias one round is exact).</summary>
    public const int MaxRounds = 10;

    /// <summary>Rescales <paramref name="weight"/>[units, inputSize] in place; returns the final output variance.</summary>
    /// <param name="inputs">The layer's input on the batch, x[batch, inputSize].</param>
    /// <param name="batch">Samples in the batch.</param>
    /// <param name="inputSize">The layer's fan-in.</param>
    /// <param name="units">The layer's outputs.</param>
    /// <param name="weight">W[units, inputSize], rescaled in place.</param>
    /// <param name="bias">b[units], or empty.</param>
    /// <param name="output">Scratch for z = x·Wᵀ + b, [batch, units].</param>
    /// <param name="scratch">GEMM packing buffers.</param>
    public static float Rescale(ReadOnlySpan<float> inputs, int batch, int inputSize, int units, Span<float> weight, ReadOnlySpan<float> bias, Span<float> output, GemmScratch scratch)
    {
        Span<float> z = output.Slice(0, batch * units);
        for (int round = 1; ; round++)
        {
            Gemm.MultiplyTransposedB(inputs, weight, batch, units, inputSize, z, scratch);
            if (!bias.IsEmpty)
            {
                Epilogue.BiasActivation(bias, default(Identity), batch, z);
            }

            double variance = Variance(z);
            if (Math.Abs(variance - 1) < Tolerance || round == MaxRounds || variance == 0 || !double.IsFinite(variance))
            {
                return (float)variance;
            }

            float scale = (float)(1 / Math.Sqrt(variance));
            foreach (ref float w in weight)
            {
                w *= scale;
            }
        }
    }

    /// <summary>The population variance of every value, accumulated in double.</summary>
    public static double Variance(ReadOnlySpan<float> values)
    {
        double sum = 0, sumOfSquares = 0;
        foreach (float v in values)
        {
            sum += v;
            sumOfSquares += (double)v * v;
        }

        double mean = sum / values.Length;
        return Math.Max(sumOfSquares / values.Length - mean * mean, 0);
    }
}
