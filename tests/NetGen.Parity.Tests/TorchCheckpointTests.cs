using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;
using NetGen.Graph;
using NetGen.Randomness;
using Xunit.Abstractions;

namespace NetGen.Parity.Tests;

/// <summary>
/// Trains every checkpoint network (CheckpointNetworks.cs) a few steps on both engines, saves it, and runs
/// tools/netgen_torch.py once over all of them (one Python process: importing torch costs seconds): PyTorch predicts
/// from each NetGen checkpoint (a strict load_state_dict of the model its architecture describes), trains each a few SGD
/// steps and writes the weights, and predicts from those weights too.
/// </summary>
public sealed class TorchCheckpointRun : IDisposable
{
    public const int Rows = 8;
    public const int NetGenSteps = 5;
    public const int TorchSteps = 3;
    public const int Seed = 11;

    public static readonly Type[] Networks = [typeof(CheckpointDense), typeof(CheckpointConv), typeof(CheckpointWeightNorm), typeof(CheckpointChannels), typeof(CheckpointSpatialDense), typeof(CheckpointRegularized)];
    public static readonly string[] Engines = ["generated", "interpreted"];

    private readonly Dictionary<string, INetwork> _trained = [];
    private readonly List<JsonElement> _results = [];

    public TorchCheckpointRun()
    {
        Root = Directory.CreateTempSubdirectory("netgen-torch-checkpoints-").FullName;
        var jobs = new List<Dictionary<string, object>>();
        foreach (Type type in Networks)
        {
            foreach (string engine in Engines)
            {
                string folder = Folder(type.Name, engine);
                Directory.CreateDirectory(folder);
                INetwork network = Create(type, engine, Seed);
                Train(network);
                network.Save(Path.Combine(folder, "netgen.safetensors"));
                File.WriteAllBytes(Path.Combine(folder, "inputs.f32"), MemoryMarshal.AsBytes(Inputs(network).AsSpan()).ToArray());
                _trained[Key(type.Name, engine)] = network;
                jobs.Add(new() { ["command"] = "predict", ["checkpoint"] = Path.Combine(folder, "netgen.safetensors"), ["inputs"] = Path.Combine(folder, "inputs.f32"), ["outputs"] = Path.Combine(folder, "netgen_predict.f32") });
                jobs.Add(new() { ["command"] = "train", ["checkpoint"] = Path.Combine(folder, "netgen.safetensors"), ["out"] = Path.Combine(folder, "torch.safetensors"), ["steps"] = TorchSteps, ["seed"] = Seed });
                jobs.Add(new() { ["command"] = "predict", ["checkpoint"] = Path.Combine(folder, "torch.safetensors"), ["inputs"] = Path.Combine(folder, "inputs.f32"), ["outputs"] = Path.Combine(folder, "torch_predict.f32") });
            }
        }

        string jobsPath = Path.Combine(Root, "jobs.json"), resultsPath = Path.Combine(Root, "results.json");
        File.WriteAllText(jobsPath, JsonSerializer.Serialize(jobs));
        string? failure = RunTool(jobsPath, resultsPath);
        if (File.Exists(resultsPath))
        {
            // Written once every job has run; a failed job (exit code 1) fails its own tests with its traceback.
            _results.AddRange(JsonDocument.Parse(File.ReadAllText(resultsPath)).RootElement.EnumerateArray());
        }
        else
        {
            Failure = failure ?? $"{ParityRun.Python} wrote no {resultsPath}";
        }
    }

    public string Root { get; }

    /// <summary>Why the tool could not run at all, or null when it did (a single job's failure is in its result).</summary>
    public string? Failure { get; }

    public static string Key(string network, string engine) => $"{network}-{engine}";

    public string Folder(string network, string engine) => Path.Combine(Root, Key(network, engine));

    public INetwork Trained(string network, string engine) => _trained[Key(network, engine)];

    /// <summary>The result of job 0 (predict from NetGen's file), 1 (train) or 2 (predict from PyTorch's file) of a case.</summary>
    public JsonElement Result(string network, string engine, int job)
    {
        int index = (Array.FindIndex(Networks, t => t.Name == network) * Engines.Length + Array.IndexOf(Engines, engine)) * 3 + job;
        Assert.True(index < _results.Count, $"the tool wrote {_results.Count} results; {Failure}");
        JsonElement result = _results[index];
        Assert.True(result.GetProperty("ok").GetBoolean(), $"{Key(network, engine)} job {job}: {(result.TryGetProperty("error", out JsonElement e) ? e.GetString() : "")}");
        return result;
    }

    public static INetwork Create(Type type, string engine, int seed) => engine == "generated"
        ? (INetwork)Activator.CreateInstance(type, seed)!
        : GraphNetwork.Create(GraphAttributes.Read(type), seed);

    /// <summary>The rows every case predicts: Rows samples of N(0, 1), the same for every engine.</summary>
    public static float[] Inputs(INetwork network)
    {
        var random = new SeededRandom(Seed + 1);
        return Enumerable.Range(0, Rows * network.InputSize).Select(_ => (float)random.NextNormal()).ToArray();
    }

    public static float[] ReadFloats(string path) => MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(path)).ToArray();

    public void Dispose() => Directory.Delete(Root, recursive: true);

    /// <summary>A few steps on random data, so weights, optimizer state and BatchNorm running statistics move.</summary>
    private static void Train(INetwork network)
    {
        var random = new SeededRandom(Seed + 2);
        bool regression = network.Architecture.Output == PredictOutput.Identity;
        int batch = network.BatchSize;
        for (int step = 0; step < NetGenSteps; step++)
        {
            float[] inputs = Enumerable.Range(0, batch * network.InputSize).Select(_ => (float)random.NextNormal()).ToArray();
            if (regression)
            {
                network.TrainStep(inputs, Enumerable.Range(0, batch * network.OutputSize).Select(_ => random.NextUniform(-1f, 1f)).ToArray());
            }
            else
            {
                int classes = network.OutputSize == 1 ? 2 : network.OutputSize;
                network.TrainStep(inputs, Enumerable.Range(0, batch).Select(_ => random.NextInt(classes)).ToArray());
            }
        }
    }

    private static string? RunTool(string jobs, string results)
    {
        string script = Path.Combine(AppContext.BaseDirectory, "netgen_torch.py");
        var start = new ProcessStartInfo(ParityRun.Python) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string argument in new[] { script, "batch", jobs, results })
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using Process process = Process.Start(start)!;
            Task<string> output = process.StandardOutput.ReadToEndAsync();
            string errors = process.StandardError.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0 ? null : $"{ParityRun.Python} {script} batch exited with {process.ExitCode}:\n{errors}\n{output.Result}";
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return $"cannot start {ParityRun.Python} ({e.Message}); install Debian's python3-torch and libopenblas0-pthread (apt-get install -y python3-torch libopenblas0-pthread)";
        }
    }
}

/// <summary>
/// NetGen ⇄ PyTorch through checkpoints, on the generated and the interpreted engine: PyTorch's model of a NetGen
/// checkpoint predicts what NetGen predicts, and weights trained in PyTorch load into NetGen and predict what PyTorch
/// predicts, within 1e-5. A Python or torch that cannot start fails these tests: they never skip.
/// </summary>
public sealed class TorchCheckpointTests(TorchCheckpointRun run, ITestOutputHelper output) : IClassFixture<TorchCheckpointRun>
{
    private const double Tolerance = 1e-5;

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (Type type in TorchCheckpointRun.Networks)
        {
            foreach (string engine in TorchCheckpointRun.Engines)
            {
                data.Add(type.Name, engine);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void PyTorch_predicts_from_a_NetGen_checkpoint_as_NetGen_does(string network, string engine)
    {
        Assert.True(run.Failure is null, run.Failure);
        run.Result(network, engine, 0);
        INetwork trained = run.Trained(network, engine);
        Assert.Equal(TorchCheckpointRun.NetGenSteps, trained.Step);
        float[] ours = Predict(trained);
        float[] torch = TorchCheckpointRun.ReadFloats(Path.Combine(run.Folder(network, engine), "netgen_predict.f32"));
        Compare($"{network} ({engine}) → PyTorch", ours, torch);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void PyTorch_trained_weights_load_into_NetGen_and_predict_as_PyTorch_does(string network, string engine)
    {
        Assert.True(run.Failure is null, run.Failure);
        run.Result(network, engine, 2);
        JsonElement moved = run.Result(network, engine, 1).GetProperty("moved");
        double largest = moved.EnumerateObject().Where(p => !p.Name.EndsWith("num_batches_tracked", StringComparison.Ordinal)).Max(p => p.Value.GetDouble());
        Assert.True(largest > 1e-4, $"PyTorch's training moved no tensor by more than {largest}");
        foreach (JsonProperty statistic in moved.EnumerateObject().Where(p => p.Name.EndsWith(".running_mean", StringComparison.Ordinal)))
        {
            Assert.True(statistic.Value.GetDouble() > 0, $"{statistic.Name} did not move in PyTorch's training");
        }

        string weights = Path.Combine(run.Folder(network, engine), "torch.safetensors");
        Type type = TorchCheckpointRun.Networks.Single(t => t.Name == network);
        INetwork fresh = TorchCheckpointRun.Create(type, engine, TorchCheckpointRun.Seed + 1);
        Assert.Throws<CheckpointException>(() => fresh.Load(weights)); // weights only: no training state to resume
        fresh.LoadWeights(weights);
        float[] ours = Predict(fresh);
        float[] torch = TorchCheckpointRun.ReadFloats(Path.Combine(run.Folder(network, engine), "torch_predict.f32"));
        Compare($"PyTorch → {network} ({engine})", ours, torch);
        float[] before = Predict(run.Trained(network, engine));
        Assert.True(before.Zip(ours).Any(p => Math.Abs(p.First - p.Second) > 1e-6), "PyTorch's training did not change what the network predicts");
    }

    private static float[] Predict(INetwork network)
    {
        float[] outputs = new float[TorchCheckpointRun.Rows * network.OutputSize];
        network.Predict(TorchCheckpointRun.Inputs(network), outputs);
        return outputs;
    }

    private void Compare(string label, float[] ours, float[] torch)
    {
        Assert.Equal(ours.Length, torch.Length);
        double worst = 0;
        int at = -1;
        for (int i = 0; i < ours.Length; i++)
        {
            double difference = Math.Abs(ours[i] - torch[i]);
            if (difference > worst || at < 0)
            {
                (worst, at) = (difference, i);
            }
        }

        output.WriteLine($"{label}: max |NetGen − PyTorch| = {worst:E2} over {ours.Length} outputs");
        Assert.True(worst <= Tolerance, $"{label}: output {at} is {ours[at]} in NetGen and {torch[at]} in PyTorch ({worst:E2} apart)");
    }
}
