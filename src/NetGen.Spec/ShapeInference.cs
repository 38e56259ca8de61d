using System.Collections.Generic;
using System.Linq;
using static NetGen.Spec.Rules;

namespace NetGen.Spec;

/// <summary>A sample's shape between layers: [Channels, Height, Width] when spatial, else Channels features.</summary>
internal sealed record TensorShape(int Channels, int Height, int Width, bool Spatial)
{
    public int Size => Channels * Height * Width;

    public static TensorShape Flat(int features) => new(features, 1, 1, false);

    public override string ToString() => Spatial ? $"[{Channels}, {Height}, {Width}]" : $"[{Channels}]";
}

/// <summary>
/// Walks the layers from the input shape, computing each layer's input and output shape as PyTorch does, and reports
/// the spatial mistakes (a window on a flat input, a window larger than its input, an output size that is not whole).
/// Pure; Validation reports its diagnostics and Planning reads its shapes.
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

        TensorShape current = spec.InputShape.Count == 3
            ? new TensorShape(spec.InputShape[0], spec.InputShape[1], spec.InputShape[2], true)
            : TensorShape.Flat(spec.InputShape.Aggregate(1, (p, d) => p * d));
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

        int padding = op.Kind == OpKind.Conv2D ? op.Padding : 0;
        if (op.Kernel < 1 || op.Stride < 1 || padding < 0 || (op.Kind == OpKind.Conv2D && op.Units < 1))
        {
            return null; // NG0007 reports the size itself
        }

        int height = input.Height + 2 * padding, width = input.Width + 2 * padding;
        if (op.Kernel > height || op.Kernel > width)
        {
            diagnostics?.Add(SpecDiagnostic.Create(WindowLargerThanInput, op.Location, op.Kind.ToString(), layer.Name, SpecText.Format(op.Kernel), $"{SpecText.Format(height)} × {SpecText.Format(width)}"));
            return null;
        }

        if ((height - op.Kernel) % op.Stride != 0 || (width - op.Kernel) % op.Stride != 0)
        {
            diagnostics?.Add(SpecDiagnostic.Create(OutputSizeNotWhole, op.Location, op.Kind.ToString(), layer.Name, $"({SpecText.Format(height)} − {SpecText.Format(op.Kernel)}) / {SpecText.Format(op.Stride)} + 1"));
            return null;
        }

        int channels = op.Kind == OpKind.Conv2D ? op.Units : input.Channels;
        return new TensorShape(channels, (height - op.Kernel) / op.Stride + 1, (width - op.Kernel) / op.Stride + 1, true);
    }
}
