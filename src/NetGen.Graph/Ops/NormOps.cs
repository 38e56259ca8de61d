using NetGen.Initialization;
using NetGen.Randomness;
using NetGen.Runtime;

namespace NetGen.Graph;

/// <summary>
/// What the output norms share: γ and β claimed after the producer's tensors, γ = 1 and β = 0 at init, x̂ and the
/// inverse standard deviations kept from the training forward.
/// </summary>
internal abstract class OutputNormOp : GraphOp
{
    protected OutputNormOp(string name, SampleShape shape, int affineLength, ParameterStore parameters)
        : base(name, shape, shape)
    {
        Gamma = parameters.Claim(name + ".gamma", affineLength, ParameterRole.Other);
        Beta = parameters.Claim(name + ".beta", affineLength, ParameterRole.Other);
        Output = new Tensor(shape);
        Normalized = new Tensor(shape);
        InputGradient = new Tensor(shape);
    }

    public ParameterTensor Gamma { get; }

    public ParameterTensor Beta { get; }

    public override IEnumerable<ParameterTensor> Tensors => [Gamma, Beta];

    protected Tensor Output { get; }

    /// <summary>x̂ of the last training forward.</summary>
    protected Tensor Normalized { get; }

    protected Tensor InputGradient { get; }

    /// <summary>1/√(σ² + ε) of the last training forward, per feature, sample or sample × group.</summary>
    protected float[] InverseStd { get; set; } = [];

    public override void Initialize(ParameterStore parameters, SeededRandom random) => Initializers.Constant(parameters[Gamma], 1f);

    protected Span<float> InverseStdFor(int count)
    {
        if (InverseStd.Length < count)
        {
            InverseStd = new float[count];
        }

        return InverseStd.AsSpan(0, count);
    }

    /// <summary>dx = a copy of dy, which the norm's backward kernel turns into ∂L/∂x in place.</summary>
    protected Tensor GradientCopy(Tensor dy)
    {
        Tensor dx = InputGradient.Resize(dy.Batch);
        dy.Span.CopyTo(dx.Span);
        return dx;
    }
}

/// <summary>torch.nn.BatchNorm1d/2d: batch statistics and running-statistics updates in training, running statistics in inference.</summary>
internal sealed class BatchNormOp : OutputNormOp
{
    private readonly float _momentum, _epsilon;
    private readonly float[] _runningMean, _runningVariance;

    public BatchNormOp(string name, SampleShape shape, float momentum, float epsilon, ParameterStore parameters)
        : base(name, shape, Features(shape), parameters)
    {
        (_momentum, _epsilon) = (momentum, epsilon);
        _runningMean = new float[Features(shape)];
        _runningVariance = new float[Features(shape)];
    }

    public float[] RunningMean => _runningMean;

    public float[] RunningVariance => _runningVariance;

    private int Positions => InputShape.Spatial ? InputShape.Positions : 1;

    public override void Initialize(ParameterStore parameters, SeededRandom random)
    {
        base.Initialize(parameters, random);
        _runningMean.AsSpan().Clear();
        _runningVariance.AsSpan().Fill(1f);
    }

    public override Tensor Forward(Tensor x, ExecutionContext context)
    {
        Tensor y = Output.Resize(x.Batch);
        ReadOnlySpan<float> gamma = context.Parameters[Gamma], beta = context.Parameters[Beta];
        if (!context.Training)
        {
            BatchNorm.ForwardInference(x.Span, gamma, beta, _runningMean, _runningVariance, _epsilon, x.Batch, Positions, y.Span);
            return y;
        }

        Tensor xHat = Normalized.CopyFrom(x.Span, x.Batch);
        BatchNorm.ForwardTraining(default, gamma, beta, _momentum, _epsilon, default(Identity), x.Batch, Positions, xHat.Span, InverseStdFor(gamma.Length), _runningMean, _runningVariance, y.Span);
        return y;
    }

    public override Tensor? Backward(Tensor x, Tensor y, Tensor dy, bool needInputGradient, ExecutionContext context)
    {
        Tensor dx = GradientCopy(dy);
        BatchNorm.Backward(Normalized.Span, context.Parameters[Gamma], InverseStd, x.Batch, Positions, dx.Span, context.GradientOf(Gamma), context.GradientOf(Beta));
        return dx;
    }

    private static int Features(SampleShape shape) => shape.Spatial ? shape.Channels : shape.Size;
}

/// <summary>torch.nn.LayerNorm over each whole sample ([C, H, W] after a convolution), with γ and β per value.</summary>
internal sealed class LayerNormOp(string name, SampleShape shape, float epsilon, ParameterStore parameters)
    : OutputNormOp(name, shape, shape.Size, parameters)
{
    public override Tensor Forward(Tensor x, ExecutionContext context)
    {
        Tensor y = Output.Resize(x.Batch);
        Tensor xHat = Normalized.CopyFrom(x.Span, x.Batch);
        LayerNorm.Forward(default, context.Parameters[Gamma], context.Parameters[Beta], epsilon, default(Identity), x.Batch, xHat.Span, InverseStdFor(x.Batch), y.Span);
        return y;
    }

    public override Tensor? Backward(Tensor x, Tensor y, Tensor dy, bool needInputGradient, ExecutionContext context)
    {
        Tensor dx = GradientCopy(dy);
        LayerNorm.Backward(Normalized.Span, context.Parameters[Gamma], InverseStd.AsSpan(0, x.Batch), x.Batch, dx.Span, context.GradientOf(Gamma), context.GradientOf(Beta));
        return dx;
    }
}

/// <summary>torch.nn.GroupNorm (InstanceNorm with one channel per group): per-sample group statistics, γ and β per channel.</summary>
internal sealed class GroupNormOp(string name, SampleShape shape, int groups, float epsilon, ParameterStore parameters)
    : OutputNormOp(name, shape, shape.Spatial ? shape.Channels : shape.Size, parameters)
{
    private int Positions => InputShape.Spatial ? InputShape.Positions : 1;

    public override Tensor Forward(Tensor x, ExecutionContext context)
    {
        Tensor y = Output.Resize(x.Batch);
        Tensor xHat = Normalized.CopyFrom(x.Span, x.Batch);
        GroupNorm.Forward(default, context.Parameters[Gamma], context.Parameters[Beta], groups, epsilon, default(Identity), x.Batch, Positions, xHat.Span, InverseStdFor(x.Batch * groups), y.Span);
        return y;
    }

    public override Tensor? Backward(Tensor x, Tensor y, Tensor dy, bool needInputGradient, ExecutionContext context)
    {
        Tensor dx = GradientCopy(dy);
        GroupNorm.Backward(Normalized.Span, context.Parameters[Gamma], InverseStd.AsSpan(0, x.Batch * groups), groups, x.Batch, Positions, dx.Span, context.GradientOf(Gamma), context.GradientOf(Beta));
        return dx;
    }
}
