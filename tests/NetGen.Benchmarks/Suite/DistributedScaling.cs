using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace NetGen.Benchmarks;

/// <summary>
/// Data parallelism over processes (docs/distributed.md): the distributed tests' worker times the main job's MLP step
/// (784-256-128-10, global batch 128) with --measure in one process (every core, then one thread) and as a 2-rank
/// Open MPI job on localhost (one compute thread per rank), in alternating rounds; the report keeps each
/// configuration's median round: samples/s, the 1 → 2 rank scaling and the all-reduce's share of the step. Without
/// mpirun on PATH it says so instead.
/// </summary>
internal static class DistributedScaling
{
    private const int Rounds = 3, Steps = 1000;

    private static string Worker => Path.Combine(AppContext.BaseDirectory, "NetGen.Distributed.Worker.dll");

    /// <summary>The report's section (markdown).</summary>
    public static string Measure()
    {
        string? mpirun = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, "mpirun")).FirstOrDefault(File.Exists);
        if (mpirun is null)
        {
            return "Data parallelism over processes: not measured, mpirun is not on PATH (apt-get install -y openmpi-bin libopenmpi-dev).\n";
        }

        Console.WriteLine("// Data parallelism over processes (the distributed worker's --measure, alternating rounds)");
        var rows = new Dictionary<string, List<string>> { ["1 process, all cores"] = [], ["1 process, 1 thread"] = [], ["2 ranks × 1 thread"] = [] };
        for (int round = 0; round < Rounds; round++)
        {
            rows["1 process, all cores"].Add(Run("dotnet", [Worker, "--measure", $"{Steps}"], threads: null));
            rows["1 process, 1 thread"].Add(Run("dotnet", [Worker, "--measure", $"{Steps}"], threads: "1"));
            rows["2 ranks × 1 thread"].Add(Run(mpirun, ["-np", "2", "--allow-run-as-root", "--oversubscribe", "-x", "NETGEN_THREADS=1", "dotnet", Worker, "--measure", $"{Steps}"], threads: null));
        }

        var s = new StringBuilder();
        s.AppendLine(CultureInfo.InvariantCulture, $"Data parallelism over processes, MLP 784-256-128-10 at a global batch of 128 (median of {Rounds} alternating rounds of {Steps} steps; 2 ranks on localhost with --oversubscribe):");
        s.AppendLine();
        s.AppendLine("| configuration | samples/s | worker's line |");
        s.AppendLine("|---|---:|---|");
        var medians = new Dictionary<string, double>();
        foreach ((string name, List<string> lines) in rows)
        {
            string median = lines.OrderBy(SamplesPerSecond).ElementAt(lines.Count / 2);
            medians[name] = SamplesPerSecond(median);
            s.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {medians[name]:N0} | {median.Trim()} |");
        }

        s.AppendLine();
        s.AppendLine(CultureInfo.InvariantCulture, $"1 → 2 ranks: {medians["2 ranks × 1 thread"] / medians["1 process, all cores"]:F2}× of one process on all cores, {medians["2 ranks × 1 thread"] / medians["1 process, 1 thread"]:F2}× of one single-threaded process.");
        return s.ToString();
    }

    /// <summary>The worker's one line ("ranks R  threads T  N samples/s  step ..."), or the failure's output as an exception.</summary>
    private static string Run(string program, string[] arguments, string? threads)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        if (threads is not null)
        {
            start.Environment["NETGEN_THREADS"] = threads;
        }

        start.Environment["OMPI_ALLOW_RUN_AS_ROOT"] = "1";
        start.Environment["OMPI_ALLOW_RUN_AS_ROOT_CONFIRM"] = "1";
        using Process process = Process.Start(start)!;
        process.StandardInput.Close();
        Task<string> errors = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        string line = output.Split('\n').FirstOrDefault(l => l.Contains("samples/s", StringComparison.Ordinal)) ?? "";
        if (process.ExitCode != 0 || line.Length == 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited with {process.ExitCode}:\n{output}{errors.Result}");
        }

        Console.WriteLine(line.Trim());
        return line[line.IndexOf("ranks", StringComparison.Ordinal)..];
    }

    private static double SamplesPerSecond(string line)
    {
        string[] words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return double.Parse(words[Array.IndexOf(words, "samples/s") - 1], NumberStyles.Number, CultureInfo.InvariantCulture);
    }
}
