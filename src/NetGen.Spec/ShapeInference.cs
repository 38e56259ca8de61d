using System.Collections.Generic;
using System.Linq;
using static NetGen.Spec.Rules;
using static NetGen.Spec.SpecText;

namespace NetGen.Spec;

/// <summary>A sample's shape between layers: [Channels, Height, Width] when spatial, else Channels features.</summary>
internal sealed record TensorShape(int Channels, int Height, int Width, bool Spatial)
{
    public int Size => Channels * Height * Width;

    public static TensorShape Flat(int features) => new(features, 1, 1, false);

    public override string ToString() => Spatial ? $"[{Channels}, {Height}, {Width}]" : $"[{Channels}]";
}

/// <summary>
/// Walks the layers from the input shape, computing each layer's input and output shape as PyTorch does (window outputs
/// floor((H + 2P − K)/S) + 1; pooling with CeilMode rounds up, see <see cref="OutputSize"/>), and reports the spatial mistakes: a window on a flat input, a window larger than its
/// padded input, input rows or columns no window reads (a warning), and sizes past <see cref="SpecLimits"/>. Every size
/// is computed in 64-bit arithmetic and checked before it is narrowed, so the shapes it returns fit an int. Pure;
/// validation reports its diagnostics and keeps its shapes for planning.
/// </summary>
internal static class ShapeInference
{
    /// <summary>(input, output) per layer, as far as the shapes are valid; the rest is left out.</summary>
    public static List<(TensorShape In, TensorShape Out)> Infer(NetworkSpec spec, List<SpecDiagnostic>? diagnostics = null)
    {
        var shapes = new List<(TensorShape, TensorShape)>();
        if (spec.InputShape.IsEmpty || spec.InputShape.Any(d => d < 1))
        {
            return shapes;
        }

        long inputSize = spec.InputShape.Aggregate(1L, (product, d) => SpecLimits.Times(product, d));
        if (inputSize > SpecLimits.MaxBufferFloats)
        {
            diagnostics?.Add(SpecDiagnostic.Create(NetworkTooLarge, spec.InputLocation, "A sample of the input", Format(inputSize), Format(SpecLimits.MaxBufferFloats), SpecLimits.BufferLimitText));
            return shapes;
        }

        TensorShape current = spec.InputShape.Count == 3
            ? new TensorShape(spec.InputShape[0], spec.InputShape[1], spec.InputShape[2], true)
            : TensorShape.Flat((int)inputSize);
        foreach (LayerSpec layer in spec.Layers)
        {
            OpSpec? op = layer.Ops.FirstOrDefault();
            if (op is null || !op.Kind.IsProducing())
            {
                return shapes;
            }

            TensorShape? next = Next(layer, op, current, diagnostics);
            if (next is null)
            {
                return shapes;
            }

            shapes.Add((current, next));
            current = next;
        }

        return shapes;
    }

    private static TensorShape? Next(LayerSpec layer, OpSpec op, TensorShape input, List<SpecDiagnostic>? diagnostics)
    {
        switch (op.Kind)
        {
            case OpKind.Dense:
                return op.Units < 1 ? null : TensorShape.Flat(op.Units);
            case OpKind.Flatten:
                return TensorShape.Flat(input.Size);
        }

        if (!input.Spatial)
        {
            diagnostics?.Add(SpecDiagnostic.Create(SpatialOpOnFlatInput, op.Location, op.Kind.ToString(), layer.Name, input.ToString()));
            return null;
        }

        bool pooling = op.Kind != OpKind.Conv2D;
        int padding = op.Padding;
        if (op.Kernel < 1 || op.Stride < 1 || padding < 0 || (pooling ? !PoolingPaddingInRange(op) : op.Units < 1))
        {
            return null; // NG0007 or NG0048 reports the setting itself
        }

        bool ceil = pooling && op.CeilMode;
        long outHeight = OutputSize(input.Height, op.Kernel, op.Stride, padding, ceil);
        long outWidth = OutputSize(input.Width, op.Kernel, op.Stride, padding, ceil);
        if (outHeight < 1 || outWidth < 1)
        {
            long height = input.Height + 2L * padding, width = input.Width + 2L * padding;
            diagnostics?.Add(SpecDiagnostic.Create(WindowLargerThanInput, op.Location, op.Kind.ToString(), layer.Name, Format(op.Kernel), $"{Format(height)} × {Format(width)}"));
            return null;
        }

        // The real rows past the last window's end, (out − 1)·S + K − P (PyTorch drops them silently).
        long rowsLeft = input.Height + (long)padding - ((outHeight - 1) * op.Stride + op.Kernel);
        long columnsLeft = input.Width + (long)padding - ((outWidth - 1) * op.Stride + op.Kernel);
        if (rowsLeft > 0 || columnsLeft > 0)
        {
            string what = rowsLeft > 0 && columnsLeft > 0
                ? $"{Format(rowsLeft)} rows and {Format(columnsLeft)} columns"
                : rowsLeft > 0 ? $"{Format(rowsLeft)} row(s)" : $"{Format(columnsLeft)} column(s)";
            diagnostics?.Add(SpecDiagnostic.Create(UnreadInput, op.Location, op.Kind.ToString(), layer.Name, what, input.ToString()));
        }

        long channels = op.Kind == OpKind.Conv2D ? op.Units : input.Channels;
        long outputs = SpecLimits.Times(SpecLimits.Times(channels, outHeight), outWidth);
        if (outputs > SpecLimits.MaxBufferFloats)
        {
            diagnostics?.Add(SpecDiagnostic.Create(NetworkTooLarge, op.Location, $"A sample of layer '{layer.Name}''s output [{Format(channels)}, {Format(outHeight)}, {Format(outWidth)}]", Format(outputs), Format(SpecLimits.MaxBufferFloats), SpecLimits.BufferLimitText));
            return null;
        }

        return new TensorShape((int)channels, (int)outHeight, (int)outWidth, true);
    }

    /// <summary>PyTorch's rule for pooling: 0 ≤ padding ≤ size/2 ("pad should be at most half of kernel size").</summary>
    public static bool PoolingPaddingInRange(OpSpec op) => op.Padding >= 0 && op.Padding <= op.Kernel / 2;

    /// <summary>
    /// PyTorch's pooling_output_shape: (size + 2P − K)/S + 1 rounded down, or up with <paramref name="ceil"/>, where
    /// a last window that would start in the right padding is dropped ((out − 1)·S ≥ size + P). Below 1 when the
    /// window does not fit.
    /// </summary>
    public static long OutputSize(long size, long kernel, long stride, long padding, bool ceil)
    {
        long span = size + 2 * padding - kernel + (ceil ? stride - 1 : 0);
        long output = (span >= 0 ? span / stride : -((-span + stride - 1) / stride)) + 1;
        if (ceil && (output - 1) * stride >= size + padding)
        {
            output--;
        }

        return output;
    }
}
