using System.Diagnostics;

namespace NetGen.Distributed.Tests;

/// <summary>Runs the worker (tests/NetGen.Distributed.Worker) as a 2-rank job on localhost, or as one plain process.</summary>
internal static class MpiJob
{
    public static readonly bool InCi = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>mpirun's path on PATH, or null.</summary>
    public static readonly string? Mpirun = (Environment.GetEnvironmentVariable("PATH") ?? "")
        .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
        .Select(folder => Path.Combine(folder, "mpirun"))
        .FirstOrDefault(File.Exists);

    private static string Worker => Path.Combine(AppContext.BaseDirectory, "NetGen.Distributed.Worker.dll");

    /// <summary>mpirun -np <paramref name="ranks"/> dotnet worker arguments; returns the exit code and stdout + stderr.</summary>
    public static (int ExitCode, string Output) Run(int ranks, params string[] arguments)
    {
        string mpirun = Mpirun ?? throw new InvalidOperationException("mpirun is not on PATH: install Open MPI (apt-get install -y openmpi-bin libopenmpi-dev).");
        var start = new ProcessStartInfo(mpirun);
        foreach (string argument in (string[])["-np", ranks.ToString(), "--allow-run-as-root", "--oversubscribe", "dotnet", Worker, .. arguments])
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["OMPI_ALLOW_RUN_AS_ROOT"] = "1";
        start.Environment["OMPI_ALLOW_RUN_AS_ROOT_CONFIRM"] = "1";
        return Execute(start);
    }

    /// <summary>The worker as one plain process (no mpirun: the single-process communicator).</summary>
    public static (int ExitCode, string Output) RunAlone(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet");
        foreach (string argument in (string[])[Worker, .. arguments])
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Remove(Communicator.WorldSizeVariable);
        return Execute(start);
    }

    /// <summary>The "rank R of N hash H" lines: each rank's hash, by rank.</summary>
    public static string[] Hashes(string output, int ranks)
    {
        var hashes = new string[ranks];
        foreach (string line in output.Split('\n'))
        {
            int at = line.IndexOf("rank ", StringComparison.Ordinal);
            string[] words = at < 0 ? [] : line[at..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words.Length >= 6 && words[2] == "of" && words[4] == "hash" && int.TryParse(words[1], out int rank) && rank < ranks)
            {
                hashes[rank] = words[5];
            }
        }

        Assert.All(hashes, hash => Assert.False(hash is null, $"a rank printed no hash:\n{output}"));
        return hashes;
    }

    public static string Folder() => Directory.CreateTempSubdirectory("netgen-mpi-").FullName;

    public static float[] ReadFloats(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        var values = new float[bytes.Length / sizeof(float)];
        Buffer.BlockCopy(bytes, 0, values, 0, values.Length * sizeof(float));
        return values;
    }

    private static (int, string) Execute(ProcessStartInfo start)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.RedirectStandardInput = true; // mpirun forwards standard input to rank 0; give it an empty one
        using Process process = Process.Start(start)!;
        process.StandardInput.Close();
        Task<string> errors = process.StandardError.ReadToEndAsync();
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(120)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"the job did not end within 120 s:\n{output.Result}{errors.Result}");
        }

        return (process.ExitCode, output.Result + errors.Result);
    }
}
