namespace NetGen.Training;

/// <summary>One layer's activations over a batch: the babysitting course's first look at a network that does not learn.</summary>
/// <param name="Layer">The layer's index in <see cref="INetwork.Layers"/>.</param>
/// <param name="Mean">Mean of every activation in the batch.</param>
/// <param name="StandardDeviation">Population standard deviation of the same values.</param>
/// <param name="DeadFraction">
/// ReLU-family layers (ReLU, LeakyReLU, PReLU, ELU, GELU, SiLU): the fraction of units whose output is ≤ 0 (input ≤ 0)
/// for every sample; NaN for other activations.
/// </param>
/// <param name="SaturatedFraction">Tanh: fraction with |y| &gt; 0.99; sigmoid: y &lt; 0.01 or &gt; 0.99; NaN otherwise.</param>
/// <param name="Counts">The histogram's counts, one per bin.</param>
/// <param name="Edges">The bins' edges over [min, max] of the values, Counts.Length + 1 of them.</param>
public sealed record LayerActivationStatistics(int Layer, double Mean, double StandardDeviation, double DeadFraction, double SaturatedFraction, int[] Counts, double[] Edges);

/// <summary>
/// Per-layer activation statistics from one <see cref="INetwork.RecordActivations"/> pass (training mode, nothing
/// changed): mean, standard deviation, dead ReLU units, saturated tanh/sigmoid outputs, and a histogram.
/// </summary>
public static class ActivationStatistics
{
    /// <summary>The statistics of every layer for inputs[batch, InputSize], batch in 1..BatchSize.</summary>
    public static IReadOnlyList<LayerActivationStatistics> Of(INetwork network, ReadOnlySpan<float> inputs, int bins = 50)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        var recorder = new Collector(network, bins);
        network.RecordActivations(inputs, recorder);
        return recorder.Results;
    }

    /// <summary>What the layer's activation is, from the architecture's modules (the last activation module).</summary>
    internal static ModuleKind? ActivationOf(INetwork network, int layer)
    {
        IReadOnlyList<LayerModules> layers = network.Architecture.Layers;
        if (layer >= layers.Count)
        {
            return null;
        }

        ModuleKind? kind = null;
        foreach (ModuleDescription module in layers[layer].Modules)
        {
            if (module.Kind is ModuleKind.ReLU or ModuleKind.LeakyReLU or ModuleKind.Tanh or ModuleKind.Sigmoid or ModuleKind.ELU or ModuleKind.GELU or ModuleKind.SiLU or ModuleKind.PReLU or ModuleKind.Maxout)
            {
                kind = module.Kind;
            }
        }

        return kind;
    }

    private sealed class Collector(INetwork network, int bins) : IActivationRecorder
    {
        public List<LayerActivationStatistics> Results { get; } = [];

        public void Record(int layer, ReadOnlySpan<float> activations, int batch)
        {
            int units = activations.Length / batch;
            double sum = 0, min = double.PositiveInfinity, max = double.NegativeInfinity;
            foreach (float v in activations)
            {
                sum += v;
                min = Math.Min(min, v);
                max = Math.Max(max, v);
            }

            double mean = sum / activations.Length, squares = 0;
            foreach (float v in activations)
            {
                squares += (v - mean) * (v - mean);
            }

            ModuleKind? kind = ActivationOf(network, layer);
            double dead = double.NaN;
            if (kind is ModuleKind.ReLU or ModuleKind.LeakyReLU or ModuleKind.PReLU or ModuleKind.ELU or ModuleKind.GELU or ModuleKind.SiLU)
            {
                // The ReLU family is dead where its input is ≤ 0 for every sample: each of these outputs ≤ 0 exactly there
                // (0 for ReLU, the small slope or saturating tail for the others), so no sample drives it.
                int deadUnits = 0;
                for (int u = 0; u < units; u++)
                {
                    bool allOff = true;
                    for (int s = 0; s < batch && allOff; s++)
                    {
                        allOff = activations[s * units + u] <= 0f;
                    }

                    deadUnits += allOff ? 1 : 0;
                }

                dead = (double)deadUnits / units;
            }

            double saturated = double.NaN;
            if (kind is ModuleKind.Tanh or ModuleKind.Sigmoid)
            {
                int count = 0;
                foreach (float v in activations)
                {
                    count += (kind == ModuleKind.Tanh ? Math.Abs(v) > 0.99f : v < 0.01f || v > 0.99f) ? 1 : 0;
                }

                saturated = (double)count / activations.Length;
            }

            var counts = new int[bins];
            var edges = new double[bins + 1];
            double width = (max - min) / bins;
            for (int b = 0; b <= bins; b++)
            {
                edges[b] = b == bins ? max : min + b * width;
            }

            foreach (float v in activations)
            {
                int b = width > 0 ? (int)((v - min) / width) : 0;
                counts[Math.Clamp(b, 0, bins - 1)]++;
            }

            Results.Add(new LayerActivationStatistics(layer, mean, Math.Sqrt(squares / activations.Length), dead, saturated, counts, edges));
        }
    }
}
