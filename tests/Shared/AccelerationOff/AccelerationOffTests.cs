using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using NetGen.Runtime;

namespace NetGen.AccelerationOff;

/// <summary>
/// Runs this test assembly again in child processes (see <see cref="AccelerationOffRunner"/>): once with
/// DOTNET_EnableHWIntrinsic=0, so the paths gated on IsHardwareAccelerated run with acceleration off, and on an AVX-512
/// machine once more with the AVX2 path forced; fails with the child's output if any case fails there.
/// </summary>
public class AccelerationOffTests
{
    [Fact]
    public Task Every_test_passes_with_hardware_intrinsics_disabled() =>
        ChildRun.Passes("DOTNET_EnableHWIntrinsic", "0");

    /// <summary>
    /// On an AVX-512 machine production runs the Vector512 kernels; this reruns the assembly with NETGEN_SIMD=256, so the
    /// AVX2 path an AVX2 machine runs is exercised end to end here too (networks, equivalence, training), not only kernel
    /// by kernel. Skipped where AVX-512 is absent: there Vector256 is the production path the main run covers.
    /// </summary>
    [OnAvx512Fact]
    public Task Every_test_passes_on_the_avx2_path_with_avx512_present() =>
        ChildRun.Passes(Simd.WidthVariable, "256");
}

/// <summary>Starts this test assembly's <see cref="AccelerationOffRunner"/> in a child process with one environment variable set.</summary>
internal static class ChildRun
{
    /// <summary>Fails with the child's output unless it exits 0 having run at least one case.</summary>
    public static async Task Passes(string variable, string value)
    {
        string assembly = typeof(AccelerationOffTests).Assembly.Location;
        var start = new ProcessStartInfo(DotnetHost(), ["exec", assembly])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment.Remove(Simd.WidthVariable); // a width forced on the whole run would fight the one this child needs
        start.Environment[variable] = value;
        using Process child = Process.Start(start)!;
        Task<string> output = child.StandardOutput.ReadToEndAsync(), errors = child.StandardError.ReadToEndAsync();
        // A guard against a hung child, not a timing check: the whole assembly runs in a few minutes.
        using var hung = new CancellationTokenSource(TimeSpan.FromMinutes(15));
        try
        {
            await child.WaitForExitAsync(hung.Token);
        }
        catch (OperationCanceledException)
        {
            child.Kill(entireProcessTree: true);
        }

        string printed = await output;
        string report = $"{variable}={value}: exit code {(child.HasExited ? child.ExitCode : -1)}\n{printed}\n{await errors}";
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

/// <summary>A fact that runs only where the processor accelerates Vector512 (AVX-512), and says so when skipped.</summary>
public sealed class OnAvx512FactAttribute : FactAttribute
{
    public OnAvx512FactAttribute()
    {
        if (!Simd.IsAccelerated(SimdWidth.Vector512))
        {
            Skip = "This processor has no AVX-512: Vector256 is already the production path the main test run covers.";
        }
    }
}
