using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NetGen.Runtime;

/// <summary>
/// The layout <see cref="DirectConv"/> computes in: a chunk of NCHW samples regrouped channel-major,
/// planes[c][sample][plane], each image zero-padded and laid row by row at a fixed row width. In that layout the value
/// under window tap (c, ky, kx) for output position j = sample · planeSize + oy · rowWidth + ox sits at
/// planes[c · channelStride + ky · rowWidth + kx + j]: every tap is one offset added to j, so a run of consecutive
/// outputs reads a run of consecutive floats. Positions with ox ≥ OutW (the row's padding) are computed and discarded.
/// Every pass runs at the width it is given (DirectConv's): its vectors, then Vector256, then scalar tails.
/// </summary>
internal static class PaddedPlanes
{
    /// <summary>
    /// planes[c · channelStride + s · planeSize + (y + pad) · rowWidth + x + pad] = source[s, c, y, x] for the
    /// <paramref name="samples"/> samples of source[samples, channels, height, width]; every other float of
    /// <paramref name="planes"/> is zeroed (the padding, the slack after each plane, the tail the kernels overread).
    /// </summary>
    public static void Spread(ReadOnlySpan<float> source, int samples, int channels, int height, int width, Span<float> planes, int channelStride, int planeSize, int rowWidth, int pad, SimdWidth simd) =>
        Spread(source, ReadOnlySpan<float>.Empty, default(Identity), samples, channels, height, width, planes, channelStride, planeSize, rowWidth, pad, simd);

    /// <summary>
    /// The same layout of source ⊙ f'(activated) when <paramref name="activated"/> is not empty: a gradient ∂L/∂y carried
    /// back through y = f(z) as it is spread (f' read through y).
    /// </summary>
    public static void Spread<TActivation>(ReadOnlySpan<float> source, ReadOnlySpan<float> activated, TActivation activation, int samples, int channels, int height, int width, Span<float> planes, int channelStride, int planeSize, int rowWidth, int pad, SimdWidth simd)
        where TActivation : struct, IActivation
    {
        bool through = !activated.IsEmpty;
        ref float a = ref MemoryMarshal.GetReference(activated);
        // Each float is written once: content rows are copied and only the gaps between them zeroed (clearing the whole
        // buffer first wrote the planes twice).
        int imageSize = height * width, sampleSize = channels * imageSize, gap = rowWidth - width;
        ref float s = ref MemoryMarshal.GetReference(source);
        ref float d = ref MemoryMarshal.GetReference(planes);
        for (int c = 0; c < channels; c++)
        {
            ref float channel = ref Unsafe.Add(ref d, c * channelStride);
            for (int sample = 0; sample < samples; sample++)
            {
                ref float image = ref Unsafe.Add(ref s, sample * sampleSize + c * imageSize);
                ref float outputs = ref Unsafe.Add(ref a, through ? sample * sampleSize + c * imageSize : 0);
                ref float plane = ref Unsafe.Add(ref channel, sample * planeSize);
                int first = pad * rowWidth + pad; // the top border and the first row's left border
                Zero(ref plane, first, simd);
                for (int y = 0; y < height; y++)
                {
                    ref float row = ref Unsafe.Add(ref plane, first + y * rowWidth);
                    if (through)
                    {
                        CopyThrough(ref Unsafe.Add(ref image, y * width), ref Unsafe.Add(ref outputs, y * width), activation, ref row, width, simd);
                    }
                    else
                    {
                        Copy(ref Unsafe.Add(ref image, y * width), ref row, width, simd);
                    }

                    if (y + 1 < height)
                    {
                        ZeroGap(ref Unsafe.Add(ref row, width), gap, simd); // this row's right border and the next row's left one
                    }
                    else
                    {
                        Zero(ref Unsafe.Add(ref row, width), planeSize - (first + y * rowWidth + width), simd); // the rest of the plane
                    }
                }
            }

            Zero(ref Unsafe.Add(ref channel, samples * planeSize), channelStride - samples * planeSize, simd);
        }

        planes.Slice(channels * channelStride).Clear();
    }

    /// <summary>
    /// target[s, r, y, x] = f(values[r · ldc + s · planeSize + y · rowWidth + x] + bias[r]) (bias 0 where empty): the
    /// valid outputs of a computed chunk, back in NCHW order, for y &lt; height and x &lt; width, with the layer's
    /// activation applied on the way (one pass over the output instead of two).
    /// </summary>
    public static void Gather<TActivation>(ReadOnlySpan<float> values, int ldc, int samples, int rows, int height, int width, int planeSize, int rowWidth, ReadOnlySpan<float> bias, TActivation activation, Span<float> target, SimdWidth simd)
        where TActivation : struct, IActivation
    {
        int imageSize = height * width;
        ref float v = ref MemoryMarshal.GetReference(values);
        ref float t = ref MemoryMarshal.GetReference(target);
        for (int sample = 0; sample < samples; sample++)
        {
            for (int r = 0; r < rows; r++)
            {
                float offset = bias.IsEmpty ? 0f : bias[r];
                ref float source = ref Unsafe.Add(ref v, r * ldc + sample * planeSize);
                ref float image = ref Unsafe.Add(ref t, (sample * rows + r) * imageSize);
                for (int y = 0; y < height; y++)
                {
                    AddScalar(ref Unsafe.Add(ref source, y * rowWidth), offset, activation, ref Unsafe.Add(ref image, y * width), width, simd);
                }
            }
        }
    }

    /// <summary>target = gradient ⊙ f'(y), as Epilogue.ActivationBackward computes it (the same bits).</summary>
    private static void CopyThrough<TActivation>(ref float gradient, ref float y, TActivation activation, ref float target, int count, SimdWidth simd)
        where TActivation : struct, IActivation
    {
        int i = 0;
        if (simd == SimdWidth.Vector512 && count >= Vector512<float>.Count)
        {
            for (; i <= count - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                (Vector512.LoadUnsafe(ref gradient, (nuint)i) * activation.Derivative(Vector512.LoadUnsafe(ref y, (nuint)i))).StoreUnsafe(ref target, (nuint)i);
            }

            if (i < count)
            {
                nuint last = (nuint)(count - Vector512<float>.Count);
                (Vector512.LoadUnsafe(ref gradient, last) * activation.Derivative(Vector512.LoadUnsafe(ref y, last))).StoreUnsafe(ref target, last);
            }

            return;
        }

        if (simd != SimdWidth.Scalar)
        {
            for (; i <= count - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                (Vector256.LoadUnsafe(ref gradient, (nuint)i) * activation.Derivative(Vector256.LoadUnsafe(ref y, (nuint)i))).StoreUnsafe(ref target, (nuint)i);
            }

            if (i < count && count >= Vector256<float>.Count)
            {
                nuint last = (nuint)(count - Vector256<float>.Count);
                (Vector256.LoadUnsafe(ref gradient, last) * activation.Derivative(Vector256.LoadUnsafe(ref y, last))).StoreUnsafe(ref target, last);
                return;
            }
        }

        for (; i < count; i++)
        {
            Unsafe.Add(ref target, i) = Unsafe.Add(ref gradient, i) * activation.Derivative(Unsafe.Add(ref y, i));
        }
    }

    private static void Zero(ref float target, int count, SimdWidth simd)
    {
        int i = 0;
        if (simd == SimdWidth.Vector512)
        {
            for (; i <= count - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                Vector512<float>.Zero.StoreUnsafe(ref target, (nuint)i);
            }
        }

        if (simd != SimdWidth.Scalar)
        {
            for (; i <= count - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                Vector256<float>.Zero.StoreUnsafe(ref target, (nuint)i);
            }
        }

        for (; i < count; i++)
        {
            Unsafe.Add(ref target, i) = 0f;
        }
    }

    /// <summary>
    /// A gap between two content rows (2 · pad floats): one Vector256 of zeros when it is at most that long, at either
    /// vector width (a Vector512 store could reach past the last plane's slack on tiny images). The store may run into
    /// the next row or plane, which Spread writes afterwards; it never reaches past the planes' slack.
    /// </summary>
    private static void ZeroGap(ref float target, int count, SimdWidth simd)
    {
        if (simd != SimdWidth.Scalar && count is > 0 and <= 8)
        {
            Vector256<float>.Zero.StoreUnsafe(ref target);
            return;
        }

        Zero(ref target, count, simd);
    }

    /// <summary>
    /// Rows are a few dozen floats: written out rather than paying a Span.CopyTo call per row. A row that is not a
    /// whole number of vectors ends with one vector overlapping the previous (same values rewritten), not a scalar tail.
    /// </summary>
    private static void Copy(ref float source, ref float target, int count, SimdWidth simd)
    {
        int i = 0;
        if (simd == SimdWidth.Vector512 && count >= Vector512<float>.Count)
        {
            for (; i <= count - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                Vector512.LoadUnsafe(ref source, (nuint)i).StoreUnsafe(ref target, (nuint)i);
            }

            if (i < count)
            {
                nuint last = (nuint)(count - Vector512<float>.Count);
                Vector512.LoadUnsafe(ref source, last).StoreUnsafe(ref target, last);
            }

            return;
        }

        if (simd != SimdWidth.Scalar)
        {
            for (; i <= count - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                Vector256.LoadUnsafe(ref source, (nuint)i).StoreUnsafe(ref target, (nuint)i);
            }

            if (i < count && count >= Vector256<float>.Count)
            {
                nuint last = (nuint)(count - Vector256<float>.Count);
                Vector256.LoadUnsafe(ref source, last).StoreUnsafe(ref target, last);
                return;
            }
        }

        for (; i < count; i++)
        {
            Unsafe.Add(ref target, i) = Unsafe.Add(ref source, i);
        }
    }

    private static void AddScalar<TActivation>(ref float source, float value, TActivation activation, ref float target, int count, SimdWidth simd)
        where TActivation : struct, IActivation
    {
        int i = 0;
        if (simd == SimdWidth.Vector512 && count >= Vector512<float>.Count)
        {
            Vector512<float> add = Vector512.Create(value);
            for (; i <= count - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                activation.Apply(Vector512.LoadUnsafe(ref source, (nuint)i) + add).StoreUnsafe(ref target, (nuint)i);
            }

            if (i < count)
            {
                nuint last = (nuint)(count - Vector512<float>.Count);
                activation.Apply(Vector512.LoadUnsafe(ref source, last) + add).StoreUnsafe(ref target, last);
            }

            return;
        }

        if (simd != SimdWidth.Scalar)
        {
            Vector256<float> add = Vector256.Create(value);
            for (; i <= count - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                activation.Apply(Vector256.LoadUnsafe(ref source, (nuint)i) + add).StoreUnsafe(ref target, (nuint)i);
            }

            if (i < count && count >= Vector256<float>.Count)
            {
                nuint last = (nuint)(count - Vector256<float>.Count);
                activation.Apply(Vector256.LoadUnsafe(ref source, last) + add).StoreUnsafe(ref target, last);
                return;
            }
        }

        for (; i < count; i++)
        {
            Unsafe.Add(ref target, i) = activation.Apply(Unsafe.Add(ref source, i) + value);
        }
    }
}
