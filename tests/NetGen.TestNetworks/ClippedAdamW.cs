using NetGen;

namespace Demo;

/// <summary>AMSGrad AdamW decaying weights only, gradient-norm clipping, L1, and the LSUV and truncated-normal inits.</summary>
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
