using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NetGen.Runtime;

/// <summary>
/// Softmax cross-entropy against integer labels on feature-major logits (zᵀ[classes, block] per lane block), as
/// <see cref="SoftmaxCrossEntropy.Forward(ReadOnlySpan{float}, ReadOnlySpan{int}, int, float, Span{float})"/> has it
/// (torch.nn.CrossEntropyLoss, mean over the batch, optional label smoothing) and with its bits: the maximum, e^(z − max),
/// the sum in its order and the gradient (p·Σt − t) / rows are lane-wise down the class rows, a vector of samples at a
/// time, as <see cref="FeatureMajorSoftmax"/> does them; then, one sample at a time, log Σ, the sample's loss in double
/// and the label's −(1 − ε)/rows, the total summed in sample order. The padding lanes' gradient is zero, so the
/// backward products and lane sums over whole blocks see only the batch.
/// </summary>
public static class FeatureMajorCrossEntropy
{
    /// <summary>
    /// Mean loss of the lane-blocked logits[classes, lanes] against labels[batch] (batch = labels.Length); dLogits, laid
    /// out alike, receives its gradient. With smoothing ε the target is (1 − ε)·onehot + ε/classes.
    /// </summary>
    public static float Forward(ReadOnlySpan<float> logits, ReadOnlySpan<int> labels, int classes, int lanes, float labelSmoothing, Span<float> dLogits) =>
        Forward(logits, labels, classes, lanes, labelSmoothing, dLogits, Simd.Width);

    internal static float Forward(ReadOnlySpan<float> logits, ReadOnlySpan<int> labels, int classes, int lanes, float labelSmoothing, Span<float> dLogits, SimdWidth width)
    {
        int rows = labels.Length;
        FeatureMajor.CheckLanes(rows, lanes);
        FeatureMajor.CheckWholeBlocks(lanes, width);
        FeatureMajor.CheckMatrix(nameof(logits), logits.Length, classes, lanes);
        FeatureMajor.CheckMatrix(nameof(dLogits), dLogits.Length, classes, lanes);
        CheckLabels(labels, classes);
        if (width == SimdWidth.Scalar)
        {
            // A lane block of one sample: the layout is logits[lanes, classes], the batch-major kernel's own.
            dLogits.Slice(rows * classes, (lanes - rows) * classes).Clear();
            return SoftmaxCrossEntropy.Forward(logits.Slice(0, rows * classes), labels, classes, labelSmoothing, dLogits.Slice(0, rows * classes), width);
        }

        float offTarget = labelSmoothing / classes;
        float onTarget = 1f - labelSmoothing + offTarget;
        float inverseRows = 1f / rows;
        int block = FeatureMajor.LaneBlock(width);
        Span<float> maxima = stackalloc float[block];
        Span<float> sums = stackalloc float[block];
        ref float z = ref MemoryMarshal.GetReference(logits);
        ref float dz = ref MemoryMarshal.GetReference(dLogits);
        double total = 0;
        for (int first = 0; first < rows; first += block)
        {
            ref float zBlock = ref Unsafe.Add(ref z, first * classes);
            ref float dzBlock = ref Unsafe.Add(ref dz, first * classes);
            for (int lane = 0; lane < block; lane += LaneStep(width))
            {
                if (width == SimdWidth.Vector512)
                {
                    Lanes512(ref Unsafe.Add(ref zBlock, lane), ref Unsafe.Add(ref dzBlock, lane), classes, block, offTarget, inverseRows, maxima.Slice(lane), sums.Slice(lane));
                }
                else
                {
                    Lanes256(ref Unsafe.Add(ref zBlock, lane), ref Unsafe.Add(ref dzBlock, lane), classes, block, offTarget, inverseRows, maxima.Slice(lane), sums.Slice(lane));
                }
            }

            int samples = Math.Min(block, rows - first);
            for (int j = 0; j < samples; j++)
            {
                float logSumExp = maxima[j] + MathF.Log(sums[j]);
                int label = labels[first + j];

                // Σ_c t_c·log p_c with t = ε/C everywhere plus (1 − ε) at the label, as the batch-major kernel sums it.
                double rowLoss = -(onTarget - offTarget) * (double)(Unsafe.Add(ref zBlock, label * block + j) - logSumExp);
                if (offTarget != 0f)
                {
                    rowLoss -= offTarget * (SumInDouble(ref Unsafe.Add(ref zBlock, j), classes, block) - (double)classes * logSumExp);
                }

                Unsafe.Add(ref dzBlock, label * block + j) -= (onTarget - offTarget) * inverseRows;
                total += rowLoss;
            }

            for (int c = 0; c < classes; c++)
            {
                dLogits.Slice(first * classes + c * block + samples, block - samples).Clear();
            }
        }

        dLogits.Slice(FeatureMajor.Lanes(rows, width) * classes, (lanes - FeatureMajor.Lanes(rows, width)) * classes).Clear();
        return (float)(total / rows);
    }

    private static int LaneStep(SimdWidth width) => width == SimdWidth.Vector512 ? Vector512<float>.Count : Vector256<float>.Count;

    /// <summary>
    /// One vector of lanes: the maxima and sums of e^(z − max) (for the samples' log Σ) into the spans, and
    /// dz = (e / Σ − ε/C) / rows, down the class rows <paramref name="stride"/> floats apart.
    /// </summary>
    private static void Lanes512(ref float z, ref float dz, int classes, int stride, float offTarget, float inverseRows, Span<float> maxima, Span<float> sums)
    {
        Vector512<float> max = Vector512.Create(float.NegativeInfinity);
        for (int c = 0; c < classes; c++)
        {
            max = Vector512.Max(max, Vector512.LoadUnsafe(ref z, (nuint)(c * stride)));
        }

        for (int c = 0; c < classes; c++)
        {
            VectorExp.Exp(Vector512.LoadUnsafe(ref z, (nuint)(c * stride)) - max).StoreUnsafe(ref dz, (nuint)(c * stride));
        }

        Vector512<float> total = FeatureMajorSoftmax.Sum512(ref dz, classes, stride);
        Vector512<float> scale = Vector512<float>.One / total, offset = Vector512.Create(offTarget), factor = Vector512.Create(inverseRows);
        for (int c = 0; c < classes; c++)
        {
            ref float row = ref Unsafe.Add(ref dz, c * stride);
            ((Vector512.LoadUnsafe(ref row) * scale - offset) * factor).StoreUnsafe(ref row);
        }

        max.CopyTo(maxima);
        total.CopyTo(sums);
    }

    private static void Lanes256(ref float z, ref float dz, int classes, int stride, float offTarget, float inverseRows, Span<float> maxima, Span<float> sums)
    {
        Vector256<float> max = Vector256.Create(float.NegativeInfinity);
        for (int c = 0; c < classes; c++)
        {
            max = Vector256.Max(max, Vector256.LoadUnsafe(ref z, (nuint)(c * stride)));
        }

        for (int c = 0; c < classes; c++)
        {
            VectorExp.Exp(Vector256.LoadUnsafe(ref z, (nuint)(c * stride)) - max).StoreUnsafe(ref dz, (nuint)(c * stride));
        }

        Vector256<float> total = FeatureMajorSoftmax.Sum256(ref dz, classes, stride);
        Vector256<float> scale = Vector256<float>.One / total, offset = Vector256.Create(offTarget), factor = Vector256.Create(inverseRows);
        for (int c = 0; c < classes; c++)
        {
            ref float row = ref Unsafe.Add(ref dz, c * stride);
            ((Vector256.LoadUnsafe(ref row) * scale - offset) * factor).StoreUnsafe(ref row);
        }

        max.CopyTo(maxima);
        total.CopyTo(sums);
    }

    /// <summary>Σ_c z[c] in double, in increasing c (the batch-major kernel's order), down one lane.</summary>
    private static double SumInDouble(ref float z, int classes, int stride)
    {
        double sum = 0;
        for (int c = 0; c < classes; c++)
        {
            sum += Unsafe.Add(ref z, c * stride);
        }

        return sum;
    }

    private static void CheckLabels(ReadOnlySpan<int> labels, int classes)
    {
        for (int i = 0; i < labels.Length; i++)
        {
            if ((uint)labels[i] >= (uint)classes)
            {
                LabelOutOfRange(i, labels[i], classes);
            }
        }
    }

    // Out of line: a message built inline spends the kernel's inlining budget (see SpanErrors).
    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void LabelOutOfRange(int index, int label, int classes) =>
        throw new ArgumentOutOfRangeException("labels", label, $"labels[{index}] is {label}; expected a class index in 0..{classes - 1}.");
}
