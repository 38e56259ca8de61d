using Demo;
using NetGen.Graph;

namespace NetGen.Onnx.Tests;

/// <summary>The shared generated test networks, and the interpreter reading the same attributes, exported and compared.</summary>
public sealed class GeneratedNetworkTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("netgen-onnx-generated-");

    public void Dispose() => _folder.Delete(recursive: true);

    public static readonly IReadOnlyDictionary<string, Func<INetwork>> Networks = new Dictionary<string, Func<INetwork>>
    {
        [nameof(FashionMlp)] = () => new FashionMlp(seed: 1),
        [nameof(FashionCnn)] = () => new FashionCnn(seed: 1),
        [nameof(LeNet)] = () => new LeNet(seed: 1),
        [nameof(Catalogue)] = () => new Catalogue(seed: 1),
        [nameof(ChannelForms)] = () => new ChannelForms(seed: 1),
        [nameof(ClippedAdamW)] = () => new ClippedAdamW(seed: 1),
    };

    public static TheoryData<string> Names() => [.. Networks.Keys];

    /// <summary>The interpreter takes them all but ClippedAdamW, whose Init.Lsuv needs a data batch at construction.</summary>
    public static TheoryData<string> InterpretedNames() => [.. Networks.Keys.Where(n => n != nameof(ClippedAdamW))];

    public static INetwork Trained(string name, bool interpreted = false)
    {
        INetwork network = Networks[name]();
        if (interpreted)
        {
            network = GraphNetwork.Create(GraphAttributes.Read(network.GetType()), seed: 1);
        }

        OnnxHarness.Train(network, steps: 2);
        return network;
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Generated_matches_predict(string name)
    {
        OnnxHarness.AssertMatchesPredict(Trained(name), Path.Combine(_folder.FullName, name + ".onnx"));
    }

    [Theory]
    [MemberData(nameof(InterpretedNames))]
    public void Interpreted_matches_predict(string name)
    {
        OnnxHarness.AssertMatchesPredict(Trained(name, interpreted: true), Path.Combine(_folder.FullName, name + ".graph.onnx"));
    }
}
