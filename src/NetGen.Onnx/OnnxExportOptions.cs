namespace NetGen;

/// <summary>How <see cref="OnnxExport"/> writes a network's inference graph (docs/onnx.md).</summary>
public sealed record OnnxExportOptions
{
    /// <summary>The opset written when none is asked for: 17 (LayerNormalization is native from 17 on).</summary>
    public const int DefaultOpset = 17;

    /// <summary>The lowest opset the exporter writes: 13 (Softmax over one axis, axes as attributes).</summary>
    public const int MinimumOpset = 13;

    /// <summary>The highest opset the exporter writes: 17 (from 18 on the Reduce ops take their axes as an input).</summary>
    public const int MaximumOpset = 17;

    /// <summary>
    /// Whether the graph ends with what <c>Predict</c> applies to the last layer (Softmax or Sigmoid from the loss);
    /// default true, so the model's output equals <c>Predict</c>. False exports the raw logits.
    /// </summary>
    public bool OutputActivation { get; init; } = true;

    /// <summary>The ai.onnx opset, <see cref="MinimumOpset"/> to <see cref="MaximumOpset"/>; default 17. Below 17 LayerNorm is decomposed.</summary>
    public int Opset { get; init; } = DefaultOpset;

    /// <summary>The graph's name; default the network's (<see cref="NetworkArchitecture.Name"/>).</summary>
    public string? GraphName { get; init; }
}
