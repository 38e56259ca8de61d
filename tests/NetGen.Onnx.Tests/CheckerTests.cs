using System.Diagnostics;

namespace NetGen.Onnx.Tests;

/// <summary>
/// Every exported model passes onnx's own checker with full_check (shape inference included), run by Debian's
/// python3-onnx as /usr/bin/python3. Without it the test fails (CI installs it), it never skips.
/// </summary>
public sealed class CheckerTests : IDisposable
{
    public const string Python = "/usr/bin/python3";

    private const string Check = """
        import sys
        try:
            import onnx
        except ImportError as e:
            print(f"python3-onnx is missing ({e}): install it (apt-get install python3-onnx)", file=sys.stderr)
            sys.exit(3)
        failed = 0
        for path in sys.argv[1:]:
            try:
                onnx.checker.check_model(onnx.load(path), full_check=True)
            except Exception as e:
                failed += 1
                print(f"{path}: {e}", file=sys.stderr)
        sys.exit(1 if failed else 0)
        """;

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("netgen-onnx-check-");

    public void Dispose() => _folder.Delete(recursive: true);

    [Fact]
    public void Every_exported_model_passes_the_onnx_checker()
    {
        var paths = new List<string>();
        foreach (string name in LayerCases.All.Keys)
        {
            string path = Path.Combine(_folder.FullName, name + ".onnx");
            LayerCases.Trained(name).ExportOnnx(path);
            paths.Add(path);
            string opset13 = Path.Combine(_folder.FullName, name + ".opset13.onnx");
            LayerCases.Trained(name).ExportOnnx(opset13, new OnnxExportOptions { Opset = 13, OutputActivation = false });
            paths.Add(opset13);
        }

        foreach (string name in GeneratedNetworkTests.Networks.Keys)
        {
            string path = Path.Combine(_folder.FullName, name + ".onnx");
            GeneratedNetworkTests.Networks[name]().ExportOnnx(path);
            paths.Add(path);
        }

        (int exitCode, string errors) = RunChecker(paths);
        Assert.True(exitCode != 3, $"{Python} lacks the onnx module: install python3-onnx (apt-get install python3-onnx). {errors}");
        Assert.True(exitCode == 0, $"onnx.checker.check_model(full_check=True) rejected exported models (exit code {exitCode}):\n{errors}");
    }

    internal static (int ExitCode, string Errors) RunChecker(IEnumerable<string> paths)
    {
        Assert.True(File.Exists(Python), $"{Python} is missing: the checker test needs Debian's python3 with python3-onnx (apt-get install python3-onnx).");
        var start = new ProcessStartInfo(Python) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(Check);
        foreach (string path in paths)
        {
            start.ArgumentList.Add(path);
        }

        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        string errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        _ = output.Result;
        return (process.ExitCode, errors);
    }
}
