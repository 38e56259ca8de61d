using Microsoft.ML.OnnxRuntime;
using NetGen.Randomness;

namespace NetGen.Onnx.Tests;

/// <summary>Every layer kind and output kind, interpreted: the exported model computes what Predict does.</summary>
public sealed class LayerExportTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("netgen-onnx-");

    public void Dispose() => _folder.Delete(recursive: true);

    [Theory]
    [MemberData(nameof(Names))]
    public void Matches_predict(string name)
    {
        OnnxHarness.AssertMatchesPredict(LayerCases.Trained(name), Path.Combine(_folder.FullName, name + ".onnx"));
    }

    public static TheoryData<string> Names() => LayerCases.Names();

    [Theory]
    [InlineData("LayerNormDense")]
    [InlineData("LayerNormConv")]
    [InlineData("GELU")]
    [InlineData("GroupNormConv")]
    public void Opset_13_decomposes_layer_norm_and_matches_predict(string name)
    {
        OnnxHarness.AssertMatchesPredict(LayerCases.Trained(name), Path.Combine(_folder.FullName, name + ".onnx"), new OnnxExportOptions { Opset = 13 });
    }

    [Theory]
    [InlineData("Linear")]
    [InlineData("SigmoidOutput")]
    [InlineData("IdentityOutput")]
    public void Without_the_output_activation_the_model_gives_what_predict_transforms(string name)
    {
        INetwork network = LayerCases.Trained(name);
        string path = Path.Combine(_folder.FullName, name + ".onnx");
        network.ExportOnnx(path, new OnnxExportOptions { OutputActivation = false });
        var random = new SeededRandom(5);
        const int samples = 4;
        float[] inputs = OnnxHarness.Inputs(random, samples, network.InputSize);
        float[] raw = OnnxHarness.Run(path, network, inputs, samples);
        int n = network.OutputSize;
        float[] transformed = new float[raw.Length];
        for (int s = 0; s < samples; s++)
        {
            Span<float> row = raw.AsSpan(s * n, n);
            switch (network.Architecture.Output)
            {
                case PredictOutput.Softmax:
                    float max = row.ToArray().Max();
                    double sum = 0;
                    foreach (float x in row)
                    {
                        sum += Math.Exp(x - max);
                    }

                    for (int j = 0; j < n; j++)
                    {
                        transformed[s * n + j] = (float)(Math.Exp(row[j] - max) / sum);
                    }

                    break;
                case PredictOutput.Sigmoid:
                    for (int j = 0; j < n; j++)
                    {
                        transformed[s * n + j] = (float)(1 / (1 + Math.Exp(-row[j])));
                    }

                    break;
                default:
                    row.CopyTo(transformed.AsSpan(s * n, n));
                    break;
            }
        }

        OnnxHarness.AssertClose(OnnxHarness.Predict(network, inputs, samples), transformed, name);
    }

    [Fact]
    public void The_stream_overload_writes_the_same_model_as_the_file()
    {
        INetwork network = LayerCases.Trained("BatchNorm2d");
        string path = Path.Combine(_folder.FullName, "file.onnx");
        network.ExportOnnx(path);
        using var stream = new MemoryStream();
        network.ExportOnnx(stream);
        Assert.Equal(File.ReadAllBytes(path), stream.ToArray());
        using var session = new InferenceSession(stream.ToArray());
        float[] inputs = OnnxHarness.Inputs(new SeededRandom(1), 2, network.InputSize);
        OnnxHarness.AssertClose(OnnxHarness.Predict(network, inputs, 2), OnnxHarness.Run(session, network, inputs, 2), "stream");
    }

    [Fact]
    public void A_second_export_replaces_the_file_and_leaves_no_temporary_file()
    {
        INetwork network = LayerCases.Trained("Linear");
        string path = Path.Combine(_folder.FullName, "model.onnx");
        File.WriteAllText(path, "not a model");
        network.ExportOnnx(path);
        OnnxHarness.Train(network, steps: 2, seed: 99);
        OnnxHarness.AssertMatchesPredict(network, path);
        Assert.Equal(["model.onnx"], _folder.GetFiles().Select(f => f.Name));
    }
}
