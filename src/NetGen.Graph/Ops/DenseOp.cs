using NetGen.Runtime;

namespace NetGen.Graph;

/// <summary>y[B, units] = x[B, in]·Wᵀ + b: one GEMM, then the bias in its own pass.</summary>
internal sealed class DenseOp(string name, SampleShape input, int units, bool useBias, bool weightNorm, WeightInitialization init, ParameterStore parameters)
    : WeightedOp(name, input, SampleShape.Flat(units), units, input.Size, useBias, weightNorm, init, parameters)
{
    private readonly Tensor _output = new(SampleShape.Flat(units));
    private readonly Tensor _inputGradient = new(SampleShape.Flat(input.Size));

    public override int[] WeightShape => [Rows, Columns];

    public override Tensor Forward(Tensor x, ExecutionContext context)
    {
        Tensor y = _output.Resize(x.Batch);
        Gemm.MultiplyTransposedB(x.Span, EffectiveWeight(context), x.Batch, Rows, Columns, y.Span, context.Gemm);
        if (Bias is not null)
        {
            Epilogue.BiasActivation(BiasValues(context), default(Identity), x.Batch, y.Span);
        }

        return y;
    }

    public override Tensor? Backward(Tensor x, Tensor y, Tensor dy, bool needInputGradient, ExecutionContext context)
    {
        Gemm.MultiplyTransposedA(dy.Span, x.Span, Rows, Columns, x.Batch, context.GradientOf(Weight), context.Gemm); // ∂L/∂W = dyᵀ·x
        if (Bias is not null)
        {
            Epilogue.SumRows(dy.Span, x.Batch, BiasGradient(context));
        }

        Tensor? dx = null;
        if (needInputGradient)
        {
            dx = _inputGradient.Resize(x.Batch);
            Gemm.Multiply(dy.Span, ForwardWeight(context), x.Batch, Columns, Rows, dx.Span, context.Gemm); // ∂L/∂x = dy·W
        }

        FinishWeightGradient(context);
        return dx;
    }
}
