using NetGen.Graph;

namespace NetGen.Onnx.Tests;

/// <summary>
/// One interpreted network per layer kind and argument form the export maps, each ending in a small Dense head; the
/// loss picks the output kind (softmax, sigmoid, identity).
/// </summary>
internal static class LayerCases
{
    private static GraphBuilder Flat(int features = 6) => new GraphBuilder(features).BatchSize(8);

    private static GraphBuilder Image(int channels = 2, int size = 6) => new GraphBuilder(channels, size, size).BatchSize(4);

    private static GraphBuilder Softmax(this GraphBuilder b) => b.Dense(3, name: "Head").SoftmaxCrossEntropy().Adam(1e-2f);

    public static readonly IReadOnlyDictionary<string, Func<GraphBuilder>> All = new Dictionary<string, Func<GraphBuilder>>
    {
        // Dense producers and every activation.
        ["Linear"] = () => Flat().Dense(5).ReLU().Softmax(),
        ["LinearNoBias"] = () => Flat().Dense(5, useBias: false).ReLU().Softmax(),
        ["LeakyReLU"] = () => Flat().Dense(5).LeakyReLU(0.2f).Softmax(),
        ["Tanh"] = () => Flat().Dense(5).Tanh().Softmax(),
        ["Sigmoid"] = () => Flat().Dense(5).Sigmoid().Softmax(),
        ["ELU"] = () => Flat().Dense(5).ELU(0.5f).Softmax(),
        ["GELU"] = () => Flat().Dense(5).GELU().Softmax(),
        ["SiLU"] = () => Flat().Dense(5).SiLU().Softmax(),
        ["PReLU"] = () => Flat().Dense(5).PReLU().Softmax(),
        ["Maxout"] = () => Flat().Dense(4).Maxout(3).Softmax(),
        ["Dropout"] = () => Flat().Dense(5).ReLU().Dropout(0.3f).Softmax(),
        ["Regularizers"] = () => Flat().Dense(5).ReLU().MaxNorm(1f).GaussianNoise(0.2f).ActivityL1(0.01f).Softmax(), // all vanish at inference
        // Norms after Dense.
        ["BatchNorm1d"] = () => Flat().Dense(5).BatchNorm(momentum: 0.3f).ReLU().Softmax(),
        ["LayerNormDense"] = () => Flat().Dense(5).LayerNorm(epsilon: 1e-3f).ReLU().Softmax(),
        ["GroupNormDense"] = () => Flat().Dense(6).GroupNorm(3).ReLU().Softmax(),
        ["WeightNormDense"] = () => Flat().Dense(5).WeightNorm().ReLU().Softmax(),
        ["BatchNormMaxout"] = () => Flat().Dense(4).BatchNorm().Maxout(2).Softmax(),
        // Convolutions, their norms and activations per channel.
        ["Conv"] = () => Image().Conv2D(3, 3, padding: 1).ReLU().Softmax(),
        ["ConvStridedNoBias"] = () => Image().Conv2D(3, 3, stride: 2, padding: 1, useBias: false).Tanh().Softmax(),
        ["BatchNorm2d"] = () => Image().Conv2D(3, 3).BatchNorm(momentum: 0.5f).ReLU().Softmax(),
        ["LayerNormConv"] = () => Image().Conv2D(3, 3).LayerNorm().GELU().Softmax(),
        ["GroupNormConv"] = () => Image().Conv2D(4, 3).GroupNorm(2).SiLU().Softmax(),
        ["InstanceNorm2d"] = () => Image().Conv2D(3, 3).InstanceNorm(epsilon: 1e-4f).ELU().Softmax(),
        ["WeightNormConv"] = () => Image().Conv2D(3, 3, padding: 1).WeightNorm().LeakyReLU(0.1f).Softmax(),
        ["PReLUConv"] = () => Image().Conv2D(3, 3).PReLU().Softmax(),
        ["MaxoutConv"] = () => Image().Conv2D(2, 3).Maxout(3).Softmax(),
        ["DropoutConv"] = () => Image().Conv2D(3, 3).Sigmoid().Dropout(0.2f).Softmax(),
        ["RegularizersConv"] = () => Image().Conv2D(3, 3).MaxNorm(1f).ReLU().GaussianNoise(0.1f).ActivityL1(1e-3f).Softmax(),
        // Pooling: plain, padded, ceil mode, count_include_pad both ways.
        ["MaxPool"] = () => Image().Conv2D(3, 3, padding: 1).ReLU().MaxPool(2).Softmax(),
        ["MaxPoolPaddedCeil"] = () => Image(2, 7).MaxPool(3, 2, padding: 1, ceilMode: true).Softmax(),
        ["MaxPoolCeil"] = () => Image(2, 7).MaxPool(2, ceilMode: true).Softmax(),
        ["AvgPool"] = () => Image().AvgPool(2).Softmax(),
        ["AvgPoolPaddedExcludePad"] = () => Image(2, 7).AvgPool(3, 2, padding: 1, countIncludePad: false).Softmax(),
        ["AvgPoolPaddedCeilExcludePad"] = () => Image(2, 7).AvgPool(2, padding: 1, ceilMode: true, countIncludePad: false).Softmax(),
        ["AvgPoolPaddedCeilIncludePad"] = () => Image(2, 7).AvgPool(2, padding: 1, ceilMode: true).Softmax(),
        ["MaxPoolCeilNonSquare"] = () => new GraphBuilder(2, 7, 8).BatchSize(4).MaxPool(2, ceilMode: true).Softmax(),
        ["AvgPoolPaddedCeilNonSquare"] = () => new GraphBuilder(2, 8, 7).BatchSize(4).AvgPool(3, 2, padding: 1, ceilMode: true).Softmax(),
        ["AvgPoolCeil"] = () => Image(2, 7).AvgPool(3, 2, ceilMode: true).Softmax(),
        // Shapes: a Flatten layer, a Dense reading a spatial input, a spatial last layer.
        ["FlattenLayer"] = () => Image().Conv2D(2, 3).ReLU().Flatten().Dense(4).ReLU().Softmax(),
        ["DenseOnImage"] = () => Image(2, 4).Dense(5).ReLU().Softmax(),
        ["ConvLast"] = () => Image(2, 5).Conv2D(2, 3).MeanSquaredError().Sgd(0.05f),
        // The shared networks' sizes (28 × 28 images, 784 features), through the builder.
        ["FashionCnnSized"] = () => new GraphBuilder(1, 28, 28).BatchSize(16)
            .Conv2D(8, 3, padding: 1).BatchNorm().ReLU().MaxPool(2).Conv2D(16, 3, padding: 1).BatchNorm().ReLU().AvgPool(2).Dense(10)
            .SoftmaxCrossEntropy().Adam(),
        ["LeNetSized"] = () => new GraphBuilder(1, 28, 28).BatchSize(16)
            .Conv2D(6, 5, padding: 2).ReLU().MaxPool(2).Conv2D(16, 5).LeakyReLU(0.1f).Conv2D(16, 2, stride: 2).Tanh().Dense(84).ReLU().Dense(10)
            .SoftmaxCrossEntropy().Adam(),
        ["FashionMlpSized"] = () => new GraphBuilder(784).BatchSize(16)
            .Dense(256, init: Init.HeNormal).BatchNorm().ReLU().Dense(128).ReLU().Dropout(0.2f).Dense(10)
            .SoftmaxCrossEntropy().Sgd(0.05f, momentum: 0.9f),
        // Output kinds: sigmoid (binary cross-entropy) and identity (mean squared error).
        ["SigmoidOutput"] = () => Flat().Dense(5).ReLU().Dense(3).BinaryCrossEntropy().Adam(1e-2f),
        ["IdentityOutput"] = () => Flat().Dense(5).Tanh().Dense(2).MeanSquaredError().Sgd(0.1f, momentum: 0.9f),
    };

    /// <summary>tests/NetGen.TestNetworks' ChannelForms through the builder: WeightNorm, PReLU, LayerNorm and Maxout after Conv2D.</summary>
    public static GraphNetwork ChannelForms() => new GraphBuilder(2, 8, 8).BatchSize(16)
        .Conv2D(4, 3, padding: 1, name: "Normed").WeightNorm().PReLU()
        .Conv2D(4, 3, name: "Layered").LayerNorm().Tanh()
        .Conv2D(2, 3, name: "Pieces").Maxout(2)
        .Conv2D(3, 1, name: "Pointwise").ReLU()
        .Dense(10, name: "Output").WeightNorm()
        .SoftmaxCrossEntropy().Sgd(0.05f, momentum: 0.9f)
        .Build(seed: 1);

    public static TheoryData<string> Names() => [.. All.Keys];

    public static GraphNetwork Trained(string name)
    {
        GraphNetwork network = All[name]().Build(seed: 3);
        OnnxHarness.Train(network, steps: 4);
        return network;
    }
}
