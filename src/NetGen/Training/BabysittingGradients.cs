namespace NetGen.Training;

/// <summary>One layer's gradient norms: ‖∂L/∂W‖ and ‖∂L/∂b‖ (0 without a bias), Euclidean.</summary>
public sealed record LayerGradientNorm(int Layer, double Weight, double Bias);

/// <summary>Per-layer gradient norms and the global norm over every parameter.</summary>
public sealed record GradientNormReport(IReadOnlyList<LayerGradientNorm> Layers, double Global, float Loss);

/// <summary>
/// Gradient norms from one <see cref="INetwork.ComputeGradients(ReadOnlySpan{float}, ReadOnlySpan{int}, Span{float})"/>,
/// with what the pass moves (BatchNorm's statistics and batch count, the dropout stream) put back as GradientCheck does.
/// </summary>
public static class GradientNorms
{
    /// <summary>The norms for inputs[batch, InputSize] and labels[batch]; the network is left as it was.</summary>
    public static GradientNormReport Of(INetwork network, ReadOnlySpan<float> inputs, ReadOnlySpan<int> labels)
    {
        ArgumentNullException.ThrowIfNull(network);
        var gradients = new float[network.ParameterCount];
        var state = new TrainingPassState(network);
        state.Save();
        try
        {
            return Report(network, gradients, network.ComputeGradients(inputs, labels, gradients));
        }
        finally
        {
            state.Restore();
        }
    }

    /// <summary>
    /// The norms for inputs[batch, InputSize] and float targets[batch, OutputSize] (a mean-squared-error or binary
    /// cross-entropy network); the network is left as it was.
    /// </summary>
    public static GradientNormReport Of(INetwork network, ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets)
    {
        ArgumentNullException.ThrowIfNull(network);
        var gradients = new float[network.ParameterCount];
        var state = new TrainingPassState(network);
        state.Save();
        try
        {
            return Report(network, gradients, network.ComputeGradients(inputs, targets, gradients));
        }
        finally
        {
            state.Restore();
        }
    }

    private static GradientNormReport Report(INetwork network, float[] gradients, float loss)
    {
        var layers = new List<LayerGradientNorm>();
        for (int i = 0; i < network.Layers.Count; i++)
        {
            Layer layer = network.Layers[i];
            layers.Add(new LayerGradientNorm(i, Norm(gradients.AsSpan(layer.WeightOffset, layer.WeightLength)), Norm(gradients.AsSpan(layer.BiasOffset, layer.BiasLength))));
        }

        return new GradientNormReport(layers, Norm(gradients), loss);
    }

    internal static double Norm(ReadOnlySpan<float> values)
    {
        double sum = 0;
        foreach (float v in values)
        {
            sum += (double)v * v;
        }

        return Math.Sqrt(sum);
    }
}

/// <summary>One layer's update-to-weight ratio ‖Δθ‖/‖θ‖ for its weight, with the course's warning when it is far from ~1e-3.</summary>
public readonly record struct LayerUpdateRatio(int Layer, double Ratio, string? Warning);

/// <summary>
/// Wraps TrainStep and reports each layer's update-to-weight ratio ‖ΔW‖/‖W‖ (the course's rule: about 1e-3). The
/// weights before the step are copied into a buffer allocated once by the constructor.
/// </summary>
public sealed class UpdateRatios
{
    /// <summary>Below this the learning rate is probably too low.</summary>
    public const double Low = 1e-4;

    /// <summary>Above this the learning rate is probably too high.</summary>
    public const double High = 1e-2;

    private readonly INetwork _network;
    private readonly float[] _before;
    private readonly LayerUpdateRatio[] _ratios;

    /// <summary>Buffers for <paramref name="network"/>, allocated once.</summary>
    public UpdateRatios(INetwork network)
    {
        ArgumentNullException.ThrowIfNull(network);
        _network = network;
        _before = new float[network.ParameterCount];
        _ratios = new LayerUpdateRatio[network.Layers.Count];
    }

    /// <summary>The ratios of the last step, one per layer (a layer without a weight reads NaN and no warning).</summary>
    public IReadOnlyList<LayerUpdateRatio> Ratios => _ratios;

    /// <summary>One TrainStep on labels; returns its loss and fills <see cref="Ratios"/>.</summary>
    public float TrainStep(ReadOnlySpan<float> inputs, ReadOnlySpan<int> labels)
    {
        _network.Parameters.CopyTo(_before);
        float loss = _network.TrainStep(inputs, labels);
        Measure();
        return loss;
    }

    /// <summary>One TrainStep on targets; returns its loss and fills <see cref="Ratios"/>.</summary>
    public float TrainStep(ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets)
    {
        _network.Parameters.CopyTo(_before);
        float loss = _network.TrainStep(inputs, targets);
        Measure();
        return loss;
    }

    private void Measure()
    {
        Span<float> after = _network.Parameters;
        for (int i = 0; i < _ratios.Length; i++)
        {
            Layer layer = _network.Layers[i];
            if (layer.WeightLength == 0)
            {
                _ratios[i] = new LayerUpdateRatio(i, double.NaN, null);
                continue;
            }

            ReadOnlySpan<float> before = _before.AsSpan(layer.WeightOffset, layer.WeightLength);
            ReadOnlySpan<float> now = after.Slice(layer.WeightOffset, layer.WeightLength);
            double delta = 0;
            for (int j = 0; j < before.Length; j++)
            {
                double d = (double)now[j] - before[j];
                delta += d * d;
            }

            double ratio = Math.Sqrt(delta) / GradientNorms.Norm(before);
            string? warning = ratio < Low ? $"{layer.Name}: update/weight ratio {ratio:G3} < {Low:G1}: too low: raise the learning rate."
                : ratio > High ? $"{layer.Name}: update/weight ratio {ratio:G3} > {High:G1}: too high: lower the learning rate."
                : null;
            _ratios[i] = new LayerUpdateRatio(i, ratio, warning);
        }
    }
}
