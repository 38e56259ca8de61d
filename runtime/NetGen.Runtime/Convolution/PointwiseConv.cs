using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace NetGen.Runtime;

/// <summary>
/// A 1 × 1 convolution with stride 1 and no padding, as the direct product it is: each sample's y[F, P] = W[F, C] ·
/// x[C, P] (P = H·W positions) is one GEMM on the input as it lies, with no im2col copy (its columns would be x itself)
/// and no transpose of the output. Backward per sample: ∂W += ∂y · xᵀ, ∂b += row sums of ∂y, ∂x = Wᵀ · ∂y. The
/// generator picks this kernel from the fixed shape (and the interpreter by the same rule).
/// </summary>
public static class PointwiseConv
{
    /// <summary>Whether <paramref name="shape"/> is a pointwise convolution this kernel computes.</summary>
    public static bool Applies(in ConvShape shape) => shape.Kernel == 1 && shape.Stride == 1 && shape.Padding == 0;

    /// <summary>Floats of scratch backward needs: one sample's ∂W, F × C.</summary>
    public static int ScratchSize(in ConvShape shape) => shape.Filters * shape.Channels;

    /// <summary>y[batch, F, H, W] = W[F, C] · x[batch, C, H, W] + bias[F] (bias may be empty).</summary>
    public static void Forward(ReadOnlySpan<float> x, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, in ConvShape shape, int batch, Span<float> y, GemmScratch gemm) =>
        Forward(x, weight, bias, shape, batch, y, gemm, Simd.Width);

    /// <summary>
    /// From dy[batch, F, H, W]: dWeight[F, C] and dBias[F] (overwritten; dBias may be empty) and dx[batch, C, H, W]
    /// (overwritten) unless dx is empty.
    /// </summary>
    public static void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> weight, ReadOnlySpan<float> dy, in ConvShape shape, int batch, Span<float> dWeight, Span<float> dBias, Span<float> dx, Span<float> scratch, GemmScratch gemm) =>
        Backward(x, weight, dy, shape, batch, dWeight, dBias, dx, scratch, gemm, Simd.Width);

    /// <summary>The forward pass with its GEMMs at <paramref name="width"/>.</summary>
    internal static void Forward(ReadOnlySpan<float> x, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, in ConvShape shape, int batch, Span<float> y, GemmScratch gemm, SimdWidth width)
    {
        Require(shape);
        int positions = shape.Positions;
        for (int b = 0; b < batch; b++)
        {
            Span<float> yb = y.Slice(b * shape.OutputSize, shape.OutputSize);
            Gemm.Multiply(weight, x.Slice(b * shape.InputSize, shape.InputSize), shape.Filters, positions, shape.Channels, yb, gemm, width);
            for (int f = 0; f < shape.Filters && !bias.IsEmpty; f++)
            {
                Span<float> plane = yb.Slice(f * positions, positions);
                SpanMath.AddScalar(plane, bias[f], plane);
            }
        }
    }

    /// <summary>The backward pass with its GEMMs at <paramref name="width"/>.</summary>
    internal static void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> weight, ReadOnlySpan<float> dy, in ConvShape shape, int batch, Span<float> dWeight, Span<float> dBias, Span<float> dx, Span<float> scratch, GemmScratch gemm, SimdWidth width)
    {
        Require(shape);
        int positions = shape.Positions;
        Span<float> sampleWeight = scratch.Slice(0, ScratchSize(shape));
        for (int b = 0; b < batch; b++)
        {
            ReadOnlySpan<float> dyb = dy.Slice(b * shape.OutputSize, shape.OutputSize), xb = x.Slice(b * shape.InputSize, shape.InputSize);
            Gemm.MultiplyTransposedB(dyb, xb, shape.Filters, shape.Channels, positions, b == 0 ? dWeight : sampleWeight, gemm, width); // ∂W = Σ_b ∂y_b · x_bᵀ
            if (b > 0)
            {
                SpanMath.AddTo(sampleWeight, dWeight);
            }

            for (int f = 0; f < shape.Filters && !dBias.IsEmpty; f++)
            {
                float sum = (float)SpanMath.Sum(dyb.Slice(f * positions, positions));
                dBias[f] = b == 0 ? sum : dBias[f] + sum;
            }

            if (!dx.IsEmpty)
            {
                Gemm.MultiplyTransposedA(weight, dyb, shape.Channels, positions, shape.Filters, dx.Slice(b * shape.InputSize, shape.InputSize), gemm, width); // ∂x_b = Wᵀ · ∂y_b
            }
        }
    }

    private static void Require(in ConvShape shape)
    {
        if (!Applies(shape))
        {
            NotPointwise(shape.Kernel, shape.Stride, shape.Padding);
        }
    }

    /// <summary><see cref="Require"/>'s message, built out of line (see <see cref="SpanErrors"/>).</summary>
    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void NotPointwise(int kernel, int stride, int padding) =>
        throw new ArgumentException($"a pointwise convolution has a 1 × 1 kernel, stride 1 and no padding; this one has kernel {kernel}, stride {stride}, padding {padding}.", "shape");
}
