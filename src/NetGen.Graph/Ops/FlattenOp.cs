namespace NetGen.Graph;

/// <summary>[C, H, W] → [C·H·W]: a view of the same values, forward and backward.</summary>
internal sealed class FlattenOp(string name, SampleShape input) : GraphOp(name, input, SampleShape.Flat(input.Size))
{
    private readonly Tensor _output = new(SampleShape.Flat(input.Size));
    private readonly Tensor _inputGradient = new(input);

    public override Tensor Forward(Tensor x, ExecutionContext context) => _output.View(x);

    public override Tensor? Backward(Tensor x, Tensor y, Tensor dy, bool needInputGradient, ExecutionContext context) =>
        needInputGradient ? _inputGradient.View(dy) : null;
}
