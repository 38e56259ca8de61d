using System.Text.Json.Nodes;
using NetGen.Graph;

namespace NetGen.Tests;

/// <summary>
/// Run-time WeightDecay, Momentum and Layer.DropoutRate in both engines: a set value trains bit for bit as a network
/// declared with it, the setters check their ranges and what the network's buffers allow, and checkpoints keep them.
/// </summary>
public class HyperparameterTests
{
    public static TheoryData<string> Engines => new() { "generated", "interpreted" };

    private static INetwork Create(Type type, string engine, int seed = 4) => CheckpointFiles.Create(type, engine, seed);

    /// <summary>Trains both for 6 steps and asserts the same parameters and optimizer state, bit for bit.</summary>
    private static void AssertTrainsAs(INetwork set, INetwork declared)
    {
        CheckpointFiles.Train(set, 6);
        CheckpointFiles.Train(declared, 6);
        Assert.Equal(declared.Parameters.ToArray(), set.Parameters.ToArray());
        Assert.Equal(declared.OptimizerState.Count, set.OptimizerState.Count);
        for (int i = 0; i < set.OptimizerState.Count; i++)
        {
            Assert.Equal(declared.OptimizerState[i].Values.ToArray(), set.OptimizerState[i].Values.ToArray());
        }

        Assert.Equal(declared.Position, set.Position);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public void Defaults_are_the_attribute_values(string engine)
    {
        INetwork sgd = Create(typeof(HyperSgd), engine);
        Assert.Equal((0.01f, 0.9f, 0.5f), (sgd.WeightDecay, sgd.Momentum, sgd.Layers[0].DropoutRate));
        Assert.True(sgd.Layers[0].HasDropout);
        Assert.False(sgd.Layers[1].HasDropout);
        Assert.Equal(0f, sgd.Layers[1].DropoutRate);
        Assert.Equal((0.01f, 0f), (Create(typeof(HyperAdamW), engine).WeightDecay, Create(typeof(HyperAdamW), engine).Momentum)); // AdamW's default λ, as torch's
        Assert.Equal(0.1f, Create(typeof(HyperAdamWDeclared), engine).WeightDecay);
        Assert.Equal(0.9f, Create(typeof(HyperRmsProp), engine).Momentum);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public void Sgd_momentum_weight_decay_and_dropout_rate_set_train_as_declared(string engine)
    {
        INetwork set = Create(typeof(HyperSgd), engine);
        set.Momentum = 0.5f;
        set.WeightDecay = 0.003f;
        set.Layers[0].DropoutRate = 0.2f;
        AssertTrainsAs(set, Create(typeof(HyperSgdDeclared), engine));
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public void Sgd_momentum_set_to_zero_trains_as_plain_sgd(string engine)
    {
        INetwork set = Create(typeof(HyperSgd), engine);
        set.Momentum = 0f;
        INetwork declared = Create(typeof(HyperSgdWithoutMomentum), engine);
        CheckpointFiles.Train(set, 6);
        CheckpointFiles.Train(declared, 6);
        Assert.Equal(declared.Parameters.ToArray(), set.Parameters.ToArray());
        Assert.All(set.OptimizerState[0].Values.ToArray(), v => Assert.Equal(0f, v)); // the buffer is kept, untouched
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public void RmsProp_momentum_and_weight_decay_set_train_as_declared(string engine)
    {
        INetwork set = Create(typeof(HyperRmsProp), engine);
        set.Momentum = 0.3f;
        set.WeightDecay = 0.02f;
        AssertTrainsAs(set, Create(typeof(HyperRmsPropDeclared), engine));
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public void AdamW_decoupled_decay_set_trains_as_declared_and_keeps_off_non_weights(string engine)
    {
        INetwork set = Create(typeof(HyperAdamW), engine);
        set.WeightDecay = 0.1f;
        AssertTrainsAs(set, Create(typeof(HyperAdamWDeclared), engine));
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public void Adam_coupled_decay_set_on_a_weights_only_network_trains_as_declared(string engine)
    {
        INetwork set = Create(typeof(HyperAdam), engine);
        set.WeightDecay = 0.05f;
        AssertTrainsAs(set, Create(typeof(HyperAdamDeclared), engine));
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public void AdaGrad_weight_decay_set_trains_as_declared(string engine)
    {
        INetwork set = Create(typeof(HyperAdaGrad), engine);
        set.WeightDecay = 0.01f;
        AssertTrainsAs(set, Create(typeof(HyperAdaGradDeclared), engine));
    }

    [Fact]
    public void Both_engines_agree_with_values_set_mid_training()
    {
        INetwork generated = Create(typeof(HyperSgd), "generated"), interpreted = Create(typeof(HyperSgd), "interpreted");
        foreach (INetwork network in new[] { generated, interpreted })
        {
            CheckpointFiles.Train(network, 3);
            network.Momentum = 0.7f;
            network.WeightDecay = 0.05f;
            network.Layers[0].DropoutRate = 0.1f;
            CheckpointFiles.Train(network, 5, first: 3);
        }

        Assert.Equal(generated.Position, interpreted.Position);
        Assert.Equal(generated.Parameters.ToArray(), interpreted.Parameters.ToArray()); // here bit for bit
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public void Setters_refuse_out_of_range_values_and_change_nothing(string engine)
    {
        INetwork sgd = Create(typeof(HyperSgd), engine);
        foreach (float bad in new[] { -0.1f, float.NaN, float.PositiveInfinity })
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => sgd.WeightDecay = bad);
        }

        foreach (float bad in new[] { -0.1f, 1f, 1.5f, float.NaN })
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => sgd.Momentum = bad);
            Assert.Throws<ArgumentOutOfRangeException>(() => sgd.Layers[0].DropoutRate = bad);
        }

        Assert.Equal((0.01f, 0.9f, 0.5f), (sgd.WeightDecay, sgd.Momentum, sgd.Layers[0].DropoutRate));
        Assert.Contains("expected a value in [0, 1)", Assert.Throws<ArgumentOutOfRangeException>(() => sgd.Momentum = 1f).Message);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public void Momentum_needs_the_buffer_and_optimizers_without_momentum_take_only_zero(string engine)
    {
        INetwork plain = Create(typeof(HyperSgdWithoutMomentum), engine);
        var refused = Assert.Throws<InvalidOperationException>(() => plain.Momentum = 0.5f);
        Assert.Contains("Momentum = ...", refused.Message);
        plain.Momentum = 0f; // allowed: nothing changes
        Assert.Equal(0f, plain.Momentum);

        INetwork adam = Create(typeof(HyperAdamW), engine);
        Assert.Throws<NotSupportedException>(() => adam.Momentum = 0.5f);
        adam.Momentum = 0f;

        INetwork nesterov = Create(typeof(Regressor), engine);
        Assert.Contains("Nesterov", Assert.Throws<InvalidOperationException>(() => nesterov.Momentum = 0f).Message);
        nesterov.Momentum = 0.2f;
        Assert.Equal(0.2f, nesterov.Momentum);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public void A_layer_without_dropout_refuses_a_rate(string engine)
    {
        INetwork sgd = Create(typeof(HyperSgd), engine);
        Assert.Contains("has no Dropout", Assert.Throws<InvalidOperationException>(() => sgd.Layers[1].DropoutRate = 0.1f).Message);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public void Checkpoints_keep_the_run_time_values_and_resume_exactly(string engine)
    {
        INetwork network = Create(typeof(HyperSgd), engine);
        CheckpointFiles.Train(network, 2);
        network.Momentum = 0.6f;
        network.WeightDecay = 0.02f;
        network.Layers[0].DropoutRate = 0.35f;
        byte[] file = CheckpointFiles.Saved(network);
        JsonObject metadata = CheckpointFiles.Header(file).Header["__metadata__"]!.AsObject();
        Assert.Equal("0.02", (string?)metadata["netgen.weight_decay"]);
        Assert.Equal("0.6", (string?)metadata["netgen.momentum"]);
        Assert.Equal("0.35", (string?)metadata["netgen.dropout_rate.Hidden"]);

        INetwork loaded = Create(typeof(HyperSgd), engine, seed: 9);
        loaded.Load(new MemoryStream(file));
        Assert.Equal((0.02f, 0.6f, 0.35f), (loaded.WeightDecay, loaded.Momentum, loaded.Layers[0].DropoutRate));
        CheckpointFiles.Train(network, 3, first: 2);
        CheckpointFiles.Train(loaded, 3, first: 2);
        Assert.Equal(CheckpointFiles.State(network), CheckpointFiles.State(loaded));
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public void Files_without_the_keys_load_and_keep_the_network_values(string engine)
    {
        INetwork network = Create(typeof(HyperSgd), engine);
        network.WeightDecay = 0.5f;
        byte[] file = CheckpointFiles.WithHeader(CheckpointFiles.Saved(network), header =>
        {
            JsonObject metadata = header["__metadata__"]!.AsObject();
            metadata.Remove("netgen.weight_decay");
            metadata.Remove("netgen.momentum");
            metadata.Remove("netgen.dropout_rate.Hidden");
        });
        INetwork loaded = Create(typeof(HyperSgd), engine);
        loaded.Load(new MemoryStream(file));
        Assert.Equal((0.01f, 0.9f, 0.5f), (loaded.WeightDecay, loaded.Momentum, loaded.Layers[0].DropoutRate));
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public void Files_with_values_the_network_cannot_take_are_refused_before_anything_changes(string engine)
    {
        foreach ((Type type, string key, string value) in new[]
        {
            (typeof(HyperSgd), "netgen.weight_decay", "-1"),
            (typeof(HyperSgd), "netgen.dropout_rate.Hidden", "1"),
            (typeof(HyperSgd), "netgen.momentum", "x"),
            (typeof(HyperSgdWithoutMomentum), "netgen.momentum", "0.5"),
        })
        {
            INetwork network = Create(type, engine);
            byte[] file = CheckpointFiles.WithHeader(CheckpointFiles.Saved(network), header => header["__metadata__"]!.AsObject()[key] = value);
            INetwork target = Create(type, engine, seed: 8);
            string before = CheckpointFiles.State(target);
            var refused = Assert.Throws<CheckpointException>(() => target.Load(new MemoryStream(file)));
            Assert.Contains(key, refused.Message);
            Assert.Equal(before, CheckpointFiles.State(target));
        }
    }
}
