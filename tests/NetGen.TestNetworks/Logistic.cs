using NetGen;

/// <summary>One layer in the global namespace: an image input flattened into Dense, batch size 1, label smoothing.</summary>
[Network(BatchSize = 1)]
[Input(1, 8, 8)]
[SoftmaxCrossEntropy(LabelSmoothing = 0.1f)]
[Sgd(0.1f)]
partial class Logistic
{
    [Dense(2, Init = Init.PyTorchDefault)]
    public partial Layer Output { get; }
}
