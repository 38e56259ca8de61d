using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NetGen.Runtime;

/// <summary>
/// Softmax cross-entropy against integer labels on feature-major logits (zᵀ[classes, block] per lane block), as
/// <see cref="SoftmaxCrossEntropy.Forward(ReadOnlySpan{float}, ReadOnlySpan{int}, int, float, Span{float})"/> has it
/// (torch.nn.CrossEntropyLoss, mean over the batch, optional label smoothing). Every step is lane-wise down the class
/// rows, a vector of samples at a time: the maximum, e^(z − max), the sum in the batch-major order, the gradient
/// (p·Σt − t) / rows with the label's −(1 − ε)/rows selected by comparing each lane's label with the class, and
/// log Σ; only the samples' losses are summed one at a time, in double and in sample order. The gradient has the
/// batch-major kernel's bits; the loss may differ in its last bit, log Σ being the vector logarithm (Vector512.Log,
/// within an ulp of MathF.Log, whose 32 scalar calls cost MLP 64-32-10 as much as its output layer). The padding lanes'
/// gradient is zero, so the backward products and lane sums over whole blocks see only the batch.
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
        int block = FeatureMajor.LaneBlock(width), step = LaneStep(width);
        float inverseRows = 1f / rows;
        var constants = new Constants(offTarget, inverseRows, (onTarget - offTarget) * inverseRows, onTarget - offTarget, classes);
        Span<int> padded = stackalloc int[step]; // a ragged vector's labels, −1 past the batch: no class matches
        ref float z = ref MemoryMarshal.GetReference(logits);
        ref float dz = ref MemoryMarshal.GetReference(dLogits);
        Vector512<double> total512 = Vector512<double>.Zero;
        Vector256<double> total256 = Vector256<double>.Zero;
        for (int first = 0; first < rows; first += block)
        {
            int samples = Math.Min(block, rows - first);
            for (int lane = 0; lane < block; lane += step)
            {
                int valid = Math.Clamp(samples - lane, 0, step);
                scoped ReadOnlySpan<int> vectorLabels = labels.Slice(Math.Min(first + lane, rows), valid);
                if (valid < step)
                {
                    padded.Fill(-1);
                    vectorLabels.CopyTo(padded);
                    vectorLabels = padded;
                }

                int at = first * classes + lane;
                ref int labelLanes = ref MemoryMarshal.GetReference(vectorLabels);
                if (width == SimdWidth.Vector512)
                {
                    total512 += Lanes512(ref Unsafe.Add(ref z, at), ref Unsafe.Add(ref dz, at), ref labelLanes, valid, block, constants);
                }
                else
                {
                    total256 += Lanes256(ref Unsafe.Add(ref z, at), ref Unsafe.Add(ref dz, at), ref labelLanes, valid, block, constants);
                }
            }
        }

        dLogits.Slice(FeatureMajor.Lanes(rows, width) * classes, (lanes - FeatureMajor.Lanes(rows, width)) * classes).Clear();
        double total = width == SimdWidth.Vector512 ? Vector512.Sum(total512) : Vector256.Sum(total256);
        return (float)(total / rows);
    }

    private static int LaneStep(SimdWidth width) => width == SimdWidth.Vector512 ? Vector512<float>.Count : Vector256<float>.Count;

    /// <param name="OffTarget">ε/C, the smoothed target of every class.</param>
    /// <param name="InverseRows">1/rows, the mean's factor.</param>
    /// <param name="LabelStep">(1 − ε)/rows, taken off the label's gradient.</param>
    /// <param name="LabelWeight">1 − ε, the label's share of the target beyond ε/C.</param>
    private readonly record struct Constants(float OffTarget, float InverseRows, float LabelStep, float LabelWeight, int Classes);

    /// <summary>
    /// One vector of lanes, down the class rows <paramref name="stride"/> floats apart: dz = (e^(z − max) / Σ − ε/C) / rows,
    /// less (1 − ε)/rows at each lane's label, zero past the <paramref name="valid"/> samples. Returns the lanes' losses
    /// −Σ_c t_c·log p_c in double (as the batch-major kernel computes each), eight lanes per element, padding lanes zero.
    /// </summary>
    private static Vector512<double> Lanes512(ref float z, ref float dz, ref int labels, int valid, int stride, in Constants constants)
    {
        int classes = constants.Classes;
        Vector512<float> max = Vector512.Create(float.NegativeInfinity);
        for (int c = 0; c < classes; c++)
        {
            max = Vector512.Max(max, Vector512.LoadUnsafe(ref z, (nuint)(c * stride)));
        }

        for (int c = 0; c < classes; c++)
        {
            VectorExp.Exp(Vector512.LoadUnsafe(ref z, (nuint)(c * stride)) - max).StoreUnsafe(ref dz, (nuint)(c * stride));
        }

        Vector512<float> sum = FeatureMajorSoftmax.Sum512(ref dz, classes, stride);
        Vector512<float> scale = Vector512<float>.One / sum, offset = Vector512.Create(constants.OffTarget), factor = Vector512.Create(constants.InverseRows);
        Vector512<float> labelStep = Vector512.Create(constants.LabelStep);
        Vector512<int> label = Vector512.LoadUnsafe(ref labels);
        Vector512<float> samples = Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(valid)).AsSingle();
        Vector512<float> atLabel = Vector512<float>.Zero;
        for (int c = 0; c < classes; c++)
        {
            ref float row = ref Unsafe.Add(ref dz, c * stride);
            Vector512<float> logit = Vector512.LoadUnsafe(ref z, (nuint)(c * stride));
            Vector512<float> isLabel = Vector512.Equals(label, Vector512.Create(c)).AsSingle();
            atLabel = Vector512.ConditionalSelect(isLabel, logit, atLabel);
            Vector512<float> gradient = (Vector512.LoadUnsafe(ref row) * scale - offset) * factor - (isLabel & labelStep);
            (gradient & samples).StoreUnsafe(ref row);
        }

        Vector512<float> logSumExp = max + Vector512.Log(sum);
        (Vector512<double> lowLoss, Vector512<double> highLoss) = Vector512.Widen(atLabel - logSumExp);
        Vector512<double> weight = Vector512.Create(-(double)constants.LabelWeight);
        lowLoss *= weight;
        highLoss *= weight;
        if (constants.OffTarget != 0f)
        {
            // − ε/C · (Σ_c z_c − C·log Σ), the sum in double in increasing c.
            Vector512<double> lowSum = Vector512<double>.Zero, highSum = Vector512<double>.Zero;
            for (int c = 0; c < classes; c++)
            {
                (Vector512<double> low, Vector512<double> high) = Vector512.Widen(Vector512.LoadUnsafe(ref z, (nuint)(c * stride)));
                lowSum += low;
                highSum += high;
            }

            (Vector512<double> lowLse, Vector512<double> highLse) = Vector512.Widen(logSumExp);
            Vector512<double> off = Vector512.Create((double)constants.OffTarget), count = Vector512.Create((double)classes);
            lowLoss -= off * (lowSum - count * lowLse);
            highLoss -= off * (highSum - count * highLse);
        }

        Vector512<long> lanes = Vector512<long>.Indices;
        return Vector512.ConditionalSelect(Vector512.LessThan(lanes, Vector512.Create((long)valid)).AsDouble(), lowLoss, Vector512<double>.Zero)
            + Vector512.ConditionalSelect(Vector512.LessThan(lanes, Vector512.Create((long)valid - Vector512<double>.Count)).AsDouble(), highLoss, Vector512<double>.Zero);
    }

    private static Vector256<double> Lanes256(ref float z, ref float dz, ref int labels, int valid, int stride, in Constants constants)
    {
        int classes = constants.Classes;
        Vector256<float> max = Vector256.Create(float.NegativeInfinity);
        for (int c = 0; c < classes; c++)
        {
            max = Vector256.Max(max, Vector256.LoadUnsafe(ref z, (nuint)(c * stride)));
        }

        for (int c = 0; c < classes; c++)
        {
            VectorExp.Exp(Vector256.LoadUnsafe(ref z, (nuint)(c * stride)) - max).StoreUnsafe(ref dz, (nuint)(c * stride));
        }

        Vector256<float> sum = FeatureMajorSoftmax.Sum256(ref dz, classes, stride);
        Vector256<float> scale = Vector256<float>.One / sum, offset = Vector256.Create(constants.OffTarget), factor = Vector256.Create(constants.InverseRows);
        Vector256<float> labelStep = Vector256.Create(constants.LabelStep);
        Vector256<int> label = Vector256.LoadUnsafe(ref labels);
        Vector256<float> samples = Vector256.LessThan(Vector256<int>.Indices, Vector256.Create(valid)).AsSingle();
        Vector256<float> atLabel = Vector256<float>.Zero;
        for (int c = 0; c < classes; c++)
        {
            ref float row = ref Unsafe.Add(ref dz, c * stride);
            Vector256<float> logit = Vector256.LoadUnsafe(ref z, (nuint)(c * stride));
            Vector256<float> isLabel = Vector256.Equals(label, Vector256.Create(c)).AsSingle();
            atLabel = Vector256.ConditionalSelect(isLabel, logit, atLabel);
            Vector256<float> gradient = (Vector256.LoadUnsafe(ref row) * scale - offset) * factor - (isLabel & labelStep);
            (gradient & samples).StoreUnsafe(ref row);
        }

        Vector256<float> logSumExp = max + Vector256.Log(sum);
        (Vector256<double> lowLoss, Vector256<double> highLoss) = Vector256.Widen(atLabel - logSumExp);
        Vector256<double> weight = Vector256.Create(-(double)constants.LabelWeight);
        lowLoss *= weight;
        highLoss *= weight;
        if (constants.OffTarget != 0f)
        {
            Vector256<double> lowSum = Vector256<double>.Zero, highSum = Vector256<double>.Zero;
            for (int c = 0; c < classes; c++)
            {
                (Vector256<double> low, Vector256<double> high) = Vector256.Widen(Vector256.LoadUnsafe(ref z, (nuint)(c * stride)));
                lowSum += low;
                highSum += high;
            }

            (Vector256<double> lowLse, Vector256<double> highLse) = Vector256.Widen(logSumExp);
            Vector256<double> off = Vector256.Create((double)constants.OffTarget), count = Vector256.Create((double)classes);
            lowLoss -= off * (lowSum - count * lowLse);
            highLoss -= off * (highSum - count * highLse);
        }

        Vector256<long> lanes = Vector256<long>.Indices;
        return Vector256.ConditionalSelect(Vector256.LessThan(lanes, Vector256.Create((long)valid)).AsDouble(), lowLoss, Vector256<double>.Zero)
            + Vector256.ConditionalSelect(Vector256.LessThan(lanes, Vector256.Create((long)valid - Vector256<double>.Count)).AsDouble(), highLoss, Vector256<double>.Zero);
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
