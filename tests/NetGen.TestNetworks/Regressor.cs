using NetGen;

namespace Demo.Regression;

/// <summary>An internal MSE regressor: constant bias init, a layer without bias, Nesterov SGD with weight decay.</summary>
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
