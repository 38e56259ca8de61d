using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NetGen.Runtime;

/// <summary>
/// Mean squared error on feature-major outputs (yᵀ[outputs, block] per lane block), as <see cref="MeanSquaredError"/>
/// has it (torch.nn.MSELoss, the mean over every batch × output element): the gradient 2(y − t)/N has its bits, lane-wise
/// down the output rows; the loss sums (y − t)² in double lane by lane rather than in sample order, so it may differ
/// from the batch-major kernel's in its last bits. Targets arrive feature-major too (FeatureMajor.Transpose
/// of targets[batch, outputs]), or as labels whose one-hot rows are formed by comparing each lane's label with the row.
/// The padding lanes' gradient is zero.
/// </summary>
public static class FeatureMajorMeanSquaredError
{
    /// <summary>
    /// Mean of (y − t)² over the first <paramref name="batch"/> lanes of outputs[outputs, lanes] and targets laid out alike;
    /// dOutputs, laid out alike, receives the gradient.
    /// </summary>
    public static float Forward(ReadOnlySpan<float> outputs, ReadOnlySpan<float> targets, int batch, int outputCount, int lanes, Span<float> dOutputs) =>
        Forward(outputs, targets, default, batch, outputCount, lanes, dOutputs, Simd.Width);

    /// <summary>Mean squared error against one-hot encodings of labels[batch] (batch = labels.Length) over outputs[classes, lanes].</summary>
    public static float Forward(ReadOnlySpan<float> outputs, ReadOnlySpan<int> labels, int classes, int lanes, Span<float> dOutputs) =>
        Forward(outputs, default, labels, labels.Length, classes, lanes, dOutputs, Simd.Width);

    /// <summary>Either form at a chosen width: targets when <paramref name="labels"/> is empty, else the labels' one-hot rows.</summary>
    internal static float Forward(ReadOnlySpan<float> outputs, ReadOnlySpan<float> targets, ReadOnlySpan<int> labels, int batch, int outputCount, int lanes, Span<float> dOutputs, SimdWidth width)
    {
        bool oneHot = !labels.IsEmpty;
        FeatureMajor.CheckLanes(batch, lanes);
        FeatureMajor.CheckWholeBlocks(lanes, width);
        FeatureMajor.CheckMatrix(nameof(outputs), outputs.Length, outputCount, lanes);
        FeatureMajor.CheckMatrix(nameof(dOutputs), dOutputs.Length, outputCount, lanes);
        if (oneHot)
        {
            FeatureMajor.CheckLabels(labels, outputCount);
        }
        else
        {
            FeatureMajor.CheckMatrix(nameof(targets), targets.Length, outputCount, lanes);
        }

        int n = batch * outputCount;
        float scale = 2f / n;
        int block = FeatureMajor.LaneBlock(width);
        int step = width switch { SimdWidth.Vector512 => Vector512<float>.Count, SimdWidth.Vector256 => Vector256<float>.Count, _ => 1 };
        Span<int> padded = stackalloc int[step]; // a ragged vector's labels, −1 past the batch: no row matches
        ref float y = ref MemoryMarshal.GetReference(outputs);
        ref float t = ref MemoryMarshal.GetReference(targets);
        ref float dy = ref MemoryMarshal.GetReference(dOutputs);
        double total = 0;
        for (int first = 0; first < lanes; first += block)
        {
            for (int lane = 0; lane < block; lane += step)
            {
                int valid = Math.Clamp(batch - first - lane, 0, step);
                int at = first * outputCount + lane;
                ref int label = ref oneHot ? ref FeatureMajor.LaneLabels(labels, first + lane, padded) : ref MemoryMarshal.GetReference(padded);
                total += width switch
                {
                    SimdWidth.Vector512 => Lanes512(ref Unsafe.Add(ref y, at), ref Unsafe.Add(ref t, oneHot ? 0 : at), ref label, oneHot, valid, outputCount, block, scale, ref Unsafe.Add(ref dy, at)),
                    SimdWidth.Vector256 => Lanes256(ref Unsafe.Add(ref y, at), ref Unsafe.Add(ref t, oneHot ? 0 : at), ref label, oneHot, valid, outputCount, block, scale, ref Unsafe.Add(ref dy, at)),
                    _ => Lane(ref Unsafe.Add(ref y, at), ref Unsafe.Add(ref t, oneHot ? 0 : at), ref label, oneHot, valid, outputCount, block, scale, ref Unsafe.Add(ref dy, at)),
                };
            }
        }

        return (float)(total / n);
    }

    /// <summary>One vector of lanes down the output rows: dy = (2/N)(y − t), zero past <paramref name="valid"/>; returns Σ (y − t)² in double.</summary>
    private static double Lanes512(ref float y, ref float t, ref int labels, bool oneHot, int valid, int outputs, int stride, float scale, ref float dy)
    {
        Vector512<float> samples = Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(valid)).AsSingle();
        Vector512<int> label = oneHot ? Vector512.LoadUnsafe(ref labels) : default;
        Vector512<float> factor = Vector512.Create(scale);
        Vector512<double> sum = Vector512<double>.Zero;
        for (int c = 0; c < outputs; c++)
        {
            nuint row = (nuint)(c * stride);
            Vector512<float> target = oneHot ? Vector512.Equals(label, Vector512.Create(c)).AsSingle() & Vector512<float>.One : Vector512.LoadUnsafe(ref t, row);
            Vector512<float> difference = (Vector512.LoadUnsafe(ref y, row) - target) & samples;
            (factor * difference).StoreUnsafe(ref dy, row);
            (Vector512<double> low, Vector512<double> high) = Vector512.Widen(difference);
            sum += low * low + high * high;
        }

        return Vector512.Sum(sum);
    }

    private static double Lanes256(ref float y, ref float t, ref int labels, bool oneHot, int valid, int outputs, int stride, float scale, ref float dy)
    {
        Vector256<float> samples = Vector256.LessThan(Vector256<int>.Indices, Vector256.Create(valid)).AsSingle();
        Vector256<int> label = oneHot ? Vector256.LoadUnsafe(ref labels) : default;
        Vector256<float> factor = Vector256.Create(scale);
        Vector256<double> sum = Vector256<double>.Zero;
        for (int c = 0; c < outputs; c++)
        {
            nuint row = (nuint)(c * stride);
            Vector256<float> target = oneHot ? Vector256.Equals(label, Vector256.Create(c)).AsSingle() & Vector256<float>.One : Vector256.LoadUnsafe(ref t, row);
            Vector256<float> difference = (Vector256.LoadUnsafe(ref y, row) - target) & samples;
            (factor * difference).StoreUnsafe(ref dy, row);
            (Vector256<double> low, Vector256<double> high) = Vector256.Widen(difference);
            sum += low * low + high * high;
        }

        return Vector256.Sum(sum);
    }

    /// <summary>One lane (a lane block is one sample at Scalar): the reference the vector forms are tested against.</summary>
    private static double Lane(ref float y, ref float t, ref int labels, bool oneHot, int valid, int outputs, int stride, float scale, ref float dy)
    {
        double sum = 0;
        for (int c = 0; c < outputs; c++)
        {
            int row = c * stride;
            float target = oneHot ? (labels == c ? 1f : 0f) : Unsafe.Add(ref t, row);
            float difference = valid > 0 ? Unsafe.Add(ref y, row) - target : 0f;
            Unsafe.Add(ref dy, row) = scale * difference;
            sum += (double)difference * difference;
        }

        return sum;
    }
}
