using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;
using NetGen.Data;
using NetGen.Data.Preprocessing;
using NetGen.Randomness;
using Xunit.Abstractions;

namespace NetGen.Parity.Tests;

/// <summary>
/// Checkpoints saved with fitted preprocessing, read by tools/netgen_torch.py: its predict command takes raw samples,
/// applies the file's preprocessing and the model, and gives NetGen's preprocessing.Apply then Predict within 1e-5;
/// inspect lists every step. One Python process for all cases; a missing torch fails the test, never skips it.
/// </summary>
public sealed class TorchPreprocessingTests(ITestOutputHelper output) : IDisposable
{
    private const int Rows = 8;
    private const double Tolerance = 1e-5;
    private readonly string _root = Directory.CreateTempSubdirectory("netgen-torch-preprocessing-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static (INetwork Network, int[] RawShape, IPreprocessor[] Steps)[] Cases() =>
    [
        (new CheckpointDense(1), [10], [new Standardize(), new PrincipalComponents(6)]),
        (new CheckpointDense(2), [2, 3, 1], [new SubtractMean(StatisticScope.PerChannel), new Whiten(WhiteningKind.Pca, 1e-3f)]),
        (new CheckpointConv(1), [2, 8, 8], [new Standardize(StatisticScope.PerChannel), new Whiten(WhiteningKind.Zca, 1e-2f)]),
        (new CheckpointConv(2), [2, 8, 8], [new SubtractMean(), new Standardize(StatisticScope.Global)]),
    ];

    private static float[] Raw(int count, int size, int seed)
    {
        var random = new SeededRandom(seed);
        var x = new float[count * size];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = (float)(i % size + (1 + i % 3) * random.NextNormal());
        }

        return x;
    }

    [Fact]
    public void The_tool_applies_the_saved_preprocessing_before_the_model()
    {
        var jobs = new List<Dictionary<string, object>>();
        var expected = new List<float[]>();
        (INetwork Network, int[] RawShape, IPreprocessor[] Steps)[] cases = Cases();
        for (int c = 0; c < cases.Length; c++)
        {
            (INetwork network, int[] rawShape, IPreprocessor[] steps) = cases[c];
            int size = rawShape.Aggregate(1, (p, d) => p * d);
            PreprocessingPipeline preprocessing = PreprocessingPipeline.Fit(new DataSet(Raw(300, size, seed: c), new int[300], size), rawShape, steps);
            string checkpoint = Path.Combine(_root, $"case{c}.safetensors");
            network.Save(checkpoint, preprocessing);
            float[] raw = Raw(Rows, size, seed: 50 + c);
            File.WriteAllBytes(Path.Combine(_root, $"case{c}.f32"), MemoryMarshal.AsBytes(raw.AsSpan()).ToArray());
            var inputs = new float[Rows * network.InputSize];
            preprocessing.Apply(raw, inputs);
            var outputs = new float[Rows * network.OutputSize];
            network.Predict(inputs, outputs);
            expected.Add(outputs);
            jobs.Add(new() { ["command"] = "predict", ["checkpoint"] = checkpoint, ["inputs"] = Path.Combine(_root, $"case{c}.f32"), ["outputs"] = Path.Combine(_root, $"case{c}.out.f32") });
        }

        string jobsPath = Path.Combine(_root, "jobs.json"), resultsPath = Path.Combine(_root, "results.json");
        File.WriteAllText(jobsPath, JsonSerializer.Serialize(jobs));
        (int exitCode, string text) = Tool("batch", jobsPath, resultsPath);
        Assert.True(exitCode == 0, $"netgen_torch.py batch failed (exit code {exitCode}):\n{text}\n{(File.Exists(resultsPath) ? File.ReadAllText(resultsPath) : "")}");
        for (int c = 0; c < cases.Length; c++)
        {
            float[] torch = MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(Path.Combine(_root, $"case{c}.out.f32"))).ToArray();
            Assert.Equal(expected[c].Length, torch.Length);
            double worst = expected[c].Zip(torch).Max(p => Math.Abs(p.First - p.Second) / Math.Max(1, Math.Abs(p.First)));
            output.WriteLine($"case {c}: largest difference from NetGen {worst:G3}");
            Assert.True(worst <= Tolerance, $"case {c}: PyTorch with the saved preprocessing differs from NetGen by {worst}");
        }

        (int inspectCode, string listing) = Tool("inspect", Path.Combine(_root, "case2.safetensors"));
        Assert.True(inspectCode == 0, listing);
        Assert.Contains("preprocessing step 0: standardization of [2, 8, 8] (scope per_channel): mean [2], std [2]", listing);
        Assert.Contains("preprocessing step 1: zca_whitening of [2, 8, 8] (epsilon 0.01): mean [128], components [128, 128], eigenvalues [128]", listing);
    }

    private static (int ExitCode, string Output) Tool(params string[] arguments)
    {
        string script = Path.Combine(AppContext.BaseDirectory, "netgen_torch.py");
        Assert.True(File.Exists(ParityRun.Python), $"{ParityRun.Python} is missing: install Debian's python3-torch.");
        var start = new ProcessStartInfo(ParityRun.Python) { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add(script);
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start)!;
        Task<string> errors = process.StandardError.ReadToEndAsync();
        string text = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, text + errors.Result);
    }
}
