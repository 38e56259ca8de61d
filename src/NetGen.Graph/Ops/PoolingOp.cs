using NetGen.Runtime;

namespace NetGen.Graph;

/// <summary>MaxPool or AvgPool over [C, H, W] samples, by the runtime's pooling kernels.</summary>
internal sealed class PoolingOp : GraphOp
{
    private readonly ConvShape _window;
    private readonly bool _max;
    private readonly Tensor _output;
    private readonly Tensor _inputGradient;
    private int[] _winners = [];

    public PoolingOp(string name, SampleShape input, ConvShape window, bool max)
        : base(name, input, SampleShape.Image(window.Channels, window.OutHeight, window.OutWidth))
    {
        _window = window;
        _max = max;
        _output = new Tensor(OutputShape);
        _inputGradient = new Tensor(input);
    }

    public override Tensor Forward(Tensor x, ExecutionContext context)
    {
        Tensor y = _output.Resize(x.Batch);
        if (_max)
        {
            if (_winners.Length < y.Length)
            {
                _winners = new int[y.Length];
            }

            Pooling.MaxForward(x.Span, _window, x.Batch, y.Span, _winners);
        }
        else
        {
            Pooling.AverageForward(x.Span, _window, x.Batch, y.Span);
        }

        return y;
    }

    public override Tensor? Backward(Tensor x, Tensor y, Tensor dy, bool needInputGradient, ExecutionContext context)
    {
        if (!needInputGradient)
        {
            return null;
        }

        Tensor dx = _inputGradient.Resize(x.Batch);
        if (_max)
        {
            Pooling.MaxBackward(dy.Span, _winners, _window, x.Batch, dx.Span);
        }
        else
        {
            Pooling.AverageBackward(dy.Span, _window, x.Batch, dx.Span);
        }

        return dx;
    }
}
