using NetGen.Runtime;

namespace NetGen.Benchmarks;

/// <summary>
/// Which kernel paths this run measured, and a warning for each path the machine could not run: a report read later,
/// beside one from another CPU, must say whether its numbers are the AVX-512 kernels, the AVX2 ones or scalar loops.
/// The benchmarks run in BenchmarkDotNet's child processes, which inherit this process's CPU and environment
/// (<see cref="Simd.WidthVariable"/> included), so what this process reports is what they ran.
/// </summary>
internal static class SuitePaths
{
    /// <summary>One line naming the width and the kernel each family ran.</summary>
    public static string Describe() => $"Kernel paths: {KernelPaths.Describe()}.";

    /// <summary>Every path the suite could not measure on this machine, as one sentence each.</summary>
    public static IReadOnlyList<string> Warnings()
    {
        var warnings = new List<string>();
        if (Simd.Forced)
        {
            warnings.Add($"{Simd.WidthVariable} forces {Simd.Width}; this processor's widest is {Simd.Best}.");
        }

        if (!Simd.IsAccelerated(SimdWidth.Vector512))
        {
            warnings.Add("This CPU has no AVX-512: the Vector512 kernels did not run here (their tests run them emulated); the numbers are the AVX2 path's.");
        }

        if (!Simd.IsAccelerated(SimdWidth.Vector256))
        {
            warnings.Add("This CPU accelerates neither Vector256 nor Vector512: every kernel ran its scalar loops.");
        }
        else if (!Simd.IsAccelerated(Simd.Width))
        {
            warnings.Add($"{Simd.Width} is emulated on this CPU: its numbers measure .NET's software fallback, not the kernels.");
        }

        if (Environment.ProcessorCount < 2)
        {
            warnings.Add("One core: the two-thread GEMM rows ran on one thread and the split targets cannot be met.");
        }

        return warnings;
    }
}
