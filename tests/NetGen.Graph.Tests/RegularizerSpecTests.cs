using NetGen.Graph;

namespace NetGen.Graph.Tests;

/// <summary>The layer regularizers as the interpreter reads and describes them: JSON, ops, torch modules, fingerprint.</summary>
public class RegularizerSpecTests
{
    private const string Json = """
        {
          "input": [6], "batchSize": 4,
          "layers": [
            { "name": "Hidden", "ops": [ { "op": "Dense", "units": 5 }, { "op": "ActivityL1", "lambda": 0.01 }, { "op": "ReLU" },
                                         { "op": "MaxNorm", "maxNorm": 2 }, { "op": "GaussianNoise", "std": 0.1 } ] },
            { "name": "Output", "ops": [ { "op": "Dense", "units": 3 } ] }
          ],
          "loss": { "kind": "SoftmaxCrossEntropy" },
          "optimizer": { "kind": "Sgd", "learningRate": 0.1 }
        }
        """;

    [Fact]
    public void Json_builder_and_torch_modules_agree_and_the_penalty_comes_last()
    {
        GraphNetwork fromJson = GraphNetwork.Create(GraphJson.Parse(Json), seed: 1);
        GraphNetwork built = new GraphBuilder(6).BatchSize(4)
            .Dense(5, name: "Hidden").ActivityL1(0.01f).ReLU().MaxNorm(2f).GaussianNoise(0.1f)
            .Dense(3, name: "Output").SoftmaxCrossEntropy().Sgd(0.1f).Build(seed: 1);
        Assert.Equal(built.Architecture.Fingerprint, fromJson.Architecture.Fingerprint);

        LayerModules hidden = fromJson.Architecture.Layers[0];
        Assert.Equal([ModuleKind.Linear, ModuleKind.ReLU, ModuleKind.GaussianNoise, ModuleKind.ActivityL1], hidden.Modules.Select(m => m.Kind));
        Assert.Equal((2f, 0.1f, 0.01f), (hidden.Modules[0].MaxNorm, hidden.Modules[2].Std, hidden.Modules[3].Lambda));
        Assert.EndsWith("ActivityL1Op [5] → [5]", fromJson.Ops[3], StringComparison.Ordinal);
        Assert.Equal(["Hidden.0.weight", "Hidden.0.bias", "Output.0.weight", "Output.0.bias"], StateDict.Of(fromJson).Select(t => t.Name));
    }

    [Fact]
    public void Each_regularizer_and_its_setting_changes_the_fingerprint()
    {
        string Fingerprint(Func<GraphBuilder, GraphBuilder> hidden) =>
            hidden(new GraphBuilder(6).BatchSize(4).Dense(5, name: "Hidden").ReLU())
                .Dense(3, name: "Output").SoftmaxCrossEntropy().Sgd(0.1f).Build(seed: 1).Architecture.Fingerprint;

        string[] fingerprints =
        [
            Fingerprint(b => b),
            Fingerprint(b => b.MaxNorm(2f)),
            Fingerprint(b => b.MaxNorm(3f)),
            Fingerprint(b => b.GaussianNoise(0.1f)),
            Fingerprint(b => b.GaussianNoise(0.2f)),
            Fingerprint(b => b.ActivityL1(0.01f)),
            Fingerprint(b => b.ActivityL1(0.02f)),
        ];
        Assert.Equal(fingerprints.Length, fingerprints.Distinct().Count());
    }

    [Theory]
    [InlineData("""{ "op": "MaxNorm" }""", "NG0049")]
    [InlineData("""{ "op": "GaussianNoise", "std": 0 }""", "NG0049")]
    [InlineData("""{ "op": "ActivityL1", "lambda": -1 }""", "NG0049")]
    public void Missing_or_out_of_range_settings_are_refused_with_the_rule(string op, string id)
    {
        string json = Json.Replace("""{ "op": "Dense", "units": 3 }""", """{ "op": "Dense", "units": 3 }, """ + op, StringComparison.Ordinal);
        var error = Assert.Throws<GraphSpecException>(() => GraphNetwork.Create(GraphJson.Parse(json), seed: 1));
        Assert.Contains(id, error.Message, StringComparison.Ordinal);
    }
}
