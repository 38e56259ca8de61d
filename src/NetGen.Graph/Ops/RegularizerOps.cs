using NetGen.Runtime;

namespace NetGen.Graph;

/// <summary>
/// GaussianNoise: y = x + σ·ε in training, ε ~ N(0, 1) drawn in order from the network's seeded stream (the one
/// dropout masks come from, as in generated code); the identity in inference, PredictWithDropout included. Backward is
/// the identity.
/// </summary>
internal sealed class GaussianNoiseOp(string name, SampleShape shape, float std) : GraphOp(name, shape, shape)
{
    private readonly Tensor _output = new(shape);

    public override Tensor Forward(Tensor x, ExecutionContext context)
    {
        if (!context.Training)
        {
            return x;
        }

        Tensor y = _output.Resize(x.Batch);
        context.DropoutRandom.AddGaussianNoise(x.Span, std, y.Span);
        return y;
    }

    public override Tensor? Backward(Tensor x, Tensor y, Tensor dy, bool needInputGradient, ExecutionContext context) => dy;
}

/// <summary>
/// ActivityL1: the identity, whose input (the layer's output: OpFactory puts it last) carries the penalty λ·Σ|y|/B;
/// backward adds (λ/B)·sign(y) to ∂L/∂y.
/// </summary>
internal sealed class ActivityL1Op(string name, SampleShape shape, float lambda) : GraphOp(name, shape, shape)
{
    private readonly Tensor _inputGradient = new(shape);

    public override Tensor Forward(Tensor x, ExecutionContext context) => x;

    public override Tensor? Backward(Tensor x, Tensor y, Tensor dy, bool needInputGradient, ExecutionContext context)
    {
        Tensor dx = _inputGradient.CopyFrom(dy.Span, dy.Batch);
        ActivityL1.Backward(x.Span, lambda / x.Batch, dx.Span);
        return dx;
    }
}
