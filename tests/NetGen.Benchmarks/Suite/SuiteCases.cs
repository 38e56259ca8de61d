using NetGen.Graph;
using NetGen.Randomness;

namespace NetGen.Benchmarks;

/// <summary>Which implementation a benchmark runs.</summary>
public enum Engine
{
    /// <summary>The generated class.</summary>
    Generated,

    /// <summary>The same network interpreted by NetGen.Graph.</summary>
    Interpreted,
}

/// <summary>One suite network: its generated class, its name in the report and in torch_peer.py, and its batch.</summary>
public sealed record SuiteCase(string Name, string Title, Type Network)
{
    /// <summary>The suite's networks, in report order.</summary>
    public static IReadOnlyList<SuiteCase> All { get; } =
    [
        new("mlp64", "MLP 64-32-10", typeof(Mlp64)),
        new("mlp784", "MLP 784-256-128-10", typeof(Mlp784)),
        new("mlp784bn", "MLP 784-256-128-10 + BatchNorm", typeof(Mlp784BatchNorm)),
        new("mlpwide", "MLP 784-1024-1024-10", typeof(MlpWide)),
        new("lenet5", "LeNet-5 (1×28×28)", typeof(LeNet5)),
        new("tanh500", "10 × 500 tanh", typeof(Tanh500)),
    ];

    /// <summary>The case called <paramref name="name"/> (mlp64, mlp784, …).</summary>
    public static SuiteCase Named(string name) => All.SingleOrDefault(c => c.Name == name)
        ?? throw new ArgumentException($"No suite network is called '{name}'; the suite's are {string.Join(", ", All.Select(c => c.Name))}.", nameof(name));

    /// <summary>A fresh network of this case on <paramref name="engine"/>, seed 1.</summary>
    public INetwork Create(Engine engine) => engine == Engine.Generated
        ? (INetwork)Activator.CreateInstance(Network, 1)!
        : GraphNetwork.Create(GraphAttributes.Read(Network), seed: 1);

    /// <summary>Forward multiply-adds × 2 per sample: Dense in·out, Conv2D F·C·K·K per output position.</summary>
    public double ForwardFlopsPerSample()
    {
        INetwork network = Create(Engine.Generated);
        double flops = 0;
        foreach (Layer layer in network.Layers)
        {
            if (layer.WeightShape.Count == 4)
            {
                flops += 2.0 * layer.WeightLength * (layer.OutputSize / layer.WeightShape[0]);
            }
            else if (layer.WeightShape.Count == 2)
            {
                flops += 2.0 * layer.WeightLength;
            }
        }

        return flops;
    }

    /// <summary>One full batch of standard-normal inputs and labels, the same for every engine.</summary>
    public (float[] Inputs, int[] Labels) Batch(INetwork network)
    {
        var random = new SeededRandom(7);
        var inputs = new float[network.BatchSize * network.InputSize];
        for (int i = 0; i < inputs.Length; i++)
        {
            inputs[i] = (float)random.NextNormal();
        }

        return (inputs, Enumerable.Range(0, network.BatchSize).Select(i => i % network.OutputSize).ToArray());
    }
}
