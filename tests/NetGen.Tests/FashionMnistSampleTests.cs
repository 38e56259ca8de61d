using System.Buffers.Binary;
using System.Diagnostics;
using NetGen.Randomness;

namespace NetGen.Tests;

/// <summary>
/// The main job's checkpoint flags, run as a user runs the sample, on a small synthetic data set in Fashion-MNIST's
/// format: a run resumed from its epoch-1 checkpoint ends with the same checkpoint, byte for byte, as the
/// uninterrupted run; --load of the saved best state reports the run's final accuracy; a damaged file is one message
/// naming it and exit code 1; --ensemble reports each member and the ensemble.
/// </summary>
public class FashionMnistSampleTests
{
    private static readonly string Sample = Path.Combine(AppContext.BaseDirectory, "FashionMnist.dll");

    [Fact]
    public void A_resumed_run_ends_with_the_uninterrupted_runs_checkpoint_and_the_best_state_reloads_to_its_accuracy()
    {
        string data = SyntheticData();
        string whole = Folder(), split = Folder();
        Run(0, "--data", data, "--epochs", "2", "--artifacts", whole);
        Run(0, "--data", data, "--epochs", "1", "--artifacts", split);
        string resumed = Run(0, "--data", data, "--epochs", "2", "--artifacts", split, "--resume", Path.Combine(split, "mlp.safetensors"));

        Assert.Contains("resumed", resumed);
        Assert.Contains("(epoch 1 done;", resumed);
        Assert.Equal(File.ReadAllBytes(Path.Combine(whole, "mlp.safetensors")), File.ReadAllBytes(Path.Combine(split, "mlp.safetensors")));
        foreach (string artifact in new[] { "mlp-best.safetensors", "mlp.onnx", "mlp-curves.png", "mlp-history.csv" })
        {
            Assert.True(File.Exists(Path.Combine(whole, artifact)), artifact);
        }

        string loaded = Run(0, "--data", data, "--load", Path.Combine(whole, "mlp-best.safetensors"));
        string final = File.ReadAllLines(Path.Combine(whole, "log.txt")).Last(l => l.StartsWith("final test accuracy", StringComparison.Ordinal));
        Assert.Contains($"test accuracy {final["final test accuracy ".Length..]}", loaded);
    }

    [Fact]
    public void An_ensemble_reports_each_member_and_their_average()
    {
        string output = Run(0, "--data", SyntheticData(), "--epochs", "1", "--ensemble", "2", "--artifacts", Folder());
        Assert.Contains("member seed 0: test accuracy", output);
        Assert.Contains("member seed 1: test accuracy", output);
        Assert.Contains("ensemble of 2: test accuracy", output);
    }

    [Fact]
    public void A_damaged_checkpoint_is_one_message_naming_the_file()
    {
        string data = SyntheticData(), folder = Folder();
        string path = Path.Combine(folder, "bad.safetensors");
        File.WriteAllBytes(path, [1, 2, 3]);
        string errors = Run(1, "--data", data, "--load", path);
        Assert.Contains($"{path}: 3 bytes is too short for a safetensors file", errors);
        Assert.DoesNotContain("   at ", errors); // no stack trace
        Assert.Contains($"{path}: 3 bytes", Run(1, "--data", data, "--resume", path));
    }

    /// <summary>Runs the sample; returns stdout + stderr, and writes stdout to the artifacts folder's log.txt if given.</summary>
    private static string Run(int exitCode, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Sample);
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start)!;
        Task<string> errors = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        int artifacts = Array.IndexOf(arguments, "--artifacts");
        if (artifacts >= 0)
        {
            File.WriteAllText(Path.Combine(arguments[artifacts + 1], "log.txt"), output);
        }

        string all = output + errors.Result;
        Assert.True(process.ExitCode == exitCode, $"exit code {process.ExitCode}, expected {exitCode}:\n{all}");
        return all;
    }

    private static string Folder() => Directory.CreateTempSubdirectory("netgen-sample-").FullName;

    /// <summary>Fashion-MNIST's four files at a tenth of a batch's scale: 28 × 28 images whose class sets their mean.</summary>
    private static string SyntheticData()
    {
        string folder = Folder();
        var random = new SeededRandom(11);
        foreach ((string prefix, int count) in new[] { ("train", 600), ("t10k", 200) })
        {
            var labels = new byte[count];
            var pixels = new byte[count * 28 * 28];
            for (int i = 0; i < count; i++)
            {
                labels[i] = (byte)random.NextInt(10);
                for (int p = 0; p < 28 * 28; p++)
                {
                    pixels[i * 784 + p] = (byte)Math.Clamp(labels[i] * 20 + random.NextInt(60) + (p % 28 == labels[i] ? 60 : 0), 0, 255);
                }
            }

            File.WriteAllBytes(Path.Combine(folder, $"{prefix}-images-idx3-ubyte"), Idx(0x803, [count, 28, 28], pixels));
            File.WriteAllBytes(Path.Combine(folder, $"{prefix}-labels-idx1-ubyte"), Idx(0x801, [count], labels));
        }

        return folder;
    }

    private static byte[] Idx(int magic, int[] dimensions, byte[] data)
    {
        var bytes = new byte[4 * (1 + dimensions.Length) + data.Length];
        BinaryPrimitives.WriteInt32BigEndian(bytes, magic);
        for (int d = 0; d < dimensions.Length; d++)
        {
            BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + 4 * d), dimensions[d]);
        }

        data.CopyTo(bytes, 4 * (1 + dimensions.Length));
        return bytes;
    }
}
