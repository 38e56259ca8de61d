using NetGen.Runtime;
using NetGen.Spec;

namespace NetGen.Graph;

/// <summary>
/// y[B, F, OutH, OutW] = conv(x[B, C, H, W], W[F, C, K, K]) + b: the runtime's pointwise kernel for 1 × 1 shapes, its
/// direct kernel for other stride-1 shapes, im2col + GEMM otherwise (the lowering rule both engines share).
/// </summary>
internal sealed class Conv2DOp : WeightedOp
{
    private readonly ConvShape _shape;
    private readonly ConvLowering _lowering;
    private readonly Tensor _output;
    private readonly Tensor _inputGradient;
    private float[] _scratch = [];

    public Conv2DOp(string name, SampleShape input, ConvShape shape, bool useBias, bool weightNorm, WeightInitialization init, ParameterStore parameters)
        : base(name, input, SampleShape.Image(shape.Filters, shape.OutHeight, shape.OutWidth), shape.Filters, shape.PatchSize, useBias, weightNorm, init, parameters)
    {
        _shape = shape;
        _lowering = ConvLowerings.Choose(shape.Kernel, shape.Stride, shape.Padding);
        _output = new Tensor(OutputShape);
        _inputGradient = new Tensor(input);
    }

    public override int[] WeightShape => [_shape.Filters, _shape.Channels, _shape.Kernel, _shape.Kernel];

    public override Tensor Forward(Tensor x, ExecutionContext context)
    {
        Tensor y = _output.Resize(x.Batch);
        if (_lowering == ConvLowering.Pointwise)
        {
            PointwiseConv.Forward(x.Span, EffectiveWeight(context), BiasValues(context), _shape, x.Batch, y.Span, context.Gemm);
        }
        else if (_lowering == ConvLowering.Direct)
        {
            DirectConv.Forward(x.Span, EffectiveWeight(context), BiasValues(context), _shape, x.Batch, y.Span, Scratch(x.Batch), context.Gemm);
        }
        else
        {
            Conv2D.Forward(x.Span, EffectiveWeight(context), BiasValues(context), _shape, x.Batch, y.Span, Scratch(x.Batch), context.Gemm);
        }

        return y;
    }

    public override Tensor? Backward(Tensor x, Tensor y, Tensor dy, bool needInputGradient, ExecutionContext context)
    {
        Tensor? dx = needInputGradient ? _inputGradient.Resize(x.Batch) : null;
        Span<float> dxSpan = dx is null ? default : dx.Span;
        if (_lowering == ConvLowering.Pointwise)
        {
            PointwiseConv.Backward(x.Span, ForwardWeight(context), dy.Span, _shape, x.Batch, context.GradientOf(Weight), BiasGradient(context), dxSpan, Scratch(x.Batch), context.Gemm);
        }
        else if (_lowering == ConvLowering.Direct)
        {
            DirectConv.Backward(x.Span, ForwardWeight(context), dy.Span, _shape, x.Batch, context.GradientOf(Weight), BiasGradient(context), dxSpan, Scratch(x.Batch), context.Gemm);
        }
        else
        {
            Conv2D.Backward(x.Span, ForwardWeight(context), dy.Span, _shape, x.Batch, context.GradientOf(Weight), BiasGradient(context), dxSpan, Scratch(x.Batch), context.Gemm);
        }

        FinishWeightGradient(context);
        return dx;
    }

    private Span<float> Scratch(int batch)
    {
        int needed = _lowering == ConvLowering.Pointwise ? PointwiseConv.ScratchSize(_shape)
            : _lowering == ConvLowering.Direct ? DirectConv.ScratchSize(_shape, batch)
            : Conv2D.ScratchSize(_shape, batch);
        if (_scratch.Length < needed)
        {
            _scratch = new float[needed];
        }

        return _scratch;
    }
}
