using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NetGen.Runtime;

/// <summary>
/// Binary cross-entropy on feature-major logits (zᵀ[outputs, block] per lane block), as <see cref="BinaryCrossEntropy"/>
/// has it (torch.nn.BCEWithLogitsLoss, the mean over every batch × output element) and with its bits: each element goes
/// through the same <c>BinaryCrossEntropy.Element</c>, in the batch-major kernel's order (sample by sample, outputs in
/// order), only read from and written to the lane-blocked layout. It stays one element at a time, as the batch-major
/// kernel is (its exponential and logarithm are MathF's): a binary classifier has one output, so a step is a few dozen
/// elements. Targets arrive feature-major (FeatureMajor.Transpose of targets[batch, outputs]) or as labels (0/1 with one
/// output, else class indices whose one-hot rows are the targets). The padding lanes' gradient is zero.
/// </summary>
public static class FeatureMajorBinaryCrossEntropy
{
    /// <summary>
    /// Mean loss of the first <paramref name="batch"/> lanes of logits[outputs, lanes] against targets laid out alike;
    /// dLogits, laid out alike, receives the gradient.
    /// </summary>
    public static float Forward(ReadOnlySpan<float> logits, ReadOnlySpan<float> targets, int batch, int outputCount, int lanes, Span<float> dLogits)
    {
        FeatureMajor.CheckMatrix(nameof(targets), targets.Length, outputCount, lanes);
        return Forward(logits, targets, default, batch, outputCount, lanes, dLogits, Simd.Width);
    }

    /// <summary>Mean loss against labels[batch] (batch = labels.Length): 0/1 with one output, else one-hot over the outputs.</summary>
    public static float Forward(ReadOnlySpan<float> logits, ReadOnlySpan<int> labels, int outputCount, int lanes, Span<float> dLogits)
    {
        FeatureMajor.CheckLabels(labels, outputCount == 1 ? 2 : outputCount);
        return Forward(logits, default, labels, labels.Length, outputCount, lanes, dLogits, Simd.Width);
    }

    /// <summary>Either form in the layout of a width: targets when <paramref name="labels"/> is empty, else the labels' targets.</summary>
    internal static float Forward(ReadOnlySpan<float> logits, ReadOnlySpan<float> targets, ReadOnlySpan<int> labels, int batch, int outputCount, int lanes, Span<float> dLogits, SimdWidth width)
    {
        FeatureMajor.CheckLanes(batch, lanes);
        FeatureMajor.CheckWholeBlocks(lanes, width);
        FeatureMajor.CheckMatrix(nameof(logits), logits.Length, outputCount, lanes);
        FeatureMajor.CheckMatrix(nameof(dLogits), dLogits.Length, outputCount, lanes);
        bool fromLabels = !labels.IsEmpty;
        int n = batch * outputCount;
        int block = FeatureMajor.LaneBlock(width);
        ref float z = ref MemoryMarshal.GetReference(logits);
        ref float t = ref MemoryMarshal.GetReference(targets);
        ref float dz = ref MemoryMarshal.GetReference(dLogits);
        dLogits.Clear(); // the padding lanes; every sample's element is written below
        double total = 0;
        for (int i = 0; i < batch; i++)
        {
            int lane = i / block * outputCount * block + i % block;
            for (int c = 0; c < outputCount; c++)
            {
                int at = lane + c * block;
                float target = fromLabels ? BinaryCrossEntropy.LabelTarget(labels[i], c, outputCount) : Unsafe.Add(ref t, at);
                total += BinaryCrossEntropy.Element(Unsafe.Add(ref z, at), target, n, out Unsafe.Add(ref dz, at));
            }
        }

        return (float)(total / n);
    }
}
