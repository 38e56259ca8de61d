using NetGen.Graph;
using Demo;
using static NetGen.Tests.CheckpointFiles;

namespace NetGen.Tests;

/// <summary>
/// Save and Load carry the whole training state: a loaded network is the saved one, bit for bit, and training resumed
/// from a checkpoint gives exactly the parameters of the uninterrupted run, on both engines and across them.
/// </summary>
public class CheckpointRoundTripTests
{
    public static TheoryData<Type, string> Networks()
    {
        var data = new TheoryData<Type, string>();
        foreach (Type type in new[] { typeof(ResumableMlp), typeof(ResumableCnn), typeof(ResumableRegression), typeof(FashionMlp), typeof(FashionCnn), typeof(LeNet), typeof(Catalogue), typeof(ChannelForms), typeof(Regularized) })
        {
            data.Add(type, "generated");
            data.Add(type, "interpreted");
        }

        data.Add(typeof(ClippedAdamW), "generated"); // LSUV init: generated only

        return data;
    }

    [Theory]
    [MemberData(nameof(Networks))]
    public void A_loaded_network_holds_exactly_the_saved_state(Type type, string engine)
    {
        INetwork saved = Create(type, engine, seed: 1);
        Train(saved, steps: 3);
        saved.LearningRate *= 0.5f;
        string path = TempFile("state.safetensors");
        saved.Save(path);

        INetwork loaded = Create(type, engine, seed: 2);
        loaded.Load(path);

        Assert.Equal(State(saved), State(loaded));
        Assert.Equal(3, loaded.Step);
        float[] inputs = TestBatches.Inputs(3, saved.InputSize, seed: 9);
        float[] expected = new float[3 * saved.OutputSize], actual = new float[expected.Length];
        saved.Predict(inputs, expected);
        loaded.Predict(inputs, actual);
        Assert.Equal(expected, actual);
    }

    [Theory]
    [InlineData(typeof(ResumableMlp))]
    [InlineData(typeof(ResumableCnn))]
    [InlineData(typeof(ResumableRegression))]
    [InlineData(typeof(FashionMlp))]
    [InlineData(typeof(FashionCnn))]
    [InlineData(typeof(LeNet))]
    [InlineData(typeof(Catalogue))]
    [InlineData(typeof(ChannelForms))]
    [InlineData(typeof(Regularized))]
    public void Both_engines_describe_a_network_as_the_same_torch_module_tree(Type type)
    {
        INetwork generated = Create(type, "generated", seed: 1), interpreted = Create(type, "interpreted", seed: 2);
        Assert.Equal(ArchitectureJson.Write(generated.Architecture), ArchitectureJson.Write(interpreted.Architecture));
        Assert.Equal(StateDict.Of(generated).Select(t => $"{t.Name} {t.DType} [{string.Join(", ", t.Shape)}]"), StateDict.Of(interpreted).Select(t => $"{t.Name} {t.DType} [{string.Join(", ", t.Shape)}]"));
    }

    [Theory]
    [InlineData(typeof(ResumableMlp), "generated")]
    [InlineData(typeof(ResumableMlp), "interpreted")]
    [InlineData(typeof(ResumableCnn), "generated")]
    [InlineData(typeof(ResumableCnn), "interpreted")]
    [InlineData(typeof(ResumableRegression), "generated")]
    [InlineData(typeof(ResumableRegression), "interpreted")]
    [InlineData(typeof(Regularized), "generated")] // Gaussian noise: the stream resumes where it stood
    [InlineData(typeof(Regularized), "interpreted")]
    public void Training_resumed_from_a_checkpoint_equals_the_uninterrupted_run_bit_for_bit(Type type, string engine)
    {
        INetwork uninterrupted = Create(type, engine, seed: 5);
        Train(uninterrupted, steps: 10);

        INetwork first = Create(type, engine, seed: 5);
        Train(first, steps: 4);
        string path = TempFile("resume.safetensors");
        first.Save(path);
        INetwork resumed = Create(type, engine, seed: 77); // another seed: everything must come from the file
        resumed.Load(path);
        Train(resumed, steps: 6, first: 4);

        Assert.Equal(State(uninterrupted), State(resumed));
    }

    [Theory]
    [InlineData(typeof(ResumableMlp))]
    [InlineData(typeof(ResumableCnn))]
    [InlineData(typeof(FashionCnn))]
    public void A_checkpoint_of_one_engine_loads_into_the_other(Type type)
    {
        INetwork generated = Create(type, "generated", seed: 4);
        Train(generated, steps: 3);
        INetwork interpreted = Create(type, "interpreted", seed: 8);
        using (var stream = new MemoryStream(Saved(generated)))
        {
            interpreted.Load(stream);
        }

        Assert.Equal(State(generated), State(interpreted));
        INetwork back = Create(type, "generated", seed: 9);
        back.Load(new MemoryStream(Saved(interpreted)));
        Assert.Equal(State(generated), State(back));
    }

    [Fact]
    public void Load_reads_a_stream_that_cannot_seek_from_its_position()
    {
        var saved = new ResumableMlp(1);
        Train(saved, steps: 2);
        using var stream = new MemoryStream();
        stream.Write([1, 2, 3]);
        saved.Save(stream);
        stream.Position = 3;
        var loaded = new ResumableMlp(2);
        loaded.Load(new ForwardOnlyStream(stream));
        Assert.Equal(State(saved), State(loaded));
    }

    [Fact]
    public void LoadWeights_takes_the_model_tensors_and_leaves_the_optimizer_step_and_dropout_stream()
    {
        var saved = new ResumableMlp(1);
        Train(saved, steps: 3);
        string path = TempFile("weights.safetensors");
        saved.Save(path);
        var fresh = new ResumableMlp(2);
        TrainingPosition position = fresh.Position;
        fresh.LoadWeights(path);

        Assert.Equal(saved.Parameters.ToArray(), fresh.Parameters.ToArray());
        Assert.Equal(saved.Hidden.RunningMean.ToArray(), fresh.Hidden.RunningMean.ToArray());
        Assert.Equal(saved.Hidden.RunningVariance.ToArray(), fresh.Hidden.RunningVariance.ToArray());
        Assert.Equal(position with { BatchNormBatches = 3 }, fresh.Position); // num_batches_tracked is a module buffer
        Assert.All(fresh.OptimizerState, b => Assert.All(b.Values.ToArray(), v => Assert.Equal(0f, v)));
    }

    [Fact]
    public void A_checkpoint_names_its_tensors_as_the_equivalent_torch_state_dict_and_carries_the_architecture()
    {
        var network = new ResumableCnn(1);
        (System.Text.Json.Nodes.JsonObject header, _) = Header(Saved(network));
        string[] names = header.Select(p => p.Key).Where(k => !k.StartsWith("optimizer.", StringComparison.Ordinal)).ToArray();
        Assert.Equal(
            ["__metadata__", "Conv.0.weight", "Conv.0.bias", "Conv.1.weight", "Conv.1.bias", "Conv.1.running_mean", "Conv.1.running_var", "Conv.1.num_batches_tracked", "Narrow.0.bias", "Narrow.0.weight_g", "Narrow.0.weight_v", "Output.1.weight", "Output.1.bias"],
            names);
        Assert.Equal("[3, 1, 1, 1]", header["Narrow.0.weight_g"]!["shape"]!.ToJsonString().Replace(",", ", "));
        Assert.Equal("I64", (string?)header["Conv.1.num_batches_tracked"]!["dtype"]);
        Assert.NotNull(header["optimizer.Conv.0.weight.square_avg"]);
        Assert.NotNull(header["optimizer.Conv.0.weight.grad_avg"]);
        Assert.NotNull(header["optimizer.Output.1.bias.momentum_buffer"]);
        var metadata = header["__metadata__"]!.AsObject();
        Assert.Equal("pt", (string?)metadata["format"]);
        Assert.Equal(network.Architecture.Fingerprint, (string?)metadata["netgen.fingerprint"]);
        Assert.Contains("\"kind\":\"Conv2d\"", (string?)metadata["netgen.architecture"]);
    }

    /// <summary>A stream that reads forward only, as a network or pipe stream does.</summary>
    private sealed class ForwardOnlyStream(Stream inner) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
