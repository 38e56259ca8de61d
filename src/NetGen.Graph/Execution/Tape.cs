namespace NetGen.Graph;

/// <summary>
/// The record of one training forward pass: each op run, with the tensors it read and wrote, in order. Backward walks it
/// in reverse, handing each op ∂L/∂(its output) and receiving ∂L/∂(its input).
/// </summary>
internal sealed class Tape
{
    private readonly List<(GraphOp Op, Tensor Input, Tensor Output)> _entries = [];

    public int Count => _entries.Count;

    public void Clear() => _entries.Clear();

    public void Record(GraphOp op, Tensor input, Tensor output) => _entries.Add((op, input, output));

    /// <summary>Backpropagates ∂L/∂(last output) through every recorded op; parameter gradients land in the context.</summary>
    public void Backward(Tensor outputGradient, ExecutionContext context)
    {
        if (_entries.Count == 0)
        {
            throw new InvalidOperationException("the tape is empty: backward needs a training forward pass first");
        }

        Tensor? dy = outputGradient;
        for (int i = _entries.Count - 1; i >= 0 && dy is not null; i--)
        {
            (GraphOp op, Tensor input, Tensor output) = _entries[i];
            dy = op.Backward(input, output, dy, needInputGradient: i > 0, context);
        }
    }
}
