using System.Diagnostics;
using System.Text.Json;

namespace NetGen.Benchmarks;

/// <summary>
/// The PyTorch side of the suite: torch_peer.py run under Debian's Python, once over every network for the report's
/// table, and in rounds that alternate with the generated step for the targets that compare the two. PyTorch's step on
/// this kind of shared machine moved by up to 1.7× between two suite runs (MLP 784-256-128-10: 45,676 and 76,048
/// samples/s), and ours is measured by BenchmarkDotNet minutes away from it, so a ratio of the two medians says more
/// about the minute than about the code. A round runs both sides within seconds of each other, and the ratio reported
/// is the median over the rounds.
/// </summary>
internal static class TorchPeer
{
    private const string Python = "/usr/bin/python3";

    /// <summary>Rounds per paired ratio: each is one peer process (PyTorch's median over about a second) and about a second of ours.</summary>
    private const int Rounds = 3;

    private static readonly TimeSpan OursPerRound = TimeSpan.FromSeconds(1);

    /// <summary>Runs the peer on <paramref name="names"/> (train only when asked); null, with <paramref name="note"/> saying why, if it could not run.</summary>
    public static JsonElement? Run(IReadOnlyList<string> names, bool trainOnly, out string note)
    {
        string script = Path.Combine(AppContext.BaseDirectory, "torch_peer.py");
        var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(script);
        if (trainOnly)
        {
            start.ArgumentList.Add("--train");
        }

        foreach (string name in names)
        {
            start.ArgumentList.Add(name);
        }

        try
        {
            using Process process = Process.Start(start)!;
            Task<string> errors = process.StandardError.ReadToEndAsync();
            string output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                note = $"PyTorch peer failed ({Python} {script} exited with {process.ExitCode}): {errors.Result.Trim()}";
                return null;
            }

            using JsonDocument document = JsonDocument.Parse(output);
            note = $"PyTorch {document.RootElement.GetProperty("torch").GetString()} (Debian python3-torch, OpenBLAS), best of 1 and 2 threads";
            return document.RootElement.Clone();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            note = $"PyTorch peer not run: cannot start {Python} ({e.Message}); install python3-torch and libopenblas0-pthread";
            return null;
        }
    }

    /// <summary>A network's samples/s for "train" or "predict" in a peer's output, or null.</summary>
    public static double? SamplesPerSecond(JsonElement? torch, string name, string kind) =>
        torch is { } t && t.GetProperty("networks").TryGetProperty(name, out JsonElement n) ? n.GetProperty(kind).GetProperty("samples_per_s").GetDouble() : null;

    /// <summary>
    /// Generated train samples/s over PyTorch's for each case, as the median over <see cref="Rounds"/> rounds that run
    /// the peer and ours back to back (ours first in every other round, so neither side always meets the machine
    /// later); no rounds for a case when the peer could not run.
    /// </summary>
    public static IReadOnlyDictionary<string, RoundRatios> PairedTrainRatios(IReadOnlyList<SuiteCase> cases)
    {
        var networks = cases.Select(c => (Case: c, Network: c.Create(Engine.Generated))).ToList();
        var rounds = cases.ToDictionary(c => c.Name, _ => new List<(double Ours, double Theirs)>());
        for (int round = 0; round < Rounds; round++)
        {
            Dictionary<string, double> ours = [];
            if (round % 2 == 1)
            {
                networks.ForEach(n => ours[n.Case.Name] = GeneratedTrainSamplesPerSecond(n.Case, n.Network));
            }

            JsonElement? torch = Run(cases.Select(c => c.Name).ToList(), trainOnly: true, out _);
            if (round % 2 == 0)
            {
                networks.ForEach(n => ours[n.Case.Name] = GeneratedTrainSamplesPerSecond(n.Case, n.Network));
            }

            foreach (SuiteCase c in cases)
            {
                if (SamplesPerSecond(torch, c.Name, "train") is { } theirs)
                {
                    rounds[c.Name].Add((ours[c.Name], theirs));
                }
            }
        }

        return rounds.ToDictionary(r => r.Key, r => new RoundRatios(r.Value));
    }

    /// <summary>One case's samples/s, ours and PyTorch's, in each round that ran; the ratios' median (null when no round ran).</summary>
    public sealed record RoundRatios(IReadOnlyList<(double Ours, double Theirs)> SamplesPerSecond)
    {
        public IReadOnlyList<double> Rounds => SamplesPerSecond.Select(r => r.Ours / r.Theirs).ToList();

        public double? Median => Rounds.Count == 0 ? null : Rounds.Order().ElementAt(Rounds.Count / 2);

        /// <summary>PyTorch's median samples/s over the rounds (null when no round ran).</summary>
        public double? TheirMedian => SamplesPerSecond.Count == 0 ? null : SamplesPerSecond.Select(r => r.Theirs).Order().ElementAt(SamplesPerSecond.Count / 2);

        /// <summary>"3.85× (rounds 3.70×, 3.85×, 4.01×)", or "n/a" when the peer did not run.</summary>
        public override string ToString() => Median is { } m
            ? FormattableString.Invariant($"{m:F2}× (rounds {string.Join(", ", Rounds.Select(r => FormattableString.Invariant($"{r:F2}×")))})")
            : "n/a: the PyTorch peer did not run";
    }

    /// <summary>The generated TrainStep's samples/s: the median of 2 ms samples over <see cref="OursPerRound"/>, after a warm-up.</summary>
    private static double GeneratedTrainSamplesPerSecond(SuiteCase suite, INetwork network)
    {
        (float[] inputs, int[] labels) = suite.Batch(network);
        for (int i = 0; i < 20; i++)
        {
            network.TrainStep(inputs, labels);
        }

        var samples = new List<double>();
        var total = Stopwatch.StartNew();
        while (total.Elapsed < OursPerRound || samples.Count < 5)
        {
            int steps = 0;
            long start = Stopwatch.GetTimestamp();
            do
            {
                network.TrainStep(inputs, labels);
                steps++;
            }
            while (Stopwatch.GetElapsedTime(start).TotalMilliseconds < 2);

            samples.Add(steps * network.BatchSize / Stopwatch.GetElapsedTime(start).TotalSeconds);
        }

        samples.Sort();
        return samples[samples.Count / 2];
    }
}
