using Xunit.Abstractions;
using System.Diagnostics;
using System.Runtime.InteropServices;
using NetGen.Data.Preprocessing;

namespace NetGen.Tests;

/// <summary>
/// PCA against PyTorch: the same float samples, their covariance in float64 and torch.linalg.eigh, sorted descending,
/// run by Debian's python3-torch as /usr/bin/python3 (as the parity tests run it). Without torch the test fails, it
/// never skips.
/// </summary>
public sealed class PcaTorchTests(ITestOutputHelper output) : IDisposable
{
    private const string Python = "/usr/bin/python3";
    private const int Size = 20, Count = 2000;

    private const string Script = """
        import sys
        try:
            import numpy as np, torch
        except ImportError as e:
            print(f"torch and numpy are missing ({e}): install python3-torch", file=sys.stderr)
            sys.exit(3)
        folder, size = sys.argv[1], int(sys.argv[2])
        x = torch.from_numpy(np.fromfile(f"{folder}/samples.f32", dtype="<f4").reshape(-1, size)).double()
        xc = x - x.mean(dim=0)
        values, vectors = torch.linalg.eigh(xc.T @ xc / x.shape[0])
        order = torch.argsort(values, descending=True)
        values.numpy()[order.numpy()].astype("<f8").tofile(f"{folder}/eigenvalues.f64")
        vectors.T.numpy()[order.numpy()].astype("<f8").tofile(f"{folder}/components.f64")   # row j = eigenvector j
        """;

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("netgen-pca-torch-");

    public void Dispose() => _folder.Delete(recursive: true);

    [Fact]
    public void Pca_agrees_with_torch_linalg_eigh_up_to_sign()
    {
        float[] samples = PreprocessingData.Correlated(Count, Size, seed: 17);
        File.WriteAllBytes(Path.Combine(_folder.FullName, "samples.f32"), MemoryMarshal.AsBytes(samples.AsSpan()).ToArray());
        RunTorch();
        double[] eigenvalues = Read("eigenvalues.f64");
        double[] components = Read("components.f64");

        var pca = (Pca)new PrincipalComponents(Size).Fit(samples, [Size]);
        double valueError = 0, vectorError = 0;
        for (int j = 0; j < Size; j++)
        {
            valueError = Math.Max(valueError, Math.Abs(pca.ExplainedVariance[j] - eigenvalues[j]) / eigenvalues[0]);
            ReadOnlySpan<float> ours = pca.Components.Slice(j * Size, Size);
            double dot = 0;
            for (int i = 0; i < Size; i++)
            {
                dot += ours[i] * components[j * Size + i];
            }

            double sign = Math.Sign(dot);
            for (int i = 0; i < Size; i++)
            {
                vectorError = Math.Max(vectorError, Math.Abs(ours[i] - sign * components[j * Size + i]));
            }
        }

        output.WriteLine($"PCA vs torch.linalg.eigh: eigenvalues {valueError:G3} (relative to λ₁), components {vectorError:G3} (up to sign)");
        Assert.True(valueError < 1e-5, $"eigenvalues differ from torch by up to {valueError} (relative to λ₁)");
        Assert.True(vectorError < 1e-3, $"components differ from torch (up to sign) by up to {vectorError}");
    }

    private void RunTorch()
    {
        Assert.True(File.Exists(Python), $"{Python} is missing: this test needs Debian's python3 with python3-torch.");
        var start = new ProcessStartInfo(Python) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(Script);
        start.ArgumentList.Add(_folder.FullName);
        start.ArgumentList.Add(Size.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        string errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        _ = output.Result;
        Assert.True(process.ExitCode != 3, $"{Python} lacks torch: install python3-torch. {errors}");
        Assert.True(process.ExitCode == 0, $"the PyTorch side failed (exit code {process.ExitCode}):\n{errors}");
    }

    private double[] Read(string name) => MemoryMarshal.Cast<byte, double>(File.ReadAllBytes(Path.Combine(_folder.FullName, name))).ToArray();
}
