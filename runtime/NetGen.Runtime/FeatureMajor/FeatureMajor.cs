using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NetGen.Runtime;

/// <summary>
/// Activations held feature-major, in lane blocks: the batch padded to <see cref="Lanes(int)"/> and cut into blocks of
/// <see cref="LaneBlock"/> samples, each block xᵀ[features, block] on its own, so feature f of sample s sits at
/// (s / block)·features·block + f·block + s mod block. Every row is whole vectors, and a kernel streaming one block's
/// rows reads contiguous memory (one xᵀ[features, lanes] of 256 samples made every row 1 KiB apart, and a block's
/// rows aliased in L1). A chain of small dense layers then vectorizes over the batch: each weight is one broadcast,
/// each layer reads the previous one's rows in place, and nothing is packed between layers; softmax over a sample's
/// classes becomes lane-wise work down the rows. Only the network's input and its output are transposed, once each.
/// MLP 64-32-10's batch-major Predict spent as long packing Wᵀ, multiplying its 10 columns on a 16-wide tile and
/// taking 32 row softmaxes as it spent in its large product.
/// </summary>
public static class FeatureMajor
{
    /// <summary>Lanes a feature-major kernel processes at a time at <paramref name="width"/>: two vectors (32 at Vector512, 16 at Vector256, 1 in scalar code).</summary>
    internal static int LaneBlock(SimdWidth width) => width switch
    {
        SimdWidth.Vector512 => 2 * Vector512<float>.Count,
        SimdWidth.Vector256 => 2 * Vector256<float>.Count,
        _ => 1,
    };

    /// <summary>The padded row length of <paramref name="batch"/> samples held feature-major: batch rounded up to the lane block.</summary>
    public static int Lanes(int batch) => Lanes(batch, Simd.Width);

    internal static int Lanes(int batch, SimdWidth width)
    {
        int block = LaneBlock(width);
        return (batch + block - 1) / block * block;
    }

    /// <summary>
    /// Whether a feature-major chain pays for <paramref name="batch"/> samples: at a vector width and with samples in at
    /// least three quarters of the lanes it computes (24 of 32 at Vector512, 12 of 16 at Vector256; 48 of 64, …). Its cost
    /// follows the padded lanes, the batch-major path's the samples: `--feature-major` (tests/NetGen.Benchmarks) measured
    /// feature-major training 0.85–0.94× of batch-major for 128-128-128-10 and 256-64-10 at 33 and 40 samples (64 lanes)
    /// and 0.97× at 16 (32 lanes), and 1.00–1.34× wherever three quarters of the lanes were filled.
    /// </summary>
    public static bool Pays(int batch) => Pays(batch, Simd.Width);

    internal static bool Pays(int batch, SimdWidth width) => width != SimdWidth.Scalar && batch > 0 && 4 * batch >= 3 * Lanes(batch, width);

    /// <summary>
    /// The lane-blocked xᵀ from x[batch, features]: sample s's row into lane s of every feature row of its block, the
    /// padding lanes (batch..lanes) zeroed so they stay finite through every layer.
    /// </summary>
    public static void Transpose(ReadOnlySpan<float> x, int batch, int features, int lanes, Span<float> transposed) =>
        Transpose(x, batch, features, lanes, transposed, Simd.Width);

    internal static SimdCoverage Transpose(ReadOnlySpan<float> x, int batch, int features, int lanes, Span<float> transposed, SimdWidth width)
    {
        CheckMatrix(nameof(x), x.Length, batch, features);
        CheckLanes(batch, lanes);
        CheckWholeBlocks(lanes, width);
        CheckMatrix(nameof(transposed), transposed.Length, features, lanes);
        int block = LaneBlock(width);
        var coverage = new SimdCoverage(0, 0, 0);
        for (int first = 0; first < lanes; first += block)
        {
            Span<float> target = transposed.Slice(first * features, features * block);
            int samples = Math.Clamp(batch - first, 0, block);
            coverage += TransposeBlock(x.Slice(Math.Min(first, batch) * features, samples * features), samples, features, features, target, block, width);
            if (samples < block)
            {
                for (int f = 0; f < features; f++)
                {
                    target.Slice(f * block + samples, block - samples).Clear();
                }
            }
        }

        return coverage;
    }

    /// <summary>y[batch, features] from the lane-blocked yᵀ: the first <paramref name="batch"/> lanes, back into sample rows.</summary>
    public static void Untranspose(ReadOnlySpan<float> transposed, int features, int lanes, int batch, Span<float> y) =>
        Untranspose(transposed, features, lanes, batch, y, Simd.Width);

    internal static SimdCoverage Untranspose(ReadOnlySpan<float> transposed, int features, int lanes, int batch, Span<float> y, SimdWidth width)
    {
        CheckLanes(batch, lanes);
        CheckWholeBlocks(lanes, width);
        CheckMatrix(nameof(transposed), transposed.Length, features, lanes);
        CheckMatrix(nameof(y), y.Length, batch, features);
        int block = LaneBlock(width);
        var coverage = new SimdCoverage(0, 0, 0);
        for (int first = 0; first < batch; first += block)
        {
            int samples = Math.Min(block, batch - first);
            coverage += TransposeBlock(transposed.Slice(first * features, features * block), features, samples, block, y.Slice(first * features, samples * features), features, width);
        }

        return coverage;
    }

    /// <summary>
    /// The labels of the lanes from <paramref name="first"/>, as many as <paramref name="padded"/> holds, for one vector
    /// load: in place when that many exist, else copied into <paramref name="padded"/> with −1 (a label no class or
    /// output row matches) past the batch.
    /// </summary>
    internal static ref int LaneLabels(ReadOnlySpan<int> labels, int first, Span<int> padded)
    {
        int count = Math.Clamp(labels.Length - first, 0, padded.Length);
        if (count == padded.Length)
        {
            return ref MemoryMarshal.GetReference(labels.Slice(first));
        }

        padded.Fill(-1);
        labels.Slice(Math.Min(first, labels.Length), count).CopyTo(padded);
        return ref MemoryMarshal.GetReference(padded);
    }

    /// <summary>Every label a class index below <paramref name="classes"/>.</summary>
    internal static void CheckLabels(ReadOnlySpan<int> labels, int classes)
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

    /// <summary>A batch and its padded lanes: 0 ≤ batch ≤ lanes.</summary>
    internal static void CheckLanes(int batch, int lanes)
    {
        if (batch < 0 || lanes < batch)
        {
            LanesTooFew(batch, lanes);
        }
    }

    /// <summary>Lanes that are not whole lane blocks of the width.</summary>
    internal static void CheckWholeBlocks(int lanes, SimdWidth width)
    {
        if (lanes % LaneBlock(width) != 0)
        {
            NotWholeBlocks(lanes, width);
        }
    }

    // The throws, out of line: a message built inline spends the kernel's inlining budget (see SpanErrors).
    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void LanesTooFew(int batch, int lanes) =>
        throw new ArgumentOutOfRangeException(nameof(lanes), $"A feature-major row of {lanes} lanes cannot hold {batch} samples; expected 0 ≤ batch ≤ lanes (FeatureMajor.Lanes(batch)).");

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void NotWholeBlocks(int lanes, SimdWidth width) =>
        throw new ArgumentException($"lanes is {lanes}, not a multiple of the {width} lane block {LaneBlock(width)}; expected FeatureMajor.Lanes(batch).", nameof(lanes));

    internal static void CheckMatrix(string name, int length, int rows, int columns)
    {
        if (rows < 0 || columns < 0)
        {
            SpanErrors.NegativeDimensions(name, rows, columns, rows, columns);
        }

        if (length < (long)rows * columns)
        {
            SpanErrors.MatrixTooShort(name, length, rows, columns);
        }
    }

    /// <summary>
    /// target[c · targetStride + r] = source[r · sourceStride + c] for r &lt; rows, c &lt; columns: 8 × 8 blocks in
    /// registers at either vector width (RegisterTranspose, AVX), the ragged edges one float at a time. Exact: a copy.
    /// </summary>
    private static SimdCoverage TransposeBlock(ReadOnlySpan<float> source, int rows, int columns, int sourceStride, Span<float> target, int targetStride, SimdWidth width)
    {
        ref float s = ref MemoryMarshal.GetReference(source);
        ref float t = ref MemoryMarshal.GetReference(target);
        int fullRows = 0, fullColumns = 0;
        if (width != SimdWidth.Scalar && Avx.IsSupported)
        {
            fullRows = rows / 8 * 8;
            fullColumns = columns / 8 * 8;
            for (int r = 0; r < fullRows; r += 8)
            {
                for (int c = 0; c < fullColumns; c += 8)
                {
                    Transpose8x8(ref Unsafe.Add(ref s, r * sourceStride + c), sourceStride, ref Unsafe.Add(ref t, c * targetStride + r), targetStride);
                }
            }
        }

        for (int r = 0; r < rows; r++)
        {
            // The right edge of the blocked rows, then every column of the rows below them.
            for (int c = r < fullRows ? fullColumns : 0; c < columns; c++)
            {
                Unsafe.Add(ref t, c * targetStride + r) = Unsafe.Add(ref s, r * sourceStride + c);
            }
        }

        int blocked = fullRows * fullColumns;
        return new SimdCoverage(0, blocked, rows * columns - blocked);
    }

    /// <summary>One 8 × 8 block: eight rows loaded, transposed in registers, stored as eight columns.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose8x8(ref float source, int sourceStride, ref float target, int targetStride)
    {
        Vector256<float> r0 = Vector256.LoadUnsafe(ref source), r1 = Vector256.LoadUnsafe(ref source, (nuint)sourceStride);
        Vector256<float> r2 = Vector256.LoadUnsafe(ref source, (nuint)(2 * sourceStride)), r3 = Vector256.LoadUnsafe(ref source, (nuint)(3 * sourceStride));
        Vector256<float> r4 = Vector256.LoadUnsafe(ref source, (nuint)(4 * sourceStride)), r5 = Vector256.LoadUnsafe(ref source, (nuint)(5 * sourceStride));
        Vector256<float> r6 = Vector256.LoadUnsafe(ref source, (nuint)(6 * sourceStride)), r7 = Vector256.LoadUnsafe(ref source, (nuint)(7 * sourceStride));
        RegisterTranspose.Transpose8x8(ref r0, ref r1, ref r2, ref r3, ref r4, ref r5, ref r6, ref r7);
        r0.StoreUnsafe(ref target);
        r1.StoreUnsafe(ref target, (nuint)targetStride);
        r2.StoreUnsafe(ref target, (nuint)(2 * targetStride));
        r3.StoreUnsafe(ref target, (nuint)(3 * targetStride));
        r4.StoreUnsafe(ref target, (nuint)(4 * targetStride));
        r5.StoreUnsafe(ref target, (nuint)(5 * targetStride));
        r6.StoreUnsafe(ref target, (nuint)(6 * targetStride));
        r7.StoreUnsafe(ref target, (nuint)(7 * targetStride));
    }
}
