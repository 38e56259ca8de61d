using NetGen.Runtime;

namespace NetGen.Graph;

/// <summary>
/// An element-wise activation as its own op: y = f(x) in one pass out of place; backward dx = dy ⊙ f', read through
/// y, or through x for the activations whose derivative needs it (GELU, SiLU).
/// </summary>
internal sealed class ActivationOp<TActivation>(string name, SampleShape shape, TActivation activation) : GraphOp(name, shape, shape)
    where TActivation : struct, IActivation
{
    private readonly Tensor _output = new(shape);
    private readonly Tensor _inputGradient = new(shape);

    // Read once: a default interface member called on a struct boxes it, which would allocate on every backward pass.
    private readonly bool _derivativeThroughInput = activation.DerivativeThroughInput;

    public override Tensor Forward(Tensor x, ExecutionContext context)
    {
        Tensor y = _output.CopyFrom(x.Span, x.Batch);
        Epilogue.Activation(activation, y.Span);
        return y;
    }

    public override Tensor? Backward(Tensor x, Tensor y, Tensor dy, bool needInputGradient, ExecutionContext context)
    {
        Tensor dx = _inputGradient.CopyFrom(dy.Span, dy.Batch);
        Epilogue.ActivationBackward(_derivativeThroughInput ? x.Span : y.Span, activation, dx.Span);
        return dx;
    }
}

/// <summary>torch.nn.PReLU with a learned slope per unit (flat input) or per channel (spatial input), init 0.25.</summary>
internal sealed class PReluOp : GraphOp
{
    private readonly Tensor _output;
    private readonly Tensor _inputGradient;

    public PReluOp(string name, SampleShape shape, ParameterStore parameters)
        : base(name, shape, shape)
    {
        Slopes = parameters.Claim(name + ".slopes", shape.Spatial ? shape.Channels : shape.Size, ParameterRole.Other);
        _output = new Tensor(shape);
        _inputGradient = new Tensor(shape);
    }

    public ParameterTensor Slopes { get; }

    public override IEnumerable<ParameterTensor> Tensors => [Slopes];

    private int Positions => InputShape.Spatial ? InputShape.Positions : 1;

    public override void Initialize(ParameterStore parameters, NetGen.Randomness.SeededRandom random) => parameters[Slopes].Fill(0.25f);

    public override Tensor Forward(Tensor x, ExecutionContext context)
    {
        Tensor y = _output.Resize(x.Batch);
        PRelu.Forward(default, context.Parameters[Slopes], x.Batch, Positions, x.Span, y.Span); // without a bias, z is only read
        return y;
    }

    public override Tensor? Backward(Tensor x, Tensor y, Tensor dy, bool needInputGradient, ExecutionContext context)
    {
        Tensor dx = _inputGradient.CopyFrom(dy.Span, dy.Batch);
        PRelu.Backward(x.Span, context.Parameters[Slopes], x.Batch, Positions, dx.Span, context.GradientOf(Slopes));
        return dx;
    }
}

/// <summary>Maxout(k): units (or channel planes) grouped k at a time, the maximum kept; the winners route backward.</summary>
internal sealed class MaxoutOp : GraphOp
{
    private readonly int _pieces;
    private readonly Tensor _output;
    private readonly Tensor _inputGradient;
    private int[] _winners = [];

    public MaxoutOp(string name, SampleShape input, int pieces)
        : base(name, input, input.Spatial ? SampleShape.Image(input.Channels / pieces, input.Height, input.Width) : SampleShape.Flat(input.Size / pieces))
    {
        _pieces = pieces;
        _output = new Tensor(OutputShape);
        _inputGradient = new Tensor(input);
    }

    private int Positions => InputShape.Spatial ? InputShape.Positions : 1;

    public override Tensor Forward(Tensor x, ExecutionContext context)
    {
        Tensor y = _output.Resize(x.Batch);
        if (_winners.Length < y.Length)
        {
            _winners = new int[y.Length];
        }

        Maxout.Forward(default, _pieces, x.Batch, Positions, x.Span, y.Span, _winners);
        return y;
    }

    public override Tensor? Backward(Tensor x, Tensor y, Tensor dy, bool needInputGradient, ExecutionContext context)
    {
        Tensor dx = _inputGradient.Resize(x.Batch);
        Maxout.Backward(dy.Span, _winners.AsSpan(0, dy.Length), _pieces, Positions, dx.Span);
        return dx;
    }
}

/// <summary>
/// Inverted dropout: y = x ⊙ mask with mask ∈ {0, 1/(1 − p)} from the network's dropout stream, p the layer view's
/// run-time <see cref="Layer.DropoutRate"/> once <see cref="View"/> is set; identity in inference without dropout. A
/// declared Dropout(0) has no view and is always the identity, drawing nothing from the stream: the generator compiles it
/// away, so a draw here would shift every later layer's masks against the generated network's.
/// </summary>
internal sealed class DropoutOp(string name, SampleShape shape, float probability) : GraphOp(name, shape, shape)
{
    /// <summary>The declared p.</summary>
    public float Probability => probability;

    /// <summary>The layer's view, which holds the run-time rate (null for p = 0, which has no view rate: the declared 0 is used).</summary>
    public Layer? View { get; set; }

    private readonly Tensor _output = new(shape);
    private readonly Tensor _mask = new(shape);
    private readonly Tensor _inputGradient = new(shape);

    public override Tensor Forward(Tensor x, ExecutionContext context)
    {
        if (!context.Dropout || IsCompiledAway)
        {
            return x;
        }

        Tensor mask = _mask.Resize(x.Batch);
        context.DropoutRandom.FillDropoutMask(mask.Span, View?.DropoutRate ?? probability);
        Tensor y = _output.Resize(x.Batch);
        Dropout.Forward(x.Span, mask.Span, y.Span);
        return y;
    }

    public override Tensor? Backward(Tensor x, Tensor y, Tensor dy, bool needInputGradient, ExecutionContext context)
    {
        if (IsCompiledAway)
        {
            return dy;
        }

        Tensor dx = _inputGradient.CopyFrom(dy.Span, dy.Batch);
        Dropout.Backward(_mask.Span, dx.Span);
        return dx;
    }

    /// <summary>A declared Dropout(0), which the layer view gives no rate (see <see cref="View"/>).</summary>
    private bool IsCompiledAway => View is null && probability == 0f;
}
