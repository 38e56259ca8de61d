using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NetGen.Runtime;

/// <summary>
/// Lowers a convolution to GEMM: im2col copies every Kernel × Kernel patch of one sample into a column of
/// cols[C·K·K, OutH·OutW] (zeros where the window hangs over the padding); col2im adds columns back into an image,
/// which is the adjoint the backward pass needs.
/// </summary>
public static class Im2Col
{
    /// <summary>
    /// One sample's columns of image[C, H, W]: row r of its patch matrix [C·K·K, OutH·OutW] starts at cols[r · rowStride],
    /// so a batch's samples sit side by side in cols[C·K·K, batch · OutH·OutW] (pass the slice starting at the sample's column).
    /// </summary>
    public static void Forward(ReadOnlySpan<float> image, in ConvShape shape, Span<float> cols, int rowStride) =>
        Forward(image, shape, cols, rowStride, Simd.Width);

    /// <summary>image[C, H, W] += one sample's columns scattered back to their pixels, its rows <paramref name="rowStride"/> apart.</summary>
    public static void Backward(ReadOnlySpan<float> cols, in ConvShape shape, Span<float> image, int rowStride) =>
        Backward(cols, shape, image, rowStride, Simd.Width);

    /// <summary>The columns with the stride-1 copies at <paramref name="width"/>.</summary>
    internal static void Forward(ReadOnlySpan<float> image, in ConvShape shape, Span<float> cols, int rowStride, SimdWidth width)
    {
        int k = shape.Kernel, outH = shape.OutHeight, outW = shape.OutWidth, positions = rowStride;
        for (int c = 0; c < shape.Channels; c++)
        {
            ReadOnlySpan<float> plane = image.Slice(c * shape.Height * shape.Width, shape.Height * shape.Width);
            for (int ky = 0; ky < k; ky++)
            {
                for (int kx = 0; kx < k; kx++)
                {
                    Span<float> row = cols.Slice(((c * k + ky) * k + kx) * positions, outH * outW);
                    for (int oy = 0; oy < outH; oy++)
                    {
                        int y = oy * shape.Stride - shape.Padding + ky;
                        Span<float> line = row.Slice(oy * outW, outW);
                        if ((uint)y >= (uint)shape.Height)
                        {
                            line.Clear();
                            continue;
                        }

                        if (shape.Stride == 1)
                        {
                            CopyShifted(plane.Slice(y * shape.Width, shape.Width), kx - shape.Padding, line, width);
                            continue;
                        }

                        for (int ox = 0; ox < outW; ox++)
                        {
                            int x = ox * shape.Stride - shape.Padding + kx;
                            line[ox] = (uint)x < (uint)shape.Width ? plane[y * shape.Width + x] : 0f;
                        }
                    }
                }
            }
        }
    }

    /// <summary>The scatter with the stride-1 additions at <paramref name="width"/>.</summary>
    internal static void Backward(ReadOnlySpan<float> cols, in ConvShape shape, Span<float> image, int rowStride, SimdWidth width)
    {
        int k = shape.Kernel, outH = shape.OutHeight, outW = shape.OutWidth, positions = rowStride;
        for (int c = 0; c < shape.Channels; c++)
        {
            Span<float> plane = image.Slice(c * shape.Height * shape.Width, shape.Height * shape.Width);
            for (int ky = 0; ky < k; ky++)
            {
                for (int kx = 0; kx < k; kx++)
                {
                    ReadOnlySpan<float> row = cols.Slice(((c * k + ky) * k + kx) * positions, outH * outW);
                    for (int oy = 0; oy < outH; oy++)
                    {
                        int y = oy * shape.Stride - shape.Padding + ky;
                        if ((uint)y >= (uint)shape.Height)
                        {
                            continue;
                        }

                        if (shape.Stride == 1)
                        {
                            AddShifted(row.Slice(oy * outW, outW), kx - shape.Padding, plane.Slice(y * shape.Width, shape.Width), width);
                            continue;
                        }

                        for (int ox = 0; ox < outW; ox++)
                        {
                            int x = ox * shape.Stride - shape.Padding + kx;
                            if ((uint)x < (uint)shape.Width)
                            {
                                plane[y * shape.Width + x] += row[oy * outW + ox];
                            }
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// Stride 1: line[ox] = source[ox + shift] where that is inside the source, else 0 (the padding): one vector copy
    /// between two zeroed ends instead of a bounds test per value. Lines are short (OutW values), so the loops are
    /// written out rather than paying a Span.Clear/CopyTo call per piece.
    /// </summary>
    private static void CopyShifted(ReadOnlySpan<float> source, int shift, Span<float> line, SimdWidth width)
    {
        int first = Math.Clamp(-shift, 0, line.Length), last = Math.Clamp(source.Length - shift, first, line.Length); // valid ox in [first, last)
        ref float l = ref MemoryMarshal.GetReference(line);
        for (int ox = 0; ox < first; ox++)
        {
            Unsafe.Add(ref l, ox) = 0f;
        }

        ref float s = ref Unsafe.Add(ref MemoryMarshal.GetReference(source), first + shift);
        ref float d = ref Unsafe.Add(ref l, first);
        int count = last - first, i = 0;
        if (width == SimdWidth.Vector512)
        {
            for (; i <= count - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                Vector512.LoadUnsafe(ref s, (nuint)i).StoreUnsafe(ref d, (nuint)i);
            }
        }

        if (width != SimdWidth.Scalar)
        {
            for (; i <= count - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                Vector256.LoadUnsafe(ref s, (nuint)i).StoreUnsafe(ref d, (nuint)i);
            }
        }

        for (; i < count; i++)
        {
            Unsafe.Add(ref d, i) = Unsafe.Add(ref s, i);
        }

        for (int ox = last; ox < line.Length; ox++)
        {
            Unsafe.Add(ref l, ox) = 0f;
        }
    }

    /// <summary>Stride 1, the adjoint of <see cref="CopyShifted"/>: target[ox + shift] += line[ox] where inside the target.</summary>
    private static void AddShifted(ReadOnlySpan<float> line, int shift, Span<float> target, SimdWidth width)
    {
        int first = Math.Clamp(-shift, 0, line.Length), last = Math.Clamp(target.Length - shift, first, line.Length);
        ref float s = ref Unsafe.Add(ref MemoryMarshal.GetReference(line), first);
        ref float d = ref Unsafe.Add(ref MemoryMarshal.GetReference(target), first + shift);
        int count = last - first, i = 0;
        if (width == SimdWidth.Vector512)
        {
            for (; i <= count - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                (Vector512.LoadUnsafe(ref d, (nuint)i) + Vector512.LoadUnsafe(ref s, (nuint)i)).StoreUnsafe(ref d, (nuint)i);
            }
        }

        if (width != SimdWidth.Scalar)
        {
            for (; i <= count - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                (Vector256.LoadUnsafe(ref d, (nuint)i) + Vector256.LoadUnsafe(ref s, (nuint)i)).StoreUnsafe(ref d, (nuint)i);
            }
        }

        for (; i < count; i++)
        {
            Unsafe.Add(ref d, i) += Unsafe.Add(ref s, i);
        }
    }
}
