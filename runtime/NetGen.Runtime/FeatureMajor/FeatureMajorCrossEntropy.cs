using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NetGen.Runtime;

/// <summary>
/// Softmax cross-entropy against integer labels on feature-major logits (zᵀ[classes, block] per lane block), as
/// <see cref="SoftmaxCrossEntropy.Forward(ReadOnlySpan{float}, ReadOnlySpan{int}, int, float, Span{float})"/> has it
/// (torch.nn.CrossEntropyLoss, mean over the batch, optional label smoothing). Every step is lane-wise down the class
/// rows, a lane block (two vectors, interleaved) at a time: the maximum, e^(z − max), the sum in the batch-major order,
/// the gradient (p·Σt − t) / rows with the label's −(1 − ε)/rows selected by comparing each lane's label with the class,
/// log Σ, and each sample's loss in double as the batch-major kernel forms it. The gradient has the batch-major
/// kernel's bits. The loss may differ from it in its last bits: log Σ is the vector logarithm (Vector512.Log, not
/// MathF.Log, whose 32 scalar calls cost MLP 64-32-10 as much as its output layer) and the samples' losses are summed
/// in double lane by lane, not in sample order. The padding lanes' gradient is zero, so the backward products and sums
/// over whole blocks see only the batch.
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
        FeatureMajor.CheckLabels(labels, classes);
        if (width == SimdWidth.Scalar)
        {
            // A lane block of one sample: the layout is logits[lanes, classes], the batch-major kernel's own.
            dLogits.Slice(rows * classes, (lanes - rows) * classes).Clear();
            return SoftmaxCrossEntropy.Forward(logits.Slice(0, rows * classes), labels, classes, labelSmoothing, dLogits.Slice(0, rows * classes), width);
        }

        float offTarget = labelSmoothing / classes;
        float onTarget = 1f - labelSmoothing + offTarget;
        int block = FeatureMajor.LaneBlock(width);
        float inverseRows = 1f / rows;
        var constants = new Constants(offTarget, inverseRows, (onTarget - offTarget) * inverseRows, onTarget - offTarget, classes);
        Span<int> padded = stackalloc int[block]; // a ragged block's labels, −1 past the batch: no class matches
        ref float z = ref MemoryMarshal.GetReference(logits);
        ref float dz = ref MemoryMarshal.GetReference(dLogits);
        Vector512<double> total512 = Vector512<double>.Zero;
        Vector256<double> total256 = Vector256<double>.Zero;
        for (int first = 0; first < rows; first += block)
        {
            int samples = Math.Min(block, rows - first);
            int at = first * classes;
            ref int labelLanes = ref FeatureMajor.LaneLabels(labels, first, padded);
            if (width == SimdWidth.Vector512)
            {
                total512 += Block512(ref Unsafe.Add(ref z, at), ref Unsafe.Add(ref dz, at), ref labelLanes, samples, block, constants);
            }
            else
            {
                total256 += Block256(ref Unsafe.Add(ref z, at), ref Unsafe.Add(ref dz, at), ref labelLanes, samples, block, constants);
            }
        }

        dLogits.Slice(FeatureMajor.Lanes(rows, width) * classes, (lanes - FeatureMajor.Lanes(rows, width)) * classes).Clear();
        double total = width == SimdWidth.Vector512 ? Vector512.Sum(total512) : Vector256.Sum(total256);
        return (float)(total / rows);
    }

    /// <param name="OffTarget">ε/C, the smoothed target of every class.</param>
    /// <param name="InverseRows">1/rows, the mean's factor.</param>
    /// <param name="LabelStep">(1 − ε)/rows, taken off the label's gradient.</param>
    /// <param name="LabelWeight">1 − ε, the label's share of the target beyond ε/C.</param>
    private readonly record struct Constants(float OffTarget, float InverseRows, float LabelStep, float LabelWeight, int Classes);

    /// <summary>
    /// One lane block (two vectors of lanes, interleaved so that each one's chain of max, exponentials, sum and logarithm
    /// overlaps the other's), down the class rows <paramref name="stride"/> floats apart: dz = (e^(z − max) / Σ − ε/C) / rows,
    /// less (1 − ε)/rows at each lane's label, zero past the <paramref name="valid"/> samples. Returns the lanes' losses
    /// −Σ_c t_c·log p_c in double (as the batch-major kernel computes each), summed in pairs of lanes, padding lanes zero.
    /// </summary>
    private static Vector512<double> Block512(ref float z, ref float dz, ref int labels, int valid, int stride, in Constants constants)
    {
        const int half = 16; // Vector512<float>.Count
        int classes = constants.Classes;
        // The hardware maximum: FeatureMajorSoftmax.Lanes512's remarks say why the bits stay the batch-major kernel's.
        Vector512<float> max0 = Vector512.Create(float.NegativeInfinity), max1 = max0;
        for (int c = 0; c < classes; c++)
        {
            ref float row = ref Unsafe.Add(ref z, c * stride);
            max0 = Vector512.MaxNative(max0, Vector512.LoadUnsafe(ref row));
            max1 = Vector512.MaxNative(max1, Vector512.LoadUnsafe(ref row, half));
        }

        for (int c = 0; c < classes; c++)
        {
            ref float row = ref Unsafe.Add(ref z, c * stride);
            ref float target = ref Unsafe.Add(ref dz, c * stride);
            VectorExp.Exp(Vector512.LoadUnsafe(ref row) - max0).StoreUnsafe(ref target);
            VectorExp.Exp(Vector512.LoadUnsafe(ref row, half) - max1).StoreUnsafe(ref target, half);
        }

        Vector512<float> sum0 = FeatureMajorSoftmax.Sum512(ref dz, classes, stride), sum1 = FeatureMajorSoftmax.Sum512(ref Unsafe.Add(ref dz, half), classes, stride);
        Vector512<float> scale0 = Vector512<float>.One / sum0, scale1 = Vector512<float>.One / sum1;
        Vector512<float> offset = Vector512.Create(constants.OffTarget), factor = Vector512.Create(constants.InverseRows), labelStep = Vector512.Create(constants.LabelStep);
        Vector512<int> label0 = Vector512.LoadUnsafe(ref labels), label1 = Vector512.LoadUnsafe(ref labels, half);
        Vector512<float> samples0 = Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(valid)).AsSingle();
        Vector512<float> samples1 = Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(valid - half)).AsSingle();
        Vector512<float> atLabel0 = Vector512<float>.Zero, atLabel1 = Vector512<float>.Zero;
        for (int c = 0; c < classes; c++)
        {
            ref float row = ref Unsafe.Add(ref z, c * stride);
            ref float target = ref Unsafe.Add(ref dz, c * stride);
            Vector512<int> klass = Vector512.Create(c);
            Vector512<float> isLabel0 = Vector512.Equals(label0, klass).AsSingle(), isLabel1 = Vector512.Equals(label1, klass).AsSingle();
            atLabel0 = Vector512.ConditionalSelect(isLabel0, Vector512.LoadUnsafe(ref row), atLabel0);
            atLabel1 = Vector512.ConditionalSelect(isLabel1, Vector512.LoadUnsafe(ref row, half), atLabel1);
            (((Vector512.LoadUnsafe(ref target) * scale0 - offset) * factor - (isLabel0 & labelStep)) & samples0).StoreUnsafe(ref target);
            (((Vector512.LoadUnsafe(ref target, half) * scale1 - offset) * factor - (isLabel1 & labelStep)) & samples1).StoreUnsafe(ref target, half);
        }

        return Losses512(atLabel0, max0 + Vector512.Log(sum0), ref z, valid, stride, constants)
            + Losses512(atLabel1, max1 + Vector512.Log(sum1), ref Unsafe.Add(ref z, half), valid - half, stride, constants);
    }

    /// <summary>One vector's lanes' losses in double, pairs of lanes summed, lanes from <paramref name="valid"/> on zero.</summary>
    private static Vector512<double> Losses512(Vector512<float> atLabel, Vector512<float> logSumExp, ref float z, int valid, int stride, in Constants constants)
    {
        (Vector512<double> lowLoss, Vector512<double> highLoss) = Vector512.Widen(atLabel - logSumExp);
        Vector512<double> weight = Vector512.Create(-(double)constants.LabelWeight);
        lowLoss *= weight;
        highLoss *= weight;
        if (constants.OffTarget != 0f)
        {
            // − ε/C · (Σ_c z_c − C·log Σ), the sum in double in increasing c.
            Vector512<double> lowSum = Vector512<double>.Zero, highSum = Vector512<double>.Zero;
            for (int c = 0; c < constants.Classes; c++)
            {
                (Vector512<double> low, Vector512<double> high) = Vector512.Widen(Vector512.LoadUnsafe(ref z, (nuint)(c * stride)));
                lowSum += low;
                highSum += high;
            }

            (Vector512<double> lowLse, Vector512<double> highLse) = Vector512.Widen(logSumExp);
            Vector512<double> off = Vector512.Create((double)constants.OffTarget), count = Vector512.Create((double)constants.Classes);
            lowLoss -= off * (lowSum - count * lowLse);
            highLoss -= off * (highSum - count * highLse);
        }

        Vector512<long> lanes = Vector512<long>.Indices;
        return Vector512.ConditionalSelect(Vector512.LessThan(lanes, Vector512.Create((long)valid)).AsDouble(), lowLoss, Vector512<double>.Zero)
            + Vector512.ConditionalSelect(Vector512.LessThan(lanes, Vector512.Create((long)valid - Vector512<double>.Count)).AsDouble(), highLoss, Vector512<double>.Zero);
    }

    /// <summary>
    /// One lane block (two vectors of lanes, interleaved so that each one's chain of max, exponentials, sum and logarithm
    /// overlaps the other's), down the class rows <paramref name="stride"/> floats apart: dz = (e^(z − max) / Σ − ε/C) / rows,
    /// less (1 − ε)/rows at each lane's label, zero past the <paramref name="valid"/> samples. Returns the lanes' losses
    /// −Σ_c t_c·log p_c in double (as the batch-major kernel computes each), summed in pairs of lanes, padding lanes zero.
    /// </summary>
    private static Vector256<double> Block256(ref float z, ref float dz, ref int labels, int valid, int stride, in Constants constants)
    {
        const int half = 8; // Vector256<float>.Count
        int classes = constants.Classes;
        // The hardware maximum: FeatureMajorSoftmax.Lanes512's remarks say why the bits stay the batch-major kernel's.
        Vector256<float> max0 = Vector256.Create(float.NegativeInfinity), max1 = max0;
        for (int c = 0; c < classes; c++)
        {
            ref float row = ref Unsafe.Add(ref z, c * stride);
            max0 = Vector256.MaxNative(max0, Vector256.LoadUnsafe(ref row));
            max1 = Vector256.MaxNative(max1, Vector256.LoadUnsafe(ref row, half));
        }

        for (int c = 0; c < classes; c++)
        {
            ref float row = ref Unsafe.Add(ref z, c * stride);
            ref float target = ref Unsafe.Add(ref dz, c * stride);
            VectorExp.Exp(Vector256.LoadUnsafe(ref row) - max0).StoreUnsafe(ref target);
            VectorExp.Exp(Vector256.LoadUnsafe(ref row, half) - max1).StoreUnsafe(ref target, half);
        }

        Vector256<float> sum0 = FeatureMajorSoftmax.Sum256(ref dz, classes, stride), sum1 = FeatureMajorSoftmax.Sum256(ref Unsafe.Add(ref dz, half), classes, stride);
        Vector256<float> scale0 = Vector256<float>.One / sum0, scale1 = Vector256<float>.One / sum1;
        Vector256<float> offset = Vector256.Create(constants.OffTarget), factor = Vector256.Create(constants.InverseRows), labelStep = Vector256.Create(constants.LabelStep);
        Vector256<int> label0 = Vector256.LoadUnsafe(ref labels), label1 = Vector256.LoadUnsafe(ref labels, half);
        Vector256<float> samples0 = Vector256.LessThan(Vector256<int>.Indices, Vector256.Create(valid)).AsSingle();
        Vector256<float> samples1 = Vector256.LessThan(Vector256<int>.Indices, Vector256.Create(valid - half)).AsSingle();
        Vector256<float> atLabel0 = Vector256<float>.Zero, atLabel1 = Vector256<float>.Zero;
        for (int c = 0; c < classes; c++)
        {
            ref float row = ref Unsafe.Add(ref z, c * stride);
            ref float target = ref Unsafe.Add(ref dz, c * stride);
            Vector256<int> klass = Vector256.Create(c);
            Vector256<float> isLabel0 = Vector256.Equals(label0, klass).AsSingle(), isLabel1 = Vector256.Equals(label1, klass).AsSingle();
            atLabel0 = Vector256.ConditionalSelect(isLabel0, Vector256.LoadUnsafe(ref row), atLabel0);
            atLabel1 = Vector256.ConditionalSelect(isLabel1, Vector256.LoadUnsafe(ref row, half), atLabel1);
            (((Vector256.LoadUnsafe(ref target) * scale0 - offset) * factor - (isLabel0 & labelStep)) & samples0).StoreUnsafe(ref target);
            (((Vector256.LoadUnsafe(ref target, half) * scale1 - offset) * factor - (isLabel1 & labelStep)) & samples1).StoreUnsafe(ref target, half);
        }

        return Losses256(atLabel0, max0 + Vector256.Log(sum0), ref z, valid, stride, constants)
            + Losses256(atLabel1, max1 + Vector256.Log(sum1), ref Unsafe.Add(ref z, half), valid - half, stride, constants);
    }

    /// <summary>One vector's lanes' losses in double, pairs of lanes summed, lanes from <paramref name="valid"/> on zero.</summary>
    private static Vector256<double> Losses256(Vector256<float> atLabel, Vector256<float> logSumExp, ref float z, int valid, int stride, in Constants constants)
    {
        (Vector256<double> lowLoss, Vector256<double> highLoss) = Vector256.Widen(atLabel - logSumExp);
        Vector256<double> weight = Vector256.Create(-(double)constants.LabelWeight);
        lowLoss *= weight;
        highLoss *= weight;
        if (constants.OffTarget != 0f)
        {
            // − ε/C · (Σ_c z_c − C·log Σ), the sum in double in increasing c.
            Vector256<double> lowSum = Vector256<double>.Zero, highSum = Vector256<double>.Zero;
            for (int c = 0; c < constants.Classes; c++)
            {
                (Vector256<double> low, Vector256<double> high) = Vector256.Widen(Vector256.LoadUnsafe(ref z, (nuint)(c * stride)));
                lowSum += low;
                highSum += high;
            }

            (Vector256<double> lowLse, Vector256<double> highLse) = Vector256.Widen(logSumExp);
            Vector256<double> off = Vector256.Create((double)constants.OffTarget), count = Vector256.Create((double)constants.Classes);
            lowLoss -= off * (lowSum - count * lowLse);
            highLoss -= off * (highSum - count * highLse);
        }

        Vector256<long> lanes = Vector256<long>.Indices;
        return Vector256.ConditionalSelect(Vector256.LessThan(lanes, Vector256.Create((long)valid)).AsDouble(), lowLoss, Vector256<double>.Zero)
            + Vector256.ConditionalSelect(Vector256.LessThan(lanes, Vector256.Create((long)valid - Vector256<double>.Count)).AsDouble(), highLoss, Vector256<double>.Zero);
    }
}
