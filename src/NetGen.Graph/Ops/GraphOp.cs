using NetGen.Randomness;

namespace NetGen.Graph;

/// <summary>
/// One op of the interpreted graph: it knows its sample shapes, claims its parameter tensors, and runs forward and
/// backward on whole tensors through the runtime kernels, one call per op (no fusion: that is what the generated code adds).
/// Ops own their output and gradient tensors and keep what backward needs from the last training forward.
/// </summary>
internal abstract class GraphOp
{
    protected GraphOp(string name, SampleShape input, SampleShape output)
    {
        Name = name;
        InputShape = input;
        OutputShape = output;
    }

    /// <summary>For messages and the tape: "Layer.Op".</summary>
    public string Name { get; }

    public SampleShape InputShape { get; }

    public SampleShape OutputShape { get; }

    /// <summary>The parameter tensors the op claimed, in layout order.</summary>
    public virtual IEnumerable<ParameterTensor> Tensors => [];

    /// <summary>Sets the op's parameters and state from the initialization stream (parameters are zero before).</summary>
    public virtual void Initialize(ParameterStore parameters, SeededRandom random)
    {
    }

    /// <summary>y = op(x); in training the op keeps what its backward pass needs.</summary>
    public abstract Tensor Forward(Tensor x, ExecutionContext context);

    /// <summary>
    /// ∂L/∂x from ∂L/∂y (the x and y of the last training forward), accumulating parameter gradients into the
    /// context's gradient array. Returns null when <paramref name="needInputGradient"/> is false.
    /// </summary>
    public abstract Tensor? Backward(Tensor x, Tensor y, Tensor dy, bool needInputGradient, ExecutionContext context);
}
