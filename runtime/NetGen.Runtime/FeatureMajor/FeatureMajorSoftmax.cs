using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NetGen.Runtime;

/// <summary>
/// Softmax over each sample's classes on feature-major logits (zᵀ[classes, block] per lane block), in place: every step is lane-wise
/// down the class rows (the maximum, e^(z − max), the sum, the scaling), a vector of samples at a time, where the
/// batch-major form worked one 10-class row at a time. The bits are <see cref="SoftmaxCrossEntropy.Softmax(ReadOnlySpan{float}, int, Span{float})"/>'s:
/// the same exponential, the sum in its order (class c into running sum c mod 8, increasing c, then
/// ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7))), and the probabilities scaled by one reciprocal of the sum.
/// </summary>
public static class FeatureMajorSoftmax
{
    private const int Sums = 8;

    /// <summary>zᵀ → pᵀ in place, in FeatureMajor's lane blocks; <paramref name="lanes"/> is <see cref="FeatureMajor.Lanes(int)"/> of the batch.</summary>
    public static void InPlace(Span<float> logits, int classes, int lanes) => InPlace(logits, classes, lanes, Simd.Width);

    internal static SimdCoverage InPlace(Span<float> logits, int classes, int lanes, SimdWidth width)
    {
        FeatureMajor.CheckMatrix(nameof(logits), logits.Length, classes, lanes);
        FeatureMajor.CheckWholeBlocks(lanes, width);
        ref float z = ref MemoryMarshal.GetReference(logits);
        int block = FeatureMajor.LaneBlock(width);
        for (int first = 0; first < lanes; first += block)
        {
            // This lane block's zᵀ[classes, block]: its vectors of lanes, each softmaxed down the block's class rows.
            ref float rows = ref Unsafe.Add(ref z, first * classes);
            for (int lane = 0; lane < block; lane += LaneStep(width))
            {
                switch (width)
                {
                    case SimdWidth.Vector512: Lanes512(ref Unsafe.Add(ref rows, lane), classes, block); break;
                    case SimdWidth.Vector256: Lanes256(ref Unsafe.Add(ref rows, lane), classes, block); break;
                    default: Lane(ref Unsafe.Add(ref rows, lane), classes, block); break;
                }
            }
        }

        int values = classes * lanes;
        return width switch
        {
            SimdWidth.Vector512 => new SimdCoverage(values, 0, 0),
            SimdWidth.Vector256 => new SimdCoverage(0, values, 0),
            _ => new SimdCoverage(0, 0, values),
        };
    }

    private static int LaneStep(SimdWidth width) => width switch
    {
        SimdWidth.Vector512 => Vector512<float>.Count,
        SimdWidth.Vector256 => Vector256<float>.Count,
        _ => 1,
    };

    /// <remarks>
    /// The maximum is the hardware's (vmaxps, one instruction; Vector512.Max's IEEE form takes three). The two differ
    /// only in the sign of a zero maximum and in which NaN survives: z − (±0) and e^(±0) are alike, and a NaN logit makes
    /// its lane's sum and every probability of the lane NaN either way, so the bits are those of the batch-major kernel.
    /// </remarks>
    private static void Lanes512(ref float z, int classes, int stride)
    {
        Vector512<float> max = Vector512.Create(float.NegativeInfinity);
        for (int c = 0; c < classes; c++)
        {
            max = Vector512.MaxNative(max, Vector512.LoadUnsafe(ref z, (nuint)(c * stride)));
        }

        for (int c = 0; c < classes; c++)
        {
            ref float row = ref Unsafe.Add(ref z, c * stride);
            VectorExp.Exp(Vector512.LoadUnsafe(ref row) - max).StoreUnsafe(ref row);
        }

        Vector512<float> total = Sum512(ref z, classes, stride);
        Vector512<float> scale = Vector512<float>.One / total;
        for (int c = 0; c < classes; c++)
        {
            ref float row = ref Unsafe.Add(ref z, c * stride);
            (Vector512.LoadUnsafe(ref row) * scale).StoreUnsafe(ref row);
        }
    }

    /// <summary>Σ_c e[c] lane-wise in the batch-major order: class c into running sum c mod 8, then ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7)).</summary>
    internal static Vector512<float> Sum512(ref float e, int classes, int stride) =>
        ((RunningSum512(ref e, 0, classes, stride) + RunningSum512(ref e, 1, classes, stride)) + (RunningSum512(ref e, 2, classes, stride) + RunningSum512(ref e, 3, classes, stride)))
        + ((RunningSum512(ref e, 4, classes, stride) + RunningSum512(ref e, 5, classes, stride)) + (RunningSum512(ref e, 6, classes, stride) + RunningSum512(ref e, 7, classes, stride)));

    /// <summary>Running sum <paramref name="first"/> of eight: classes first, first + 8, … added in increasing order from zero.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> RunningSum512(ref float e, int first, int classes, int stride)
    {
        Vector512<float> sum = Vector512<float>.Zero;
        for (int c = first; c < classes; c += Sums)
        {
            sum += Vector512.LoadUnsafe(ref e, (nuint)(c * stride));
        }

        return sum;
    }

    private static void Lanes256(ref float z, int classes, int stride)
    {
        Vector256<float> max = Vector256.Create(float.NegativeInfinity);
        for (int c = 0; c < classes; c++)
        {
            max = Vector256.MaxNative(max, Vector256.LoadUnsafe(ref z, (nuint)(c * stride)));
        }

        for (int c = 0; c < classes; c++)
        {
            ref float row = ref Unsafe.Add(ref z, c * stride);
            VectorExp.Exp(Vector256.LoadUnsafe(ref row) - max).StoreUnsafe(ref row);
        }

        Vector256<float> total = Sum256(ref z, classes, stride);
        Vector256<float> scale = Vector256<float>.One / total;
        for (int c = 0; c < classes; c++)
        {
            ref float row = ref Unsafe.Add(ref z, c * stride);
            (Vector256.LoadUnsafe(ref row) * scale).StoreUnsafe(ref row);
        }
    }

    /// <summary>Σ_c e[c] lane-wise in the batch-major order: class c into running sum c mod 8, then ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7)).</summary>
    internal static Vector256<float> Sum256(ref float e, int classes, int stride) =>
        ((RunningSum256(ref e, 0, classes, stride) + RunningSum256(ref e, 1, classes, stride)) + (RunningSum256(ref e, 2, classes, stride) + RunningSum256(ref e, 3, classes, stride)))
        + ((RunningSum256(ref e, 4, classes, stride) + RunningSum256(ref e, 5, classes, stride)) + (RunningSum256(ref e, 6, classes, stride) + RunningSum256(ref e, 7, classes, stride)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> RunningSum256(ref float e, int first, int classes, int stride)
    {
        Vector256<float> sum = Vector256<float>.Zero;
        for (int c = first; c < classes; c += Sums)
        {
            sum += Vector256.LoadUnsafe(ref e, (nuint)(c * stride));
        }

        return sum;
    }

    /// <summary>One lane in scalar code: the reference the vector forms are tested against.</summary>
    private static void Lane(ref float z, int classes, int stride)
    {
        float max = float.NegativeInfinity;
        for (int c = 0; c < classes; c++)
        {
            max = MathF.Max(max, Unsafe.Add(ref z, c * stride));
        }

        Span<float> sums = stackalloc float[Sums];
        sums.Clear();
        for (int c = 0; c < classes; c++)
        {
            ref float value = ref Unsafe.Add(ref z, c * stride);
            value = VectorExp.Exp(value - max);
            sums[c % Sums] += value;
        }

        float scale = 1f / (((sums[0] + sums[1]) + (sums[2] + sums[3])) + ((sums[4] + sums[5]) + (sums[6] + sums[7])));
        for (int c = 0; c < classes; c++)
        {
            Unsafe.Add(ref z, c * stride) *= scale;
        }
    }
}
