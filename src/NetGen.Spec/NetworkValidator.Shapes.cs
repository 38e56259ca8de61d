using System.Collections.Generic;
using System.Linq;
using static NetGen.Spec.Rules;
using static NetGen.Spec.SpecText;

namespace NetGen.Spec;

/// <summary>Rules that need the inferred shapes: BatchNorm's batch rule, channel order, sizes against the limits.</summary>
internal static partial class NetworkValidator
{
    /// <summary>
    /// PyTorch's batch rule per kind: BatchNorm needs more than one value per channel, N·H·W ≥ 2, so after Dense (and a
    /// 1 × 1 output) a batch of one sample is refused, while after a convolution with more than one output position it
    /// is fine. Warns when BatchSize = 1 leaves every training batch refused.
    /// </summary>
    private static void ValidateBatchNormBatches(NetworkSpec spec, List<(TensorShape In, TensorShape Out)> shapes, List<SpecDiagnostic> diagnostics)
    {
        for (int i = 0; i < shapes.Count && spec.BatchSize == 1; i++)
        {
            OpSpec? batchNorm = spec.Layers[i].Ops.FirstOrDefault(o => o.Kind == OpKind.BatchNorm);
            if (batchNorm is not null && (long)shapes[i].Out.Height * shapes[i].Out.Width < 2)
            {
                diagnostics.Add(SpecDiagnostic.Create(BatchNormWithBatchOne, batchNorm.Location, spec.Layers[i].Name));
            }
        }
    }

    /// <summary>
    /// [Input(28, 28, 1)] reads as 28 channels of 28 × 1 images: the last dimension small and the first large is almost
    /// always a channels-last (NHWC) shape, which a convolution or pooling would then slide over the wrong axes.
    /// </summary>
    private static void ValidateChannelOrder(NetworkSpec spec, List<SpecDiagnostic> diagnostics)
    {
        EquatableArray<int> shape = spec.InputShape;
        bool spatial = spec.Layers.Any(l => l.Ops.FirstOrDefault()?.Kind.IsSpatial() == true);
        if (shape.Count == 3 && spatial && shape[2] <= 4 && shape[0] > 4 && shape[0] > shape[2])
        {
            diagnostics.Add(SpecDiagnostic.Create(
                ProbablyChannelsLast,
                spec.InputLocation,
                $"{Format(shape[0])}, {Format(shape[1])}, {Format(shape[2])}",
                Format(shape[0]),
                $"{Format(shape[1])} × {Format(shape[2])}",
                $"{Format(shape[2])}, {Format(shape[0])}, {Format(shape[1])}"));
        }
    }

    /// <summary>Maxout's k (the producer computes k values per output), 1 without a Maxout or with a broken one.</summary>
    private static long PiecesOf(LayerSpec layer) => System.Math.Max(layer.Ops.FirstOrDefault(o => o.Kind == OpKind.Maxout)?.Pieces ?? 1, 1);

    /// <summary>
    /// The buffers the generated constructor will allocate, in 64-bit arithmetic against <see cref="SpecLimits"/>: each
    /// weight and the parameter array as one array, each layer's batch of activations, and the estimated total.
    /// </summary>
    private static void ValidateSizes(NetworkSpec spec, List<(TensorShape In, TensorShape Out)> shapes, List<SpecDiagnostic> diagnostics)
    {
        long parameters = 0, activations = 0;
        for (int i = 0; i < shapes.Count; i++)
        {
            LayerSpec layer = spec.Layers[i];
            OpSpec producer = layer.Ops[0];
            (TensorShape input, TensorShape output) = shapes[i];
            long width = SpecLimits.Times(output.Size, PiecesOf(layer));
            long weight = producer.Kind switch
            {
                OpKind.Dense => SpecLimits.Times(width, input.Size),
                OpKind.Conv2D => SpecLimits.Times(SpecLimits.Times(output.Channels * PiecesOf(layer), input.Channels), (long)producer.Kernel * producer.Kernel),
                _ => 0,
            };
            long widest = System.Math.Max(width, input.Size);
            if (width > SpecLimits.MaxBufferFloats || weight > SpecLimits.MaxBufferFloats)
            {
                string what = width > SpecLimits.MaxBufferFloats ? $"A sample of layer '{layer.Name}''s producer outputs" : $"Layer '{layer.Name}''s weight";
                diagnostics.Add(SpecDiagnostic.Create(NetworkTooLarge, producer.Location, what, Format(System.Math.Max(width, weight)), Format(SpecLimits.MaxBufferFloats), SpecLimits.BufferLimitText));
                return;
            }

            // Weight, then at most bias, γ, β and slopes of the producer's width each.
            parameters += weight + 4 * width;
            if (parameters > SpecLimits.MaxBufferFloats)
            {
                diagnostics.Add(SpecDiagnostic.Create(NetworkTooLarge, producer.Location, $"The parameters up to layer '{layer.Name}'", Format(parameters), Format(SpecLimits.MaxBufferFloats), SpecLimits.BufferLimitText));
                return;
            }

            long batch = (long)System.Math.Max(spec.BatchSize, 1) * widest;
            if (batch > SpecLimits.MaxBufferFloats)
            {
                diagnostics.Add(SpecDiagnostic.Create(NetworkTooLarge, spec.NetworkLocation, $"A batch of layer '{layer.Name}''s activations (BatchSize {Format(spec.BatchSize)} × {Format(widest)})", Format(batch), Format(SpecLimits.MaxBufferFloats), SpecLimits.BufferLimitText));
                return;
            }

            activations += 3 * batch;
        }

        long total = 4 * parameters + activations;
        if (total > SpecLimits.MaxTotalFloats)
        {
            diagnostics.Add(SpecDiagnostic.Create(NetworkTooLarge, spec.NetworkLocation, $"Network '{spec.ClassName}' at BatchSize {Format(spec.BatchSize)}", Format(total), Format(SpecLimits.MaxTotalFloats), SpecLimits.TotalLimitText));
        }
    }
}
