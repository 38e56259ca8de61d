namespace NetGen.Training;

/// <summary>
/// The ActivityL1 penalties of a network, Σ over penalized layers of λ·Σ|y|/B, recomputed from one
/// <see cref="INetwork.RecordActivations"/> pass: ComputeGradients' gradient includes them but its loss (the data loss, as
/// TrainStep reports) does not, so the gradient check adds them to compare like with like. The recorder sees a layer's
/// output before its dropout or noise, which is the penalized output only when neither draws: such a layer is refused.
/// </summary>
internal sealed class ActivityPenalty : IActivationRecorder
{
    private readonly double[] _lambdas;
    private double _sum;

    private ActivityPenalty(double[] lambdas) => _lambdas = lambdas;

    /// <summary>The network's penalties, or null when no layer has ActivityL1.</summary>
    public static ActivityPenalty? Of(INetwork network)
    {
        IReadOnlyList<LayerModules> layers = network.Architecture.Layers;
        var lambdas = new double[layers.Count];
        for (int i = 0; i < layers.Count; i++)
        {
            ModuleDescription? penalty = layers[i].Modules.FirstOrDefault(m => m.Kind == ModuleKind.ActivityL1);
            if (penalty is null || penalty.Lambda == 0f)
            {
                continue;
            }

            Layer layer = network.Layers[i];
            if ((layer.HasDropout && layer.DropoutRate > 0f) || layers[i].Modules.Any(m => m.Kind == ModuleKind.GaussianNoise))
            {
                throw new NotSupportedException($"Layer {layer.Name} has ActivityL1 and draws dropout or noise after it: the gradient check cannot recompute the penalty on the drawn output (it sees the output before the draw). Check a twin without the dropout or noise, or set its DropoutRate to 0 for the check.");
            }

            lambdas[i] = penalty.Lambda;
        }

        return lambdas.Any(l => l != 0) ? new ActivityPenalty(lambdas) : null;
    }

    /// <summary>The penalty at the network's current parameters for inputs[batch, InputSize]; the pass puts back what it moves.</summary>
    public double Evaluate(INetwork network, ReadOnlySpan<float> inputs)
    {
        _sum = 0;
        network.RecordActivations(inputs, this);
        return _sum;
    }

    void IActivationRecorder.Record(int layer, ReadOnlySpan<float> activations, int batch)
    {
        if (_lambdas[layer] == 0)
        {
            return;
        }

        double sum = 0;
        foreach (float a in activations)
        {
            sum += Math.Abs(a);
        }

        _sum += _lambdas[layer] * sum / batch;
    }
}
