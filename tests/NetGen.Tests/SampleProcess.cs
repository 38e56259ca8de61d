using System.Buffers.Binary;
using System.Diagnostics;
using NetGen.Randomness;

namespace NetGen.Tests;

/// <summary>Runs a sample as a process, as a user runs it, on small synthetic data in Fashion-MNIST's IDX format.</summary>
internal static class SampleProcess
{
    /// <summary>Runs the sample; returns stdout + stderr, and writes stdout to the artifacts folder's log.txt if given.</summary>
    public static string Run(string sample, int exitCode, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(sample);
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

    public static string Folder() => Directory.CreateTempSubdirectory("netgen-sample-").FullName;

    /// <summary>Fashion-MNIST's four files at a tenth of a batch's scale: 28 × 28 images whose class sets their mean.</summary>
    public static string SyntheticData()
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
