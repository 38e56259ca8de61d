namespace NetGen.Graph.Tests;

/// <summary>A generated CNN whose attributes the interpreter reads, to compare against the builder and JSON forms of it.</summary>
[Network(BatchSize = 4)]
[Input(1, 8, 8)]
[SoftmaxCrossEntropy(LabelSmoothing = 0.1f)]
[Adam(1e-2f, WeightDecay = 1e-3f, DecayWeightsOnly = true)]
[ClipGradNorm(1f)]
public partial class TinyCnn
{
    [Conv2D(4, 3, Padding = 1, Init = Init.HeUniform), BatchNorm, ReLU]
    public partial Layer Conv { get; }

    [MaxPool(2)]
    public partial Layer Pool { get; }

    [Dense(8, Bias = 0.01f), LayerNorm, GELU, Dropout(0.25f)]
    public partial Layer Hidden { get; }

    [Dense(3)]
    public partial Layer Output { get; }
}

/// <summary>Pooling's padding, ceil mode and count_include_pad, in all three description forms.</summary>
[Network(BatchSize = 2)]
[Input(2, 7, 7)]
[SoftmaxCrossEntropy]
[Sgd(0.1f)]
public partial class PaddedPools
{
    [MaxPool(3, Stride = 2, Padding = 1, CeilMode = true)] // 7 → 4
    public partial Layer Max { get; }

    [AvgPool(2, Padding = 1, CeilMode = true, CountIncludePad = false)] // 4 → 3
    public partial Layer Mean { get; }

    [Dense(3)]
    public partial Layer Output { get; }
}

internal static class Descriptions
{
    /// <summary><see cref="PaddedPools"/> through the builder.</summary>
    public static GraphBuilder PaddedPools() => new GraphBuilder(2, 7, 7).BatchSize(2)
        .MaxPool(3, 2, padding: 1, ceilMode: true, name: "Max")
        .AvgPool(2, padding: 1, ceilMode: true, countIncludePad: false, name: "Mean")
        .Dense(3, name: "Output")
        .SoftmaxCrossEntropy()
        .Sgd(0.1f);

    /// <summary><see cref="PaddedPools"/> as JSON.</summary>
    public const string PaddedPoolsJson = """
        {
          "input": [2, 7, 7], "batchSize": 2,
          "layers": [
            { "name": "Max", "ops": [ { "op": "MaxPool", "size": 3, "stride": 2, "padding": 1, "ceilMode": true } ] },
            { "name": "Mean", "ops": [ { "op": "AvgPool", "size": 2, "padding": 1, "ceilMode": true, "countIncludePad": false } ] },
            { "name": "Output", "ops": [ { "op": "Dense", "units": 3 } ] }
          ],
          "loss": { "kind": "SoftmaxCrossEntropy" },
          "optimizer": { "kind": "Sgd", "learningRate": 0.1 }
        }
        """;

    /// <summary><see cref="TinyCnn"/> through the builder.</summary>
    public static GraphBuilder TinyCnn() => new GraphBuilder(1, 8, 8).BatchSize(4)
        .Conv2D(4, 3, padding: 1, init: Init.HeUniform, name: "Conv").BatchNorm().ReLU()
        .MaxPool(2, name: "Pool")
        .Dense(8, bias: 0.01f, name: "Hidden").LayerNorm().GELU().Dropout(0.25f)
        .Dense(3, name: "Output")
        .SoftmaxCrossEntropy(labelSmoothing: 0.1f)
        .Adam(1e-2f, weightDecay: 1e-3f, decayWeightsOnly: true)
        .ClipGradNorm(1f);

    /// <summary><see cref="TinyCnn"/> as JSON.</summary>
    public const string TinyCnnJson = """
        {
          "input": [1, 8, 8], "batchSize": 4,
          "layers": [
            { "name": "Conv", "ops": [ { "op": "Conv2D", "filters": 4, "kernel": 3, "padding": 1, "init": "HeUniform" }, { "op": "BatchNorm" }, { "op": "relu" } ] },
            { "name": "Pool", "ops": [ { "op": "MaxPool", "size": 2 } ] },
            { "name": "Hidden", "ops": [ { "op": "Dense", "units": 8, "bias": 0.01 }, { "op": "LayerNorm" }, { "op": "GELU" }, { "op": "Dropout", "p": 0.25 } ] },
            { "name": "Output", "ops": [ { "op": "Dense", "units": 3 } ] }
          ],
          "loss": { "kind": "SoftmaxCrossEntropy", "labelSmoothing": 0.1 },
          "optimizer": { "kind": "Adam", "learningRate": 0.01, "weightDecay": 0.001, "decayWeightsOnly": true },
          "regularization": { "clipGradNorm": 1 }
        }
        """;
}
