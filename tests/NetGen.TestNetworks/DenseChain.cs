using NetGen;

namespace Demo.Chains;

/// <summary>
/// Small Dense layers trained on softmax cross-entropy: Predict, TrainStep and ComputeGradients run feature-major where
/// a call's samples fill ¾ of the lanes (activations held xᵀ[features, lanes], every product vectorized over the batch).
/// </summary>
[Network(BatchSize = 64)]
[Input(24)]
[SoftmaxCrossEntropy(LabelSmoothing = 0.05f)]
[Adam(2e-3f)]
public partial class DenseChain
{
    [Dense(32), ReLU]
    public partial Layer Hidden { get; }

    [Dense(16, UseBias = false), Tanh, MaxNorm(2f)]
    public partial Layer Bottleneck { get; }

    [Dense(6)]
    public partial Layer Output { get; }
}
