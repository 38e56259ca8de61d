using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace NetGen.AccelerationOff;

/// <summary>
/// Runs this test assembly again in a child process with DOTNET_EnableHWIntrinsic=0 (see
/// <see cref="AccelerationOffRunner"/>), so the paths gated on IsHardwareAccelerated run with acceleration off, and
/// fails with the child's output if any case fails there.
/// </summary>
public class AccelerationOffTests
{
    [Fact]
    public async Task Every_test_passes_with_hardware_intrinsics_disabled()
    {
        string assembly = typeof(AccelerationOffTests).Assembly.Location;
        var start = new ProcessStartInfo(DotnetHost(), ["exec", assembly])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["DOTNET_EnableHWIntrinsic"] = "0";
        using Process child = Process.Start(start)!;
        Task<string> output = child.StandardOutput.ReadToEndAsync(), errors = child.StandardError.ReadToEndAsync();
        // A guard against a hung child, not a timing check: the whole assembly runs in well under a minute.
        using var hung = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        try
        {
            await child.WaitForExitAsync(hung.Token);
        }
        catch (OperationCanceledException)
        {
            child.Kill(entireProcessTree: true);
        }

        string printed = await output;
        string report = $"exit code {(child.HasExited ? child.ExitCode : -1)}\n{printed}\n{await errors}";
        Assert.True(child.HasExited && child.ExitCode == 0, report);
        Match ran = Regex.Match(printed, @"Ran (\d+) cases");
        Assert.True(ran.Success && int.Parse(ran.Groups[1].Value) > 0, report);
    }

    /// <summary>The dotnet host running this process (testhost may run as its own apphost), found beside the shared runtime.</summary>
    private static string DotnetHost()
    {
        string name = OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet";
        if (Path.GetFileName(Environment.ProcessPath) == name)
        {
            return Environment.ProcessPath!;
        }

        // The runtime lives in <root>/shared/Microsoft.NETCore.App/<version>/, the host in <root>.
        string root = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        return Path.Combine(root, name);
    }
}
