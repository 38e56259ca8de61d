using NetGen.Initialization;
using NetGen.Randomness;
using NetGen.Runtime;

namespace NetGen.Samples.InitStudy;

/// <summary>
/// Runs 1000 unit-Gaussian samples through ten layers of 500 units under each scheme and records every layer's
/// activation statistics (cs231n's experiment, as in the course notes on weight initialization).
/// </summary>
internal static class Study
{
    public const int Samples = 1000;
    public const int Width = 500;

    /// <summary>The statistics of every layer for one activation ("tanh" or "relu") and scheme.</summary>
    public static IReadOnlyList<LayerStatistics> Run(string activation, Scheme scheme, int seed)
    {
        INetwork network = activation == "tanh" ? new TanhStack(seed) : new ReluStack(seed);
        float[] inputs = UnitGaussian(Samples * Width, seed + 1);
        var random = new SeededRandom(seed + 2);
        foreach (Layer layer in network.Layers)
        {
            layer.Bias.Clear();
            switch (scheme)
            {
                case Scheme.SmallGaussian:
                    Initializers.Normal(layer.Weight, 0.01f, random);
                    break;
                case Scheme.UnitGaussian:
                    Initializers.Normal(layer.Weight, 1f, random);
                    break;
                case Scheme.Xavier:
                    Initializers.XavierNormal(layer.Weight, Width, Width, 1f, random);
                    break;
                case Scheme.He:
                    Initializers.HeNormal(layer.Weight, Width, Initializers.LeakyReluGain(0f), random);
                    break;
            }
        }

        if (scheme == Scheme.Lsuv)
        {
            _ = activation == "tanh" ? ((TanhStack)network).InitializeLsuv(inputs) : ((ReluStack)network).InitializeLsuv(inputs);
        }

        return Forward(network, inputs, activation);
    }

    /// <summary>x → f(x·Wᵀ + b) layer by layer with the runtime kernels the generated code uses, keeping each layer's statistics.</summary>
    private static List<LayerStatistics> Forward(INetwork network, float[] inputs, string activation)
    {
        var scratch = new GemmScratch();
        float[] x = inputs, y = new float[Samples * Width];
        var statistics = new List<LayerStatistics>();
        for (int i = 0; i < network.Layers.Count; i++)
        {
            Layer layer = network.Layers[i];
            Gemm.MultiplyTransposedB(x, layer.Weight, Samples, Width, Width, y, scratch);
            if (activation == "tanh")
            {
                Epilogue.BiasActivation(layer.Bias, default(Tanh), Samples, y);
            }
            else
            {
                Epilogue.BiasActivation(layer.Bias, default(Relu), Samples, y);
            }

            double high = activation == "tanh" ? 1 : Math.Max(1e-12, y.Max());
            statistics.Add(LayerStatistics.Of(i + 1, y, activation == "tanh" ? -1 : 0, high));
            (x, y) = (y, x == inputs ? new float[Samples * Width] : x);
        }

        return statistics;
    }

    private static float[] UnitGaussian(int count, int seed)
    {
        var random = new SeededRandom(seed);
        var values = new float[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = (float)random.NextNormal();
        }

        return values;
    }
}
