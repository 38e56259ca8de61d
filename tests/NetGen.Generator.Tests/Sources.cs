namespace NetGen.Generator.Tests;

/// <summary>Representative network declarations, as a user would write them.</summary>
internal static class Sources
{
    public const string FashionMlp = """
        using NetGen;

        namespace Demo;

        [Network(BatchSize = 128)]
        [Input(784)]
        [SoftmaxCrossEntropy]
        [Sgd(0.05f, Momentum = 0.9f)]
        public partial class FashionMlp
        {
            [Dense(256, Init = Init.HeNormal), BatchNorm, ReLU]
            public partial Layer Hidden1 { get; }

            [Dense(128), ReLU, Dropout(0.2f)]
            public partial Layer Hidden2 { get; }

            [Dense(10)]
            public partial Layer Output { get; }
        }
        """;

    public const string Regressor = """
        using NetGen;

        namespace Demo.Regression;

        [Network(BatchSize = 16)]
        [Input(3)]
        [MeanSquaredError]
        [Sgd(0.01f, Momentum = 0.5f, Nesterov = true, WeightDecay = 1e-4f)]
        internal partial class Regressor
        {
            [Dense(32, Bias = 0.01f), LeakyReLU(0.2f)]
            internal partial Layer Hidden { get; }

            [Dense(8, UseBias = false, Init = Init.XavierNormal), Tanh]
            internal partial Layer Squash { get; }

            [Dense(1)]
            internal partial Layer Output { get; }
        }
        """;

    public const string LogisticRegression = """
        using NetGen;

        [Network(BatchSize = 1)]
        [Input(1, 8, 8)]
        [SoftmaxCrossEntropy(LabelSmoothing = 0.1f)]
        [Sgd(0.1f)]
        partial class Logistic
        {
            [Dense(2, Init = Init.PyTorchDefault)]
            public partial Layer Output { get; }
        }
        """;

    public const string AdamWithClipping = """
        using NetGen;

        namespace Demo;

        [Network(BatchSize = 32)]
        [Input(20)]
        [SoftmaxCrossEntropy]
        [AdamW(3e-4f, AmsGrad = true, DecayWeightsOnly = true)]
        [ClipGradNorm(1f)]
        [L1(1e-5f)]
        public partial class ClippedAdamW
        {
            [Dense(16, Init = Init.Lsuv), Tanh]
            public partial Layer Hidden { get; }

            [Dense(3, Init = Init.TruncatedNormal)]
            public partial Layer Output { get; }
        }
        """;

    public const string ActivationCatalogue = """
        using NetGen;

        namespace Demo;

        [Network(BatchSize = 16)]
        [Input(12)]
        [BinaryCrossEntropy]
        [Adam]
        public partial class Catalogue
        {
            [Dense(8), GELU, Dropout(0.1f)]
            public partial Layer Smooth { get; }

            [Dense(8), PReLU]
            public partial Layer Learned { get; }

            [Dense(4), Maxout(2)]
            public partial Layer Pieces { get; }

            [Dense(3)]
            public partial Layer Output { get; }
        }
        """;

    public const string Cnn = """
        using NetGen;

        namespace Demo;

        [Network(BatchSize = 64)]
        [Input(1, 28, 28)]
        [SoftmaxCrossEntropy]
        [Adam]
        public partial class FashionCnn
        {
            [Conv2D(8, 3, Padding = 1), BatchNorm, ReLU]
            public partial Layer Conv1 { get; }

            [MaxPool(2)]
            public partial Layer Pool1 { get; }

            [Conv2D(16, 3, Padding = 1), BatchNorm, ReLU]
            public partial Layer Conv2 { get; }

            [AvgPool(2)]
            public partial Layer Pool2 { get; }

            [Dense(10)]
            public partial Layer Output { get; }
        }
        """;

    /// <summary>LeNet-5 with every convolution lowering: direct (activation fused both ways), direct again, strided im2col.</summary>
    public const string LeNet = """
        using NetGen;

        namespace Demo;

        [Network(BatchSize = 64)]
        [Input(1, 28, 28)]
        [SoftmaxCrossEntropy]
        [Adam]
        public partial class LeNet
        {
            [Conv2D(6, 5, Padding = 2), ReLU]
            public partial Layer Conv1 { get; }

            [MaxPool(2)]
            public partial Layer Pool1 { get; }

            [Conv2D(16, 5), LeakyReLU(0.1f)]
            public partial Layer Conv2 { get; }

            [Conv2D(16, 2, Stride = 2), Tanh]
            public partial Layer Strided { get; }

            [Dense(84), ReLU]
            public partial Layer Fc { get; }

            [Dense(10)]
            public partial Layer Output { get; }
        }
        """;

    public const string ChannelForms = """
        using NetGen;

        namespace Demo;

        [Network(BatchSize = 16)]
        [Input(2, 8, 8)]
        [SoftmaxCrossEntropy]
        [Sgd(0.05f, Momentum = 0.9f)]
        public partial class ChannelForms
        {
            [Conv2D(4, 3, Padding = 1), WeightNorm, PReLU]
            public partial Layer Normed { get; }

            [Conv2D(4, 3), LayerNorm, Tanh]
            public partial Layer Layered { get; }

            [Conv2D(2, 3), Maxout(2)]
            public partial Layer Pieces { get; }

            [Conv2D(3, 1), ReLU]
            public partial Layer Pointwise { get; }

            [Dense(10), WeightNorm]
            public partial Layer Output { get; }
        }
        """;
}
