namespace NetGen.Graph.Tests;

/// <summary>Bad descriptions fail with a <see cref="GraphSpecException"/> naming what was wrong and what was expected.</summary>
public class ValidationTests
{
    /// <summary>Each case breaks one rule; the interpreter names it with the generator's id and message.</summary>
    public static TheoryData<string, Func<GraphBuilder>> BadNetworks => new()
    {
        { "NG0034", () => new GraphBuilder(1, 4, 4).Conv2D(2, 5).Dense(2).SoftmaxCrossEntropy().Sgd(0.1f) },
        { "NG0039", () => new GraphBuilder(784).BatchSize(100_000_000).Dense(10).SoftmaxCrossEntropy().Sgd(0.1f) },
        { "NG0033", () => new GraphBuilder(10).MaxPool(2).Dense(2).SoftmaxCrossEntropy().Sgd(0.1f) },
        { "NG0037", () => new GraphBuilder(3, 4, 4).Conv2D(6, 3).GroupNorm(4).Dense(2).SoftmaxCrossEntropy().Sgd(0.1f) },
        { "NG0027", () => new GraphBuilder(4).Dense(3).Maxout(1).Dense(2).SoftmaxCrossEntropy().Sgd(0.1f) },
        { "NG0028", () => new GraphBuilder(4).Dense(3).Dropout(1f).Dense(2).SoftmaxCrossEntropy().Sgd(0.1f) },
        { "NG0020", () => new GraphBuilder(4).Dense(3).ReLU().Tanh().Dense(2).SoftmaxCrossEntropy().Sgd(0.1f) },
        { "NG0031", () => new GraphBuilder(4).Dense(3).ReLU().BatchNorm().Dense(2).SoftmaxCrossEntropy().Sgd(0.1f) },
        { "NG0036", () => new GraphBuilder(1, 4, 4).MaxPool(2).ReLU().Dense(2).SoftmaxCrossEntropy().Sgd(0.1f) },
        { "NG0036", () => new GraphBuilder(4).Dense(3).InstanceNorm().Dense(2).SoftmaxCrossEntropy().Sgd(0.1f) },
        { "NG0036", () => new GraphBuilder(4).Dense(3, Init.Zeros).WeightNorm().Dense(2).SoftmaxCrossEntropy().Sgd(0.1f) },
        { "NG0036", () => new GraphBuilder(1, 2, 2).Flatten().SoftmaxCrossEntropy().Sgd(0.1f) },
        { "NG0008", () => new GraphBuilder(4).Dense(2).SoftmaxCrossEntropy().Sgd(-1f) },
        { "NG0010", () => new GraphBuilder(4).Dense(2).SoftmaxCrossEntropy().Sgd(0.1f, nesterov: true) },
        { "NG0022", () => new GraphBuilder(4).Dense(2).SoftmaxCrossEntropy(1.5f).Sgd(0.1f) },
        { "NG0011", () => new GraphBuilder(4).Dense(2).Sgd(0.1f) },
        { "NG0012", () => new GraphBuilder(4).Dense(2).SoftmaxCrossEntropy().MeanSquaredError().Sgd(0.1f) },
        { "NG0015", () => new GraphBuilder(4).Dense(2).ReLU().SoftmaxCrossEntropy().Sgd(0.1f) },
        { "NG0026", () => new GraphBuilder(4).Dense(2).SoftmaxCrossEntropy().Sgd(0.1f).ClipGradNorm(1f).ClipGradValue(0.5f) },
        { "NG0038", () => new GraphBuilder(4).Dense(3, name: "Hidden").Dense(2, name: "hidden").SoftmaxCrossEntropy().Sgd(0.1f) },
        { "NG0048", () => new GraphBuilder(1, 6, 6).MaxPool(3, padding: 2).Dense(2).SoftmaxCrossEntropy().Sgd(0.1f) },
        { "NG0034", () => new GraphBuilder(1, 2, 2).AvgPool(5, 1, padding: 1, ceilMode: true).Dense(2).SoftmaxCrossEntropy().Sgd(0.1f) },
    };

    [Theory]
    [MemberData(nameof(BadNetworks))]
    public void Bad_descriptions_are_refused_with_the_generators_id_and_message(string id, Func<GraphBuilder> build)
    {
        GraphBuilder builder = build();
        var error = Assert.Throws<GraphSpecException>(() => builder.Build());
        GraphDiagnostic broken = Assert.Single(error.Diagnostics);
        Assert.Equal(id, broken.Id);
        Assert.True(broken.IsError);
        Assert.Contains($"{id}: {broken.Message}", error.Message, StringComparison.Ordinal);
        Assert.Equal(error.Diagnostics, builder.Describe().Diagnostics.Where(d => d.IsError));
    }

    [Fact]
    public void Lsuv_is_refused_as_generated_only()
    {
        var error = Assert.Throws<GraphSpecException>(() => new GraphBuilder(4).Dense(3, Init.Lsuv).Dense(2).SoftmaxCrossEntropy().Sgd(0.1f).Build());
        Assert.Contains("Init.Lsuv in layer 'Layer1' needs a data batch", error.Message, StringComparison.Ordinal);
        Assert.Empty(error.Diagnostics);
    }

    [Fact]
    public void Batch_norm_at_batch_size_1_warns_and_refuses_a_batch_of_one_sample()
    {
        GraphDescription description = new GraphBuilder(4).BatchSize(1).Dense(3).BatchNorm().Dense(2).SoftmaxCrossEntropy().Sgd(0.1f).Describe();
        GraphDiagnostic warning = Assert.Single(description.Diagnostics);
        Assert.Equal(("NG0030", false), (warning.Id, warning.IsError));
        GraphNetwork network = GraphNetwork.Create(description);
        Assert.Throws<ArgumentException>(() => network.TrainStep(new float[4], new int[1]));
    }

    [Fact]
    public void A_setting_the_optimizer_does_not_take_is_refused_in_json()
    {
        const string json = """{ "input": [4], "layers": [ { "name": "A", "ops": [ { "op": "Dense", "units": 2 } ] } ], "loss": { "kind": "SoftmaxCrossEntropy" }, "optimizer": { "kind": "Sgd", "learningRate": 0.1, "beta1": 0.9 } }""";
        var error = Assert.Throws<GraphSpecException>(() => GraphJson.Parse(json));
        Assert.Contains("has 'beta1', which does not apply", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_activation_before_any_producing_op_is_refused()
    {
        var error = Assert.Throws<GraphSpecException>(() => new GraphBuilder(4).ReLU());
        Assert.Contains("needs a producing op", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "input": [4], "layers": [ { "name": "A", "ops": [ { "op": "Dense", "units": 2 } ] } ], "loss": { "kind": "SoftmaxCrossEntropy" } }""", "the network has no 'optimizer'")]
    [InlineData("""{ "input": [4], "layers": [ { "name": "A", "ops": [ { "op": "Densely", "units": 2 } ] } ], "loss": { "kind": "MeanSquaredError" }, "optimizer": { "kind": "Adam" } }""", "op is 'Densely', expected one of Dense, Conv2D")]
    [InlineData("""{ "input": [4], "layers": [ { "name": "A", "ops": [ { "op": "Dense", "units": 2, "kernel": 3 } ] } ], "loss": { "kind": "MeanSquaredError" }, "optimizer": { "kind": "Adam" } }""", "has 'kernel', which does not apply")]
    [InlineData("""{ "input": [4], "layers": [ { "name": "A", "ops": [ { "op": "Dense", "units": "two" } ] } ], "loss": { "kind": "MeanSquaredError" }, "optimizer": { "kind": "Adam" } }""", "units is two, expected an integer")]
    [InlineData("""{ "input": [4], "layers": [ { "name": "A", "ops": [ { "op": "Dense", "units": 2 } ] } ], "loss": { "kind": "MeanSquaredError" }, "optimizer": { "kind": "Sgd" } }""", "SGD has no default learning rate")]
    [InlineData("""{ "input": [4], "layers": [ """, "not valid JSON")]
    public void Bad_json_is_refused_with_a_message_naming_where(string json, string expected)
    {
        var error = Assert.Throws<GraphSpecException>(() => GraphNetwork.Create(GraphJson.Parse(json)));
        Assert.True(error.Message.Contains(expected, StringComparison.Ordinal), $"'{error.Message}' does not say '{expected}'");
    }

    [Fact]
    public void A_missing_or_corrupt_file_is_named_in_the_message()
    {
        string missing = Path.Combine(Path.GetTempPath(), "netgen-no-such-network.json");
        Assert.Contains(missing, Assert.Throws<GraphSpecException>(() => GraphJson.Load(missing)).Message, StringComparison.Ordinal);
        string corrupt = Path.GetTempFileName();
        try
        {
            File.WriteAllText(corrupt, "{ \"input\": [4], ");
            Assert.Contains(corrupt, Assert.Throws<GraphSpecException>(() => GraphJson.Load(corrupt)).Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(corrupt);
        }
    }

    [Fact]
    public void Bad_call_arguments_throw_and_change_nothing()
    {
        GraphNetwork network = new GraphBuilder(4).BatchSize(2).Dense(3).SoftmaxCrossEntropy().Sgd(0.1f).Build();
        float[] before = network.Parameters.ToArray();
        Assert.Throws<ArgumentException>(() => network.TrainStep(new float[7], new int[2]));
        Assert.Throws<ArgumentOutOfRangeException>(() => network.TrainStep(new float[8], new[] { 0, 3 }));
        Assert.Throws<ArgumentException>(() => network.TrainStep(new float[12], new int[3])); // batch 3 > BatchSize 2
        Assert.Throws<ArgumentException>(() => network.ApplyGradients(new float[5]));
        Assert.Throws<ArgumentException>(() => network.Predict(new float[8], new float[5]));
        Assert.Throws<ArgumentOutOfRangeException>(() => network.LearningRate = float.NaN);
        Assert.Equal(before, network.Parameters.ToArray());
        Assert.Equal(0, network.Step);
    }
}
