using NetGen.Runtime;
using NetGen.Spec;

namespace NetGen.Graph;

/// <summary>The loss on the last op's output: mean loss and ∂L/∂outputs in one call, and Predict's output transform.</summary>
internal sealed class GraphLoss(LossSpec loss, int outputs)
{
    /// <summary>What labels range over: the outputs, except 0/1 for a single-output binary cross-entropy.</summary>
    public int Classes => loss.Kind == LossKind.BinaryCrossEntropy && outputs == 1 ? 2 : outputs;

    public float Forward(ReadOnlySpan<float> logits, ReadOnlySpan<int> labels, Span<float> dLogits) => loss.Kind switch
    {
        LossKind.SoftmaxCrossEntropy => SoftmaxCrossEntropy.Forward(logits, labels, outputs, loss.LabelSmoothing, dLogits),
        LossKind.BinaryCrossEntropy => BinaryCrossEntropy.Forward(logits, labels, outputs, dLogits),
        _ => MeanSquaredError.Forward(logits, labels, outputs, dLogits),
    };

    public float Forward(ReadOnlySpan<float> logits, ReadOnlySpan<float> targets, Span<float> dLogits) => loss.Kind switch
    {
        LossKind.SoftmaxCrossEntropy => SoftmaxCrossEntropy.Forward(logits, targets, outputs, loss.LabelSmoothing, dLogits),
        LossKind.BinaryCrossEntropy => BinaryCrossEntropy.Forward(logits, targets, dLogits),
        _ => MeanSquaredError.Forward(logits, targets, dLogits),
    };

    /// <summary>Probabilities for the logit losses (softmax, sigmoid), raw values for MSE.</summary>
    public void Output(ReadOnlySpan<float> logits, Span<float> destination)
    {
        switch (loss.Kind)
        {
            case LossKind.SoftmaxCrossEntropy:
                SoftmaxCrossEntropy.Softmax(logits, outputs, destination);
                break;
            case LossKind.BinaryCrossEntropy:
                BinaryCrossEntropy.Sigmoid(logits, destination);
                break;
            default:
                logits.CopyTo(destination);
                break;
        }
    }
}
