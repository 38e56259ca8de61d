using System.Text.Json.Nodes;
using NetGen.Data;
using NetGen.Data.Preprocessing;
using static NetGen.Tests.CheckpointFiles;

namespace NetGen.Tests;

/// <summary>
/// Fitted preprocessing in a checkpoint: saved with the network, loaded back bit for bit, ignored (but checked) by
/// Load and LoadWeights, absent from older files, and refused with the file and the tensor named when damaged.
/// </summary>
public class PreprocessingCheckpointTests
{
    private static readonly DataSet Data = new(PreprocessingData.Correlated(400, 6, seed: 4), new int[400], 6);

    /// <summary>Per-feature standardization, then ZCA: two steps with tensors of three kinds.</summary>
    private static PreprocessingPipeline Pipeline() => PreprocessingPipeline.Fit(Data, null, new Standardize(), new Whiten(WhiteningKind.Zca, 1e-3f));

    private static (ResumableMlp Network, byte[] File) Saved(Preprocessor preprocessing)
    {
        var network = new ResumableMlp(1);
        Train(network, steps: 2);
        using var stream = new MemoryStream();
        network.Save(stream, preprocessing);
        return (network, stream.ToArray());
    }

    private static string Write(byte[] file)
    {
        string path = TempFile("preprocessed.safetensors");
        File.WriteAllBytes(path, file);
        return path;
    }

    [Fact]
    public void Saved_preprocessing_loads_back_bit_for_bit_and_the_network_loads_as_before()
    {
        PreprocessingPipeline pipeline = Pipeline();
        (ResumableMlp network, byte[] file) = Saved(pipeline);
        string path = Write(file);

        PreprocessingPipeline loaded = Checkpoint.LoadPreprocessing(path)!;
        Assert.Equal(pipeline.Steps.Select(s => s.GetType()), loaded.Steps.Select(s => s.GetType()));
        for (int i = 0; i < pipeline.Steps.Count; i++)
        {
            Assert.Equal(pipeline.Steps[i].InputShape, loaded.Steps[i].InputShape);
            Assert.Equal(pipeline.Steps[i].Tensors.Select(t => (t.Name, t.Shape)), loaded.Steps[i].Tensors.Select(t => (t.Name, t.Shape)));
            for (int t = 0; t < pipeline.Steps[i].Tensors.Count; t++)
            {
                Assert.Equal(pipeline.Steps[i].Tensors[t].Values.Select(BitConverter.SingleToInt32Bits), loaded.Steps[i].Tensors[t].Values.Select(BitConverter.SingleToInt32Bits));
            }
        }

        Assert.Equal(1e-3f, ((Whitening)loaded.Steps[1]).Epsilon);
        Assert.Equal(pipeline.Apply(Data).Features, loaded.Apply(Data).Features); // the same bits out

        var resumed = new ResumableMlp(9);
        resumed.Load(path);
        Assert.Equal(State(network), State(resumed));
        var weights = new ResumableMlp(9);
        weights.LoadWeights(path);
        Assert.Equal(network.Parameters.ToArray(), weights.Parameters.ToArray());

        using var stream = new MemoryStream(file);
        Assert.Equal(2, Checkpoint.LoadPreprocessing(stream)!.Steps.Count);
    }

    [Fact]
    public void Every_kind_of_step_round_trips()
    {
        var raw = new DataSet(PreprocessingData.Correlated(300, 12, seed: 8), new int[300], 12);
        foreach (IPreprocessor[] steps in new IPreprocessor[][]
        {
            [new SubtractMean(StatisticScope.PerChannel), new PrincipalComponents(6)],
            [new Standardize(StatisticScope.Global), new Whiten(WhiteningKind.Pca, 0.01f, components: 6)],
            [new SubtractMean(), new Standardize(StatisticScope.PerChannel), new Whiten(WhiteningKind.Zca), new PrincipalComponents(6)],
        })
        {
            PreprocessingPipeline pipeline = PreprocessingPipeline.Fit(raw, [3, 2, 2], steps);
            string path = Write(Saved(pipeline).File);
            PreprocessingPipeline loaded = Checkpoint.LoadPreprocessing(path)!;
            Assert.Equal(pipeline.Describe(), loaded.Describe());
            Assert.Equal(pipeline.Apply(raw).Features, loaded.Apply(raw).Features);
        }
    }

    [Fact]
    public void A_file_without_preprocessing_has_none()
    {
        var network = new ResumableMlp(1);
        string path = Write(CheckpointFiles.Saved(network));
        Assert.Null(Checkpoint.LoadPreprocessing(path));
    }

    [Fact]
    public void Preprocessing_that_does_not_give_the_networks_input_is_refused_before_writing()
    {
        Preprocessor pca = new PrincipalComponents(4).Fit(Data.Features, [6]);
        string path = TempFile("never.safetensors");
        ArgumentException e = Assert.Throws<ArgumentException>(() => new ResumableMlp(1).Save(path, pca));
        Assert.Contains("gives 4 values per sample, but ResumableMlp takes 6", e.Message);
        Assert.False(File.Exists(path));
    }

    public static TheoryData<string, string?, string> Corruptions() => new()
    {
        { "nan-eigenvalue", "preprocessing.1.eigenvalues", "element 2 is NaN" },
        { "zero-std", "preprocessing.0.std", "a standard deviation is > 0" },
        { "components-shape", "preprocessing.1.components", "expected [k, 6]" },
        { "missing-mean", "preprocessing.1.mean", "has this tensor and the file does not" },
        { "orphan-tensors", "preprocessing.0.mean", "no netgen.preprocessing" },
        { "bad-json", null, "netgen.preprocessing is not valid JSON" },
        { "unknown-kind", null, "step 1 has kind 'whitening'" },
        { "bad-epsilon", null, "step 1 needs \"epsilon\", a finite number > 0" },
        { "bad-scope", null, "step 0 needs \"scope\"" },
        { "size-chain", "preprocessing.1.mean", "shape [6] in the file, [12] expected" },
    };

    [Theory]
    [MemberData(nameof(Corruptions))]
    public void Damaged_preprocessing_is_refused_naming_the_file_and_the_tensor(string corruption, string? tensor, string fragment)
    {
        byte[] file = Corrupt(Saved(Pipeline()).File, corruption);
        string path = Write(file);
        CheckpointException e = Assert.Throws<CheckpointException>(() => Checkpoint.LoadPreprocessing(path));
        Assert.Equal(path, e.FilePath);
        Assert.Equal(tensor, e.Tensor);
        Assert.Contains(fragment, e.Message);
        Assert.StartsWith(path, e.Message);

        // Load checks the same entries, and refuses the file with the network unchanged.
        var network = new ResumableMlp(3);
        string before = State(network);
        Assert.Equal(e.Message, Assert.Throws<CheckpointException>(() => network.Load(path)).Message);
        Assert.Equal(before, State(network));
    }

    private static byte[] Corrupt(byte[] file, string corruption)
    {
        string Steps(JsonObject h) => h["__metadata__"]!["netgen.preprocessing"]!.GetValue<string>();
        void SetSteps(JsonObject h, string value) => h["__metadata__"]!["netgen.preprocessing"] = value;
        switch (corruption)
        {
            case "nan-eigenvalue":
                return WithFloat(file, "preprocessing.1.eigenvalues", 2, float.NaN);
            case "zero-std":
                return WithFloat(file, "preprocessing.0.std", 0, 0f);
            case "components-shape":
                return WithHeader(file, h => h["preprocessing.1.components"]!["shape"] = new JsonArray(3, 12));
            case "missing-mean":
                return WithHeader(file, h =>
                {
                    JsonNode entry = h["preprocessing.1.mean"]!;
                    h.Remove("preprocessing.1.mean");
                    h["preprocessing.9.mean"] = entry;
                });
            case "orphan-tensors":
                return WithHeader(file, h => (h["__metadata__"] as JsonObject)!.Remove("netgen.preprocessing"));
            case "bad-json":
                return WithHeader(file, h => SetSteps(h, "[{"));
            case "unknown-kind":
                return WithHeader(file, h => SetSteps(h, Steps(h).Replace("zca_whitening", "whitening")));
            case "bad-epsilon":
                return WithHeader(file, h => SetSteps(h, Steps(h).Replace("\"epsilon\":0.001", "\"epsilon\":0")));
            case "bad-scope":
                return WithHeader(file, h => SetSteps(h, Steps(h).Replace("per_feature", "per_pixel")));
            default:
                return WithHeader(file, h => SetSteps(h, Steps(h).Replace("\"zca_whitening\",\"input_shape\":[6]", "\"zca_whitening\",\"input_shape\":[12]")));
        }
    }

    private static byte[] WithFloat(byte[] file, string tensor, int index, float value)
    {
        (JsonObject header, int dataStart) = Header(file);
        int begin = header[tensor]!["data_offsets"]![0]!.GetValue<int>();
        byte[] copy = [.. file];
        BitConverter.TryWriteBytes(copy.AsSpan(dataStart + begin + 4 * index), value);
        return copy;
    }
}
