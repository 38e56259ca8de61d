using Demo;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using NetGen.Data;
using NetGen.Data.Preprocessing;
using NetGen.Randomness;

namespace NetGen.Onnx.Tests;

/// <summary>
/// Networks exported with their fitted preprocessing: ONNX Runtime on raw samples equals NetGen's own
/// preprocessing.Apply then Predict, for every kind of step (per feature, per channel, global, mean image, PCA, PCA and
/// ZCA whitening), with the reshapes between flat and [C, H, W] values; every such model passes onnx's checker.
/// </summary>
public sealed class PreprocessingExportTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("netgen-onnx-preprocessing-");

    public void Dispose() => _folder.Delete(recursive: true);

    /// <summary>Each case: the network, the raw sample shape, and the steps fitted on raw training samples.</summary>
    private static readonly IReadOnlyDictionary<string, Func<(INetwork Network, int[] RawShape, IPreprocessor[] Steps)>> Cases =
        new Dictionary<string, Func<(INetwork, int[], IPreprocessor[])>>
        {
            ["StandardizeThenPca"] = () => (LayerCases.Trained("Linear"), [10], [new Standardize(), new PrincipalComponents(6)]),
            ["PerChannelThenZca"] = () => (LayerCases.Trained("Conv"), [2, 6, 6], [new Standardize(StatisticScope.PerChannel), new Whiten(WhiteningKind.Zca, 1e-2f)]),
            ["MeanImageThenPcaWhitening"] = () => (Trained(new ChannelForms(seed: 1)), [2, 8, 8], [new SubtractMean(), new Whiten(WhiteningKind.Pca, 1e-2f)]),
            ["ChannelMeanGlobalStd"] = () => (Trained(new Catalogue(seed: 1)), [3, 2, 2], [new SubtractMean(StatisticScope.PerChannel), new Standardize(StatisticScope.Global)]),
        };

    public static TheoryData<string> Names() => [.. Cases.Keys];

    private static INetwork Trained(INetwork network)
    {
        OnnxHarness.Train(network, steps: 2);
        return network;
    }

    /// <summary>Raw samples[count, size]: feature i ~ i + (1 + i mod 3)·z, with neighbouring features correlated.</summary>
    private static float[] Raw(int count, int size, int seed)
    {
        var random = new SeededRandom(seed);
        float[] z = OnnxHarness.Inputs(random, count, size);
        var x = new float[z.Length];
        for (int n = 0; n < count; n++)
        {
            for (int i = 0; i < size; i++)
            {
                x[n * size + i] = i + (1 + i % 3) * z[n * size + i] + 0.5f * z[n * size + (i + 1) % size];
            }
        }

        return x;
    }

    private (INetwork Network, Preprocessor Preprocessing, string Path) Export(string name)
    {
        (INetwork network, int[] rawShape, IPreprocessor[] steps) = Cases[name]();
        int size = rawShape.Aggregate(1, (p, d) => p * d);
        var train = new DataSet(Raw(400, size, seed: 3), new int[400], size);
        PreprocessingPipeline preprocessing = PreprocessingPipeline.Fit(train, rawShape, steps);
        string path = Path.Combine(_folder.FullName, name + ".onnx");
        network.ExportOnnx(path, preprocessing);
        return (network, preprocessing, path);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Onnx_runtime_on_raw_inputs_equals_preprocess_then_predict(string name)
    {
        (INetwork network, Preprocessor preprocessing, string path) = Export(name);
        using var session = new InferenceSession(path);
        Assert.Equal([-1, .. preprocessing.InputShape], session.InputMetadata[OnnxExport.InputName].Dimensions);
        foreach (int samples in new[] { 5, 1 })
        {
            float[] raw = Raw(samples, preprocessing.InputSize, seed: 40 + samples);
            var inputs = new float[samples * network.InputSize];
            preprocessing.Apply(raw, inputs);
            float[] expected = OnnxHarness.Predict(network, inputs, samples);

            var tensor = new DenseTensor<float>(raw, [samples, .. preprocessing.InputShape]);
            using IDisposableReadOnlyCollection<DisposableNamedOnnxValue> results = session.Run([NamedOnnxValue.CreateFromTensor(OnnxExport.InputName, tensor)]);
            OnnxHarness.AssertClose(expected, results.Single().AsTensor<float>().ToArray(), name);
        }
    }

    [Fact]
    public void Every_model_with_preprocessing_passes_the_onnx_checker()
    {
        string[] paths = [.. Cases.Keys.Select(n => Export(n).Path)];
        (int exitCode, string errors) = CheckerTests.RunChecker(paths);
        Assert.True(exitCode != 3, $"{CheckerTests.Python} lacks the onnx module: install python3-onnx. {errors}");
        Assert.True(exitCode == 0, $"onnx.checker.check_model(full_check=True) rejected models with preprocessing (exit code {exitCode}):\n{errors}");
    }

    [Fact]
    public void Preprocessing_that_does_not_give_the_networks_input_is_refused_before_writing()
    {
        INetwork network = LayerCases.Trained("Linear");
        var train = new DataSet(Raw(50, 10, seed: 1), new int[50], 10);
        Preprocessor pca = Pca.Fit(train, 4);
        string path = Path.Combine(_folder.FullName, "never.onnx");
        ArgumentException e = Assert.Throws<ArgumentException>(() => network.ExportOnnx(path, pca));
        Assert.Contains("gives 4 values per sample", e.Message);
        Assert.False(File.Exists(path));
    }
}
