using System.Reflection;
using System.Runtime.Intrinsics;
using NetGen.Runtime;
using Xunit.Sdk;

namespace NetGen.AccelerationOff;

/// <summary>
/// The test assembly's own entry point, run by <see cref="AccelerationOffTests"/> in a child process started with
/// DOTNET_EnableHWIntrinsic=0 (or with NETGEN_SIMD=256 on an AVX-512 machine): every [Fact] and every [Theory] row of the assembly is invoked by reflection (xunit's
/// Assert works outside a runner), so each kernel-vs-reference check runs again with every IsHardwareAccelerated gate
/// closed and the scalar fallbacks in charge (or on the AVX2 path). Prints one line per failure and the number of cases
/// run; exit code 1 on any failure, 2 if the variable did not reach the runtime. A project names test classes
/// too slow to repeat without acceleration (minutes of training) in an AssemblyMetadata item "AccelerationOffSkips".
/// </summary>
public static class AccelerationOffRunner
{
    private static readonly HashSet<string> Skipped = typeof(AccelerationOffRunner).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Where(metadata => metadata.Key == "AccelerationOffSkips")
        .SelectMany(metadata => (metadata.Value ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        .ToHashSet();

    public static int Main()
    {
        string mode;
        if (Simd.Forced)
        {
            if (Simd.Width != SimdWidth.Vector256 || !Simd.IsAccelerated(SimdWidth.Vector256))
            {
                Console.WriteLine($"{Simd.WidthVariable} did not force an accelerated Vector256 (the width is {Simd.Width}).");
                return 2;
            }

            mode = $"with {Simd.WidthVariable}=256 (the AVX2 path)";
        }
        else if (Vector128.IsHardwareAccelerated || Vector256.IsHardwareAccelerated || Vector512.IsHardwareAccelerated)
        {
            Console.WriteLine("Hardware acceleration is on: DOTNET_EnableHWIntrinsic=0 did not take effect.");
            return 2;
        }
        else
        {
            mode = "with hardware acceleration off";
        }

        int cases = 0;
        var failures = new List<string>();
        foreach (Type type in typeof(AccelerationOffRunner).Assembly.GetTypes().Where(IsTestClass))
        {
            foreach (MethodInfo method in type.GetMethods().Where(m => m.GetCustomAttribute<FactAttribute>() is { Skip: null }))
            {
                foreach (object?[] arguments in CasesOf(method))
                {
                    cases++;
                    if (Run(type, method, arguments) is string failure)
                    {
                        failures.Add($"{type.Name}.{method.Name}({string.Join(", ", arguments)}): {failure}");
                    }
                }
            }
        }

        failures.ForEach(Console.WriteLine);
        string skipped = Skipped.Count == 0 ? "" : $" (not rerun: {string.Join(", ", Skipped)})";
        Console.WriteLine($"Ran {cases} cases {mode}; {failures.Count} failed{skipped}.");
        return failures.Count == 0 ? 0 : 1;
    }

    private static bool IsTestClass(Type type) =>
        type.IsPublic && !type.IsAbstract && type != typeof(AccelerationOffTests) && !Skipped.Contains(type.Name)
        && type.GetConstructor(Type.EmptyTypes) is not null;

    /// <summary>A fact's one empty argument list, or every row of a theory's data attributes.</summary>
    private static IEnumerable<object?[]> CasesOf(MethodInfo method)
    {
        DataAttribute[] data = method.GetCustomAttributes<DataAttribute>().ToArray();
        return data.Length == 0 ? [[]] : data.SelectMany(attribute => attribute.GetData(method));
    }

    /// <summary>Runs one case on a fresh instance, as xunit does; returns the failure message, or null.</summary>
    private static string? Run(Type type, MethodInfo method, object?[] arguments)
    {
        object instance = Activator.CreateInstance(type)!;
        try
        {
            if (method.Invoke(instance, arguments) is Task task)
            {
                task.GetAwaiter().GetResult();
            }

            return null;
        }
        catch (Exception e)
        {
            Exception cause = e is TargetInvocationException { InnerException: { } inner } ? inner : e;
            return $"{cause.GetType().Name}: {cause.Message}";
        }
        finally
        {
            (instance as IDisposable)?.Dispose();
        }
    }
}
