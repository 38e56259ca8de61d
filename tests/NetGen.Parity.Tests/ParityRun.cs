using System.Diagnostics;
using System.Text.Json;
using NetGen.Randomness;

namespace NetGen.Parity.Tests;

/// <summary>
/// Runs the PyTorch side once for every case (one Python process: importing torch costs seconds), after exporting each
/// case's initial parameters, batches and configuration. Tests then train the NetGen side and compare.
/// </summary>
public sealed class ParityRun : IDisposable
{
    public const int Steps = 20;
    public const int DefaultBatch = 8;
    public const int Seed = 7;
    public const string Python = "/usr/bin/python3";

    public ParityRun()
    {
        Root = Directory.CreateTempSubdirectory("netgen-parity-").FullName;
        foreach (ParityCase c in ParityCases.All)
        {
            Export(c, Path.Combine(Root, c.Name));
        }

        Failure = RunTorch();
    }

    /// <summary>The folder holding one subfolder per case.</summary>
    public string Root { get; }

    /// <summary>Why the PyTorch side could not run, or null when it did.</summary>
    public string? Failure { get; }

    public void Dispose() => Directory.Delete(Root, recursive: true);

    /// <summary>The case's batches: inputs[Steps·Batch, InputSize], labels[Steps·Batch] and targets[Steps·Batch, OutputSize].</summary>
    public static (float[] Inputs, int[] Labels, float[] Targets) Batches(ParityCase c, INetwork network)
    {
        var random = new SeededRandom(Seed + c.Name.Length * 7919);
        var inputs = new float[Steps * c.Batch * network.InputSize];
        var labels = new int[Steps * c.Batch];
        var targets = new float[Steps * c.Batch * network.OutputSize];
        for (int i = 0; i < inputs.Length; i++)
        {
            inputs[i] = (float)random.NextNormal();
        }

        for (int i = 0; i < labels.Length; i++)
        {
            labels[i] = random.NextInt(network.OutputSize);
        }

        for (int i = 0; i < targets.Length; i++)
        {
            targets[i] = random.NextUniform(-1f, 1f);
        }

        return (inputs, labels, targets);
    }

    /// <summary>What PyTorch wrote: parameters[Steps + 1][P] and the data loss of each step.</summary>
    public (float[][] Parameters, float[] Losses) TorchResults(ParityCase c, int parameterCount)
    {
        string folder = Path.Combine(Root, c.Name);
        float[] flat = ReadFloats(Path.Combine(folder, "torch_params.f32"));
        Assert.Equal((Steps + 1) * parameterCount, flat.Length);
        float[][] rows = Enumerable.Range(0, Steps + 1).Select(s => flat.AsSpan(s * parameterCount, parameterCount).ToArray()).ToArray();
        return (rows, ReadFloats(Path.Combine(folder, "torch_losses.f32")));
    }

    private static void Export(ParityCase c, string folder)
    {
        Directory.CreateDirectory(folder);
        INetwork network = c.Create(Seed);
        (float[] inputs, int[] labels, float[] targets) = Batches(c, network);
        WriteFloats(Path.Combine(folder, "params.f32"), network.Parameters);
        WriteFloats(Path.Combine(folder, "inputs.f32"), inputs);
        WriteFloats(Path.Combine(folder, "targets.f32"), targets);
        File.WriteAllBytes(Path.Combine(folder, "labels.i32"), System.Runtime.InteropServices.MemoryMarshal.AsBytes(labels.AsSpan()).ToArray());
        var config = new Dictionary<string, object?>
        {
            ["layers"] = network.Layers.Select((l, i) => new Dictionary<string, object> { ["in"] = l.InputSize, ["out"] = l.WeightShape.Count > 0 ? l.WeightShape[0] : 0, ["units"] = l.OutputSize, ["bias"] = l.BiasLength > 0, ["activation"] = c.Activations[i], ["norm"] = c.Norms?[i] ?? "none", ["op"] = c.Ops?[i] ?? "dense", ["regularizers"] = c.Regularizers?[i] ?? "none" }).ToArray(),
            ["input_shape"] = c.InputShape ?? [network.InputSize],
            ["loss"] = c.Loss,
            ["optimizer_name"] = c.OptimizerName,
            ["optimizer"] = c.Optimizer,
            ["decay_weights_only"] = c.DecayWeightsOnly,
            ["l1"] = c.L1,
            ["clip_norm"] = c.ClipNorm,
            ["clip_value"] = c.ClipValue,
            ["schedule"] = c.TorchSchedule,
            ["steps"] = Steps,
            ["batch"] = c.Batch,
        };
        File.WriteAllText(Path.Combine(folder, "config.json"), JsonSerializer.Serialize(config));
        WriteFloats(Path.Combine(folder, "noise.f32"), Noise(c, network));
    }

    /// <summary>
    /// The ε every GaussianNoise layer adds, replayed from the network's seeded stream (SeededRandom.ForDropout of the
    /// seed; the cases draw nothing else from it): per step, per noise layer in forward order, ε[Batch, units].
    /// </summary>
    private static float[] Noise(ParityCase c, INetwork network)
    {
        int[] units = network.Layers.Where((_, i) => c.Regularizers?[i].Contains("noise:", StringComparison.Ordinal) == true).Select(l => l.OutputSize).ToArray();
        var stream = SeededRandom.ForDropout(Seed);
        var noise = new float[Steps * c.Batch * units.Sum()];
        for (int i = 0; i < noise.Length; i++)
        {
            noise[i] = (float)stream.NextNormal();
        }

        return noise;
    }

    private string? RunTorch()
    {
        string script = Path.Combine(AppContext.BaseDirectory, "torch_reference.py");
        var start = new ProcessStartInfo(Python) { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(Root);
        try
        {
            using Process process = Process.Start(start)!;
            string output = process.StandardOutput.ReadToEnd();
            string errors = process.StandardError.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0 ? null : $"{Python} {script} exited with {process.ExitCode}:\n{errors}\n{output}";
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return $"cannot start {Python} ({e.Message}); install Debian's python3-torch and libopenblas0-pthread (apt-get install -y python3-torch libopenblas0-pthread)";
        }
    }

    private static void WriteFloats(string path, ReadOnlySpan<float> values) =>
        File.WriteAllBytes(path, System.Runtime.InteropServices.MemoryMarshal.AsBytes(values).ToArray());

    private static float[] ReadFloats(string path) =>
        System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(path)).ToArray();
}
