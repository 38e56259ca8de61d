namespace NetGen;

/// <summary>
/// A view of one layer of a generated network: its name, shapes and the slices of the network's <c>Parameters</c>
/// that hold its tensors (weight, bias, norm gamma/beta, PReLU slopes, in that order). Writing through a span changes
/// the network.
/// </summary>
public sealed class Layer
{
    private readonly float[] _parameters;
    private readonly int[] _weightShape;
    private readonly ParameterSlice _weight, _bias, _gamma, _beta, _slopes;
    private readonly float[] _runningMean, _runningVariance;
    private readonly bool _hasDropout;
    private float _dropoutRate;

    /// <summary>
    /// Called by generated code; slices index the network's single parameter array (a tensor the layer lacks is left
    /// default: empty). Nothing is cached from the spans: a write through one is seen by the next call.
    /// </summary>
    public Layer(string name, string description, int inputSize, int outputSize, float[] parameters, int[] weightShape, ParameterSlice weight, ParameterSlice bias = default, ParameterSlice gamma = default, ParameterSlice beta = default, ParameterSlice slopes = default, float[]? runningMean = null, float[]? runningVariance = null, float? dropoutRate = null)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(weightShape);
        Name = name;
        Description = description;
        InputSize = inputSize;
        OutputSize = outputSize;
        _parameters = parameters;
        _weightShape = weightShape;
        (_weight, _bias, _gamma, _beta, _slopes) = (weight, bias, gamma, beta, slopes);
        _runningMean = runningMean ?? [];
        _runningVariance = runningVariance ?? [];
        _hasDropout = dropoutRate is not null;
        _dropoutRate = dropoutRate is { } rate ? ArgumentChecks.DropoutRate(rate) : 0f;
    }

    /// <summary>The property name in the network class.</summary>
    public string Name { get; }

    /// <summary>The layer's ops as declared, e.g. <c>Dense(256) → ReLU</c>.</summary>
    public string Description { get; }

    /// <summary>Floats per sample in.</summary>
    public int InputSize { get; }

    /// <summary>Floats per sample out.</summary>
    public int OutputSize { get; }

    /// <summary>The weight's dimensions, PyTorch's layout (Dense: [out, in]).</summary>
    public IReadOnlyList<int> WeightShape => _weightShape;

    /// <summary>Where the weight starts in the network's <c>Parameters</c>.</summary>
    public int WeightOffset => _weight.Offset;

    /// <summary>Floats in the weight.</summary>
    public int WeightLength => _weight.Length;

    /// <summary>Where the bias starts in the network's <c>Parameters</c> (just after the weight; 0 without bias).</summary>
    public int BiasOffset => _bias.Offset;

    /// <summary>Floats in the bias (0 with <c>UseBias = false</c>).</summary>
    public int BiasLength => _bias.Length;

    /// <summary>Where γ (WeightNorm's g) starts in the network's <c>Parameters</c>; 0 without it.</summary>
    public int GammaOffset => _gamma.Offset;

    /// <summary>Where β starts in the network's <c>Parameters</c>; 0 without it.</summary>
    public int BetaOffset => _beta.Offset;

    /// <summary>Where PReLU's slopes start in the network's <c>Parameters</c>; 0 without them.</summary>
    public int SlopesOffset => _slopes.Offset;

    /// <summary>Floats in all the layer's tensors together.</summary>
    public int ParameterCount => _weight.Length + _bias.Length + _gamma.Length + _beta.Length + _slopes.Length;

    /// <summary>The weight, row-major in <see cref="WeightShape"/>.</summary>
    public Span<float> Weight => Slice(_weight);

    /// <summary>The bias, one per producer output; empty without bias.</summary>
    public Span<float> Bias => Slice(_bias);

    /// <summary>The norm's learned scale γ; empty without a norm.</summary>
    public Span<float> Gamma => Slice(_gamma);

    /// <summary>The norm's learned shift β; empty without a norm.</summary>
    public Span<float> Beta => Slice(_beta);

    /// <summary>PReLU's learned slopes, one per unit; empty without PReLU.</summary>
    public Span<float> Slopes => Slice(_slopes);

    /// <summary>Batch norm's running mean, one per feature (a buffer, not a parameter); empty without batch norm.</summary>
    public Span<float> RunningMean => _runningMean;

    /// <summary>Batch norm's running variance, one per feature; empty without batch norm.</summary>
    public Span<float> RunningVariance => _runningVariance;

    /// <summary>Whether the layer ends in Dropout(p) with p &gt; 0 (its <see cref="DropoutRate"/> can be set); a Dropout(0) is compiled away.</summary>
    public bool HasDropout => _hasDropout;

    /// <summary>
    /// The layer's dropout probability p, the attribute's value until set: read by every pass that draws a mask (training
    /// calls and PredictWithDropout), so a set is seen by the next one. In [0, 1), else ArgumentOutOfRangeException; a
    /// layer without Dropout reads 0 and refuses a set with InvalidOperationException (dropout cannot be added at run time).
    /// </summary>
    public float DropoutRate
    {
        get => _dropoutRate;
        set
        {
            if (!_hasDropout)
            {
                throw new InvalidOperationException($"Layer {Name} ({Description}) has no Dropout; declare Dropout(p) with p > 0 on it to set a dropout rate at run time (a Dropout(0) is compiled away).");
            }

            _dropoutRate = ArgumentChecks.DropoutRate(value);
        }
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Name}: {Description} ({InputSize} → {OutputSize})";

    private Span<float> Slice(ParameterSlice slice) => _parameters.AsSpan(slice.Offset, slice.Length);
}
