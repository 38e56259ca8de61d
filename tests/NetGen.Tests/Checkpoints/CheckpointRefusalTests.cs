using System.Text.Json.Nodes;
using static NetGen.Tests.CheckpointFiles;

namespace NetGen.Tests;

/// <summary>
/// Load checks the whole file before it changes anything: another network's checkpoint, a damaged file or values the
/// network cannot take are refused with a <see cref="CheckpointException"/> naming the file and the tensor, and the
/// network is exactly as it was.
/// </summary>
public class CheckpointRefusalTests
{
    private static readonly byte[] s_good = GoodFile();

    private static byte[] GoodFile()
    {
        var network = new ResumableMlp(1);
        Train(network, steps: 2);
        return Saved(network);
    }

    /// <summary>Loads <paramref name="file"/> into a trained network and asserts the refusal and that nothing changed.</summary>
    private static CheckpointException Refused(byte[] file, params string[] fragments) => Refused(file, weightsOnly: false, fragments);

    private static CheckpointException Refused(byte[] file, bool weightsOnly, params string[] fragments)
    {
        var network = new ResumableMlp(3);
        Train(network, steps: 1);
        string before = State(network);
        string path = TempFile("bad.safetensors");
        File.WriteAllBytes(path, file);
        CheckpointException e = Assert.Throws<CheckpointException>(() =>
        {
            if (weightsOnly)
            {
                network.LoadWeights(path);
            }
            else
            {
                network.Load(path);
            }
        });
        Assert.Equal(path, e.FilePath);
        Assert.StartsWith(path + ": ", e.Message);
        foreach (string fragment in fragments)
        {
            Assert.Contains(fragment, e.Message);
        }

        Assert.Equal(before, State(network));
        return e;
    }

    [Fact]
    public void Another_networks_checkpoint_is_refused_naming_both_networks_and_the_first_mismatching_tensor()
    {
        var other = new ResumableRegression(1);
        CheckpointException e = Refused(Saved(other), "network ResumableRegression (fingerprint " + other.Architecture.Fingerprint, "not of ResumableMlp (fingerprint ", "first mismatching tensor is 'Hidden.0.weight'", "F32 [7, 3] in the file, F32 [16, 6] in ResumableMlp");
        Assert.Equal("Hidden.0.weight", e.Tensor);
    }

    [Fact]
    public void A_checkpoint_with_equal_shapes_but_other_ops_is_refused_by_its_fingerprint()
    {
        Refused(Saved(new ResumableMlpWithTanh(1)), "network ResumableMlpWithTanh", "every tensor matches in name and shape, but the ops");
    }

    [Fact]
    public void A_missing_file_is_refused_naming_it()
    {
        string path = Path.Combine(Path.GetTempPath(), "netgen-no-such-checkpoint.safetensors");
        CheckpointException e = Assert.Throws<CheckpointException>(() => new ResumableMlp(1).Load(path));
        Assert.StartsWith(path + ": cannot be opened", e.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(8)]
    [InlineData(40)]
    [InlineData(-4)]
    [InlineData(-700)]
    public void A_truncated_file_is_refused(int cut)
    {
        int length = cut >= 0 ? cut : s_good.Length + cut; // bytes kept: from the start, or all but the last −cut
        Refused(s_good[..length]);
    }

    [Fact]
    public void Bytes_after_the_last_tensor_are_refused() => Refused([.. s_good, 0, 0, 0, 0], "extra bytes");

    [Fact]
    public void A_header_length_past_the_file_is_refused()
    {
        byte[] file = (byte[])s_good.Clone();
        file[6] = 1;
        Refused(file, "header length field says");
    }

    [Theory]
    [InlineData("{\"a\": ", "not valid JSON")]
    [InlineData("[1, 2]", "expected an object of tensors")]
    [InlineData("{\"__metadata__\": {\"netgen.step\": 3}}", "expected a string")]
    public void A_malformed_header_is_refused(string header, string fragment) => Refused(WithHeaderText(s_good, header), fragment);

    [Fact]
    public void A_header_that_is_not_valid_text_is_refused()
    {
        (_, int dataStart) = Header(s_good);
        byte[] badByte = (byte[])s_good.Clone();
        int name = Array.IndexOf(badByte, (byte)'H', 8); // the first letter of a tensor name
        badByte[name] = 0xFF;
        Refused(badByte, "not valid UTF-8");
        Refused(WithHeaderText(s_good, "{\"\\ud800\": 1}", dataStart), "not valid text");
    }

    [Fact]
    public void Offsets_out_of_range_are_refused_naming_the_tensor()
    {
        CheckpointException e = Refused(WithHeader(s_good, h => h["Output.0.bias"]!["data_offsets"] = new JsonArray(0, 1 << 30)), "data_offsets");
        Assert.Equal("Output.0.bias", e.Tensor);
    }

    [Fact]
    public void Overlapping_tensors_are_refused()
    {
        Refused(WithHeader(s_good, h => h["Hidden.0.bias"]!["data_offsets"] = h["Hidden.0.weight"]!["data_offsets"]!.DeepClone()), "Hidden.0.bias", "shape [16] of F32 needs 64 bytes");
        Refused(
            WithHeader(s_good, h =>
            {
                var weight = (JsonArray)h["Hidden.0.weight"]!["data_offsets"]!;
                long begin = (long)weight[0]! + 4;
                h["Hidden.0.bias"]!["data_offsets"] = new JsonArray(begin, begin + 64);
            }),
            "overlaps");
    }

    [Fact]
    public void A_shape_that_does_not_match_its_bytes_or_the_network_is_refused()
    {
        Refused(WithHeader(s_good, h => h["Hidden.0.weight"]!["shape"] = new JsonArray(6, 17)), "Hidden.0.weight", "needs");
        Refused(WithHeader(s_good, h => h["Hidden.0.weight"]!["shape"] = new JsonArray(6, 16)), "Hidden.0.weight", "shape [6, 16] in the file, [16, 6] in ResumableMlp");
    }

    [Fact]
    public void A_wrong_or_unknown_dtype_is_refused()
    {
        Refused(WithHeader(s_good, h => h["Hidden.0.weight"]!["dtype"] = "I32"), "Hidden.0.weight", "dtype I32 in the file, F32 expected");
        Refused(WithHeader(s_good, h => h["Hidden.0.weight"]!["dtype"] = "F31"), "'F31' is not a safetensors dtype");
    }

    [Fact]
    public void A_missing_or_extra_tensor_is_refused()
    {
        Refused(WithHeader(s_good, h => Rename(h, "optimizer.Output.0.bias.max_exp_avg_sq", "optimizer.Output.0.bias.maximum")), "optimizer.Output.0.bias.max_exp_avg_sq", "ResumableMlp has this tensor");
        Refused(WithHeader(s_good, h => h.Remove("Output.0.bias")), "bytes", "that no tensor holds");
        Refused(WithHeader(s_good, h => h["Extra.0.weight"] = new JsonObject { ["dtype"] = "F32", ["shape"] = new JsonArray(0), ["data_offsets"] = new JsonArray(0, 0) }), "Extra.0.weight", "the file has this tensor and ResumableMlp does not");
    }

    [Fact]
    public void A_non_finite_value_or_a_negative_variance_is_refused()
    {
        (JsonObject header, int dataStart) = Header(s_good);
        long Begin(string name) => dataStart + (long)header[name]!["data_offsets"]![0]!;
        byte[] nan = (byte[])s_good.Clone();
        BitConverter.TryWriteBytes(nan.AsSpan((int)Begin("Middle.1.weight") + 8), float.NaN);
        Refused(nan, "Middle.1.weight", "element 2 is NaN");
        byte[] negative = (byte[])s_good.Clone();
        BitConverter.TryWriteBytes(negative.AsSpan((int)Begin("Hidden.1.running_var")), -1f);
        Refused(negative, "Hidden.1.running_var", "negative variance");
    }

    [Theory]
    [InlineData("netgen.step", "-1", "expected an integer")]
    [InlineData("netgen.learning_rate", "NaN", "expected a finite number")]
    [InlineData("netgen.dropout_state", "1,2,3", "expected six comma-separated hex fields")]
    [InlineData("netgen.format", "99", "this NetGen reads format 1")]
    [InlineData("netgen.format", "0", "this NetGen reads format 1")]
    [InlineData("netgen.dropout_state", "none", "the network draws dropout masks or noise, so not 'none'")]
    [InlineData("netgen.dropout_state", "1,2,3,4,7ff8000000000000,1", "expected six comma-separated hex fields")]
    [InlineData("netgen.contents", "weights", "holds no NetGen training state")]
    public void Bad_training_metadata_is_refused(string key, string value, string fragment) =>
        Refused(WithHeader(s_good, h => h["__metadata__"]![key] = value), fragment);

    [Fact]
    public void A_file_of_weights_only_is_refused_by_Load_and_taken_by_LoadWeights()
    {
        byte[] weights = WithHeader(s_good, h => h.Remove("__metadata__"));
        Refused(weights, "holds no NetGen training state", "LoadWeights");
        var network = new ResumableMlp(3);
        network.LoadWeights(new MemoryStream(weights));
        Assert.Equal(new ResumableMlp(1).Parameters.Length, network.Parameters.Length);
    }

    [Fact]
    public void LoadWeights_still_checks_names_and_shapes()
    {
        Refused(Saved(new ResumableRegression(1)), weightsOnly: true, "Hidden.0.weight", "shape [7, 3] in the file, [16, 6] in ResumableMlp");
    }

    private static void Rename(JsonObject header, string from, string to)
    {
        JsonNode entry = header[from]!;
        header.Remove(from);
        header[to] = entry;
    }

    [Fact]
    public void Save_refuses_a_network_holding_a_non_finite_value_and_writes_nothing()
    {
        var network = new ResumableMlp(1);
        network.Middle.Slopes[3] = float.PositiveInfinity;
        string path = TempFile("never.safetensors");
        CheckpointException e = Assert.Throws<CheckpointException>(() => network.Save(path));
        Assert.Equal("Middle.1.weight", e.Tensor);
        Assert.False(File.Exists(path));
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(path)!));
    }
}
