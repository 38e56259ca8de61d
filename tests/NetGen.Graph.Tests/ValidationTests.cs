namespace NetGen.Graph.Tests;

/// <summary>Bad descriptions fail with a <see cref="GraphSpecException"/> naming what was wrong and what was expected.</summary>
public class ValidationTests
{
    public static TheoryData<string, Func<GraphBuilder>, string> BadNetworks => new()
    {
        { "window too large", () => new GraphBuilder(1, 4, 4).Conv2D(2, 5).Dense(2).SoftmaxCrossEntropy().Sgd(0.1f), "larger than its padded input 4 × 4" },
        { "output not whole", () => new GraphBuilder(1, 28, 28).Conv2D(2, 3, stride: 2).Dense(2).SoftmaxCrossEntropy().Sgd(0.1f), "is not a whole number" },
        { "pooling on flat input", () => new GraphBuilder(10).MaxPool(2).Dense(2).SoftmaxCrossEntropy().Sgd(0.1f), "needs a [C, H, W] input" },
        { "groups", () => new GraphBuilder(3, 4, 4).Conv2D(6, 3).GroupNorm(4).Dense(2).SoftmaxCrossEntropy().Sgd(0.1f), "GroupNorm(4) in layer 'Layer1' does not divide its 6 channels" },
        { "maxout pieces", () => new GraphBuilder(4).Dense(3).Maxout(1).Dense(2).SoftmaxCrossEntropy().Sgd(0.1f), "Maxout pieces 1" },
        { "dropout", () => new GraphBuilder(4).Dense(3).Dropout(1f).Dense(2).SoftmaxCrossEntropy().Sgd(0.1f), "Dropout probability 1" },
        { "two activations", () => new GraphBuilder(4).Dense(3).ReLU().Tanh().Dense(2).SoftmaxCrossEntropy().Sgd(0.1f), "second activation Tanh" },
        { "misplaced norm", () => new GraphBuilder(4).Dense(3).ReLU().BatchNorm().Dense(2).SoftmaxCrossEntropy().Sgd(0.1f), "must come right after the producing op" },
        { "norm on pooling", () => new GraphBuilder(1, 4, 4).MaxPool(2).ReLU().Dense(2).SoftmaxCrossEntropy().Sgd(0.1f), "a pooling or flatten layer takes no norm" },
        { "instance norm on dense", () => new GraphBuilder(4).Dense(3).InstanceNorm().Dense(2).SoftmaxCrossEntropy().Sgd(0.1f), "use LayerNorm" },
        { "weight norm from zeros", () => new GraphBuilder(4).Dense(3, Init.Zeros).WeightNorm().Dense(2).SoftmaxCrossEntropy().Sgd(0.1f), "zero v has no direction" },
        { "lsuv", () => new GraphBuilder(4).Dense(3, Init.Lsuv).Dense(2).SoftmaxCrossEntropy().Sgd(0.1f), "Init.Lsuv" },
        { "batch norm at batch 1", () => new GraphBuilder(4).BatchSize(1).Dense(3).BatchNorm().Dense(2).SoftmaxCrossEntropy().Sgd(0.1f), "batch size of 2 or more" },
        { "flatten last", () => new GraphBuilder(1, 2, 2).Flatten().SoftmaxCrossEntropy().Sgd(0.1f), "is a Flatten" },
        { "learning rate", () => new GraphBuilder(4).Dense(2).SoftmaxCrossEntropy().Sgd(-1f), "learning rate -1" },
        { "nesterov", () => new GraphBuilder(4).Dense(2).SoftmaxCrossEntropy().Sgd(0.1f, nesterov: true), "Nesterov momentum needs momentum > 0" },
        { "label smoothing", () => new GraphBuilder(4).Dense(2).SoftmaxCrossEntropy(1.5f).Sgd(0.1f), "label smoothing 1.5" },
        { "no loss", () => new GraphBuilder(4).Dense(2).Sgd(0.1f), "needs a loss" },
    };

    [Theory]
    [MemberData(nameof(BadNetworks))]
    public void Bad_descriptions_are_refused_with_a_message_naming_the_problem(string what, Func<GraphBuilder> build, string expected)
    {
        var error = Assert.Throws<GraphSpecException>(() => build().Build());
        Assert.True(error.Message.Contains(expected, StringComparison.Ordinal), $"{what}: '{error.Message}' does not say '{expected}'");
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
