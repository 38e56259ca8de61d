using NetGen.Randomness;
using NetGen.Runtime;

namespace NetGen.Graph;

/// <summary>
/// What Dense and Conv2D share: the weight [rows, columns] and bias [rows] in the parameters, their init, and the
/// optional WeightNorm reparameterization (the weight slot then holds v, and g [rows] follows the bias).
/// </summary>
internal abstract class WeightedOp : GraphOp
{
    private readonly WeightInitialization _init;
    private readonly float[] _composed;
    private readonly float[] _directionNorms;

    protected WeightedOp(string name, SampleShape input, SampleShape output, int rows, int columns, bool useBias, bool weightNorm, WeightInitialization init, ParameterStore parameters)
        : base(name, input, output)
    {
        Rows = rows;
        Columns = columns;
        _init = init;
        Weight = parameters.Claim(name + ".weight", rows * columns, ParameterRole.Weight);
        Bias = useBias ? parameters.Claim(name + ".bias", rows, ParameterRole.Other) : null;
        Lengths = weightNorm ? parameters.Claim(name + ".g", rows, ParameterRole.Other) : null;
        _composed = weightNorm ? new float[rows * columns] : [];
        _directionNorms = weightNorm ? new float[rows] : [];
    }

    /// <summary>Weight rows: Dense outputs or Conv2D filters.</summary>
    public int Rows { get; }

    /// <summary>Weight columns: the fan-in.</summary>
    public int Columns { get; }

    public ParameterTensor Weight { get; }

    public ParameterTensor? Bias { get; }

    /// <summary>WeightNorm's g, or null without WeightNorm.</summary>
    public ParameterTensor? Lengths { get; }

    /// <summary>The weight's dimensions in PyTorch's layout: Dense [out, in], Conv2D [F, C, K, K].</summary>
    public abstract int[] WeightShape { get; }

    public override IEnumerable<ParameterTensor> Tensors => new[] { Weight, Bias, Lengths }.OfType<ParameterTensor>();

    public override void Initialize(ParameterStore parameters, SeededRandom random)
    {
        _init.InitializeWeight(parameters[Weight], random);
        if (Lengths is not null)
        {
            WeightNorm.InitializeLengths(parameters[Weight], parameters[Lengths]);
        }

        if (Bias is not null)
        {
            _init.InitializeBias(parameters[Bias], random);
        }
    }

    /// <summary>The weight the op multiplies by: the parameters' slice, or w = g·v/‖v‖ composed now.</summary>
    protected ReadOnlySpan<float> EffectiveWeight(ExecutionContext context)
    {
        if (Lengths is null)
        {
            return context.Parameters[Weight];
        }

        WeightNorm.Compose(context.Parameters[Weight], context.Parameters[Lengths], _directionNorms, _composed);
        return _composed;
    }

    /// <summary>The weight of the last forward, for backward: the parameters (not yet updated) or the composed w.</summary>
    protected ReadOnlySpan<float> ForwardWeight(ExecutionContext context) => Lengths is null ? context.Parameters[Weight] : _composed;

    protected ReadOnlySpan<float> BiasValues(ExecutionContext context) => Bias is null ? default : context.Parameters[Bias];

    protected Span<float> BiasGradient(ExecutionContext context) => Bias is null ? default : context.GradientOf(Bias);

    /// <summary>With WeightNorm, turns the ∂L/∂w just written into ∂L/∂v in place and writes ∂L/∂g.</summary>
    protected void FinishWeightGradient(ExecutionContext context)
    {
        if (Lengths is not null)
        {
            WeightNorm.Backward(context.Parameters[Weight], context.Parameters[Lengths], _directionNorms, context.GradientOf(Weight), context.GradientOf(Lengths));
        }
    }
}
