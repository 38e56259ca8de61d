using System.Globalization;
using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using NetGen.Runtime;
using Perfolizer.Horology;

namespace NetGen.Benchmarks;

/// <summary>
/// <c>--suite</c>: runs every suite benchmark in one BenchmarkDotNet session (FMA peak, GEMM, the networks generated
/// and interpreted, single-sample latency, Predict against ONNX Runtime), the paired ratios, then torch_peer.py under
/// Debian's Python (once over every network, then in rounds alternating with our step for the PyTorch targets,
/// <see cref="TorchPeer"/>), and prints one report: per network the samples/s of each side and their ratios, GEMM
/// GFLOP/s against the measured peak, allocations, each target of the kernel issue met or not and what the FMA peak
/// leaves for it, the kernel paths that ran and a warning for each the machine lacks. The report is also written to
/// artifacts/benchmarks/report.md.
/// </summary>
internal static class SuiteRunner
{
    public static int Run()
    {
        IConfig config = DefaultConfig.Instance
            .AddJob(Job.Default.WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(12).WithIterationTime(TimeInterval.FromMilliseconds(250)))
            .AddDiagnoser(MemoryDiagnoser.Default)
            .WithOptions(ConfigOptions.DisableLogFile);
        Summary[] summaries = BenchmarkRunner.Run([typeof(FmaPeak), typeof(GemmBenchmarks), typeof(NetworkBenchmarks), typeof(PredictLatency), typeof(OnnxRuntimePeer)], config);
        var results = new Results(summaries);
        Paired paired = MeasurePaired();
        JsonElement? torch = TorchPeer.Run(SuiteCase.All.Select(c => c.Name).ToList(), trainOnly: false, out string torchNote);
        Console.WriteLine("// PyTorch's train step against ours in alternating rounds (the targets that compare them)");
        IReadOnlyDictionary<string, TorchPeer.RoundRatios> torchPaired = torch is null ? new Dictionary<string, TorchPeer.RoundRatios>() : TorchPeer.PairedTrainRatios([SuiteCase.Named("lenet5"), SuiteCase.Named("mlp784")]);
        string report = Report(results, paired, torch, torchNote, torchPaired, summaries[0]) + Environment.NewLine + DistributedScaling.Measure();
        Console.WriteLine();
        Console.WriteLine(report);
        string folder = Path.Combine("artifacts", "benchmarks");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "report.md"), report);
        Console.WriteLine($"written to {Path.Combine(folder, "report.md")}");
        foreach (string warning in SuitePaths.Warnings())
        {
            Console.Error.WriteLine($"warning: {warning}");
        }

        return 0;
    }

    /// <summary>The ratios the targets are judged on, measured in pairs (<see cref="PairedMeasurements"/>).</summary>
    private sealed record Paired(
        IReadOnlyDictionary<string, (double Train, double Predict)> Networks,
        IReadOnlyDictionary<string, (double ShareOfPeak, double Split, double FmaSplit)> Gemms,
        IReadOnlyDictionary<int, (double OverOneWorker, double OverOneCore, double FmaSplit)> DataParallel);

    private static Paired MeasurePaired()
    {
        Console.WriteLine("// Paired measurements (generated against interpreted, GEMM against FMA chains, two threads against one)");
        var networks = SuiteCase.All.ToDictionary(c => c.Name, PairedMeasurements.GeneratedOverInterpreted);
        var gemms = GemmBenchmarks.Shapes.ToDictionary(shape => shape, shape =>
        {
            int[] d = shape.Split('×').Select(int.Parse).ToArray();
            return PairedMeasurements.GemmRates(d[0], d[1], d[2]);
        });
        var dataParallel = new[] { 1024, 4096 }.ToDictionary(n => n, PairedMeasurements.DataParallel);
        return new Paired(networks, gemms, dataParallel);
    }

    private static string Report(Results r, Paired paired, JsonElement? torch, string torchNote, IReadOnlyDictionary<string, TorchPeer.RoundRatios> torchPaired, Summary summary)
    {
        var s = new StringBuilder();
        double peak1 = FmaPeak.FlopsPerCall / r.Seconds("SingleCore") / 1e9;
        double peakAll = Environment.ProcessorCount * FmaPeak.FlopsPerCall / r.Seconds("AllCores") / 1e9;
        s.AppendLine(CultureInfo.InvariantCulture, $"Machine: {summary.HostEnvironmentInfo.Cpu.Value.ProcessorName}, {Environment.ProcessorCount} cores, {summary.HostEnvironmentInfo.RuntimeVersion}, {CpuKind()}; {torchNote}.");
        s.AppendLine();
        s.AppendLine(SuitePaths.Describe());
        s.AppendLine();
        foreach (string warning in SuitePaths.Warnings())
        {
            s.AppendLine(CultureInfo.InvariantCulture, $"> **Warning:** {warning}");
            s.AppendLine();
        }

        s.AppendLine(CultureInfo.InvariantCulture, $"FMA peak measured in this run at {(FmaPeak.Wide ? "Vector512" : "Vector256")}, the kernels' width: {peak1:F1} GFLOP/s on one core, {peakAll:F1} GFLOP/s on all {Environment.ProcessorCount} cores.");
        s.AppendLine();
        s.AppendLine("| network | batch | train samples/s: generated | interpreted | PyTorch | gen/interp | gen/PyTorch | Predict samples/s: generated | interpreted | PyTorch | gen/interp | gen/PyTorch | train GFLOP/s (gen) | bytes/step gen, interp |");
        s.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        var medians = new Dictionary<string, (double Gflops, double InterpretedTrain, double InterpretedPredict)>();
        foreach (SuiteCase c in SuiteCase.All)
        {
            INetwork network = c.Create(Engine.Generated);
            int batch = network.BatchSize;
            double genTrain = batch / r.Seconds("TrainStep", c.Name, "Generated"), intTrain = batch / r.Seconds("TrainStep", c.Name, "Interpreted");
            double genPredict = batch / r.Seconds("Predict", c.Name, "Generated"), intPredict = batch / r.Seconds("Predict", c.Name, "Interpreted");
            double? torchTrain = TorchPeer.SamplesPerSecond(torch, c.Name, "train"), torchPredict = TorchPeer.SamplesPerSecond(torch, c.Name, "predict");
            double gflops = 3 * c.ForwardFlopsPerSample() * genTrain / 1e9;
            medians[c.Name] = (gflops, intTrain, intPredict);
            s.AppendLine(CultureInfo.InvariantCulture, $"| {c.Title} | {batch} | {genTrain:N0} | {intTrain:N0} | {Text(torchTrain)} | {genTrain / intTrain:F2}× | {Ratio(genTrain, torchTrain)} | {genPredict:N0} | {intPredict:N0} | {Text(torchPredict)} | {genPredict / intPredict:F2}× | {Ratio(genPredict, torchPredict)} | {gflops:F1} | {r.Bytes("TrainStep", c.Name, "Generated"):N0}, {r.Bytes("TrainStep", c.Name, "Interpreted"):N0} |");
        }

        s.AppendLine();
        double latencyGenerated = r.Seconds("PredictOne", engine: "Generated") * 1e6, latencyInterpreted = r.Seconds("PredictOne", engine: "Interpreted") * 1e6;
        s.AppendLine(CultureInfo.InvariantCulture, $"Single-sample Predict, MLP 784-256-128-10: generated {latencyGenerated:F1} µs, interpreted {latencyInterpreted:F1} µs ({latencyInterpreted / latencyGenerated:F2}×); allocated {r.Bytes("PredictOne", engine: "Generated")} B and {r.Bytes("PredictOne", engine: "Interpreted")} B.");
        s.AppendLine();
        s.AppendLine(CultureInfo.InvariantCulture, $"Predict against ONNX Runtime {OrtVersion()} (the same network exported with ExportOnnx; CPU provider, all graph optimizations, {Environment.ProcessorCount} intra-op threads):");
        s.AppendLine();
        s.AppendLine("| network | batch | batch samples/s: generated | ONNX Runtime | gen/ORT | one sample µs: generated | ONNX Runtime | gen/ORT |");
        s.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (SuiteCase c in SuiteCase.All)
        {
            int batch = c.Create(Engine.Generated).BatchSize;
            double genBatch = batch / r.Seconds("GeneratedPredict", c.Name, samples: "batch"), ortBatch = batch / r.Seconds("OnnxRuntimePredict", c.Name, samples: "batch");
            double genOne = r.Seconds("GeneratedPredict", c.Name, samples: "one") * 1e6, ortOne = r.Seconds("OnnxRuntimePredict", c.Name, samples: "one") * 1e6;
            s.AppendLine(CultureInfo.InvariantCulture, $"| {c.Title} | {batch} | {genBatch:N0} | {ortBatch:N0} | {genBatch / ortBatch:F2}× | {genOne:F1} | {ortOne:F1} | {ortOne / genOne:F2}× |");
        }

        s.AppendLine();
        s.AppendLine("| GEMM m×n×k (y = x·Wᵀ) | 1 thread GFLOP/s | % of 1-core peak | all cores GFLOP/s | % of all-core peak | speed-up |");
        s.AppendLine("|---|---:|---:|---:|---:|---:|");
        foreach (string shape in GemmBenchmarks.Shapes)
        {
            int[] d = shape.Split('×').Select(int.Parse).ToArray();
            double flops = 2.0 * d[0] * d[1] * d[2];
            double one = flops / r.Seconds("Multiply", shape, threads: "1") / 1e9, all = flops / r.Seconds("Multiply", shape, threads: "2") / 1e9;
            s.AppendLine(CultureInfo.InvariantCulture, $"| {shape} | {one:F1} | {100 * one / peak1:F0}% | {all:F1} | {100 * all / peakAll:F0}% | {all / one:F2}× |");
        }

        s.AppendLine();
        s.AppendLine("Paired ratios (in this process after the session: the two sides alternate and the median of the per-pair ratios is kept, so the");
        s.AppendLine("machine's drift between benchmark cases cancels; the targets below are judged on these):");
        s.AppendLine();
        s.AppendLine("| network | generated / interpreted, train | generated / interpreted, Predict |");
        s.AppendLine("|---|---:|---:|");
        foreach (SuiteCase c in SuiteCase.All)
        {
            s.AppendLine(CultureInfo.InvariantCulture, $"| {c.Title} | {paired.Networks[c.Name].Train:F2}× | {paired.Networks[c.Name].Predict:F2}× |");
        }

        s.AppendLine();
        s.AppendLine("| network | generated / PyTorch, train (median of alternating rounds) |");
        s.AppendLine("|---|---:|");
        foreach ((string name, TorchPeer.RoundRatios ratio) in torchPaired)
        {
            s.AppendLine(CultureInfo.InvariantCulture, $"| {SuiteCase.Named(name).Title} | {ratio} |");
        }

        s.AppendLine();
        s.AppendLine("| GEMM m×n×k | 1 thread, share of the 1-core FMA rate beside it | 2 threads / 1 | FMA chains, 2 cores / 1, beside it |");
        s.AppendLine("|---|---:|---:|---:|");
        foreach (string shape in GemmBenchmarks.Shapes)
        {
            (double share, double split, double fmaSplit) = paired.Gemms[shape];
            s.AppendLine(CultureInfo.InvariantCulture, $"| {shape} | {100 * share:F0}% | {split:F2}× | {fmaSplit:F2}× |");
        }

        s.AppendLine();
        s.AppendLine("| MLP 64-32-10 step, samples | 2 data-parallel workers / 1 (TrainStep) | 2 workers / 1 on one core | FMA chains, 2 cores / 1, beside it |");
        s.AppendLine("|---|---:|---:|---:|");
        foreach ((int samples, (double overOne, double overCore, double fma)) in paired.DataParallel)
        {
            s.AppendLine(CultureInfo.InvariantCulture, $"| {samples} | {overOne:F2}× | {overCore:F2}× | {fma:F2}× |");
        }

        var slowerPaired = SuiteCase.All
            .SelectMany(c => new[] { ("train", paired.Networks[c.Name].Train), ("Predict", paired.Networks[c.Name].Predict) }.Where(p => p.Item2 < 1).Select(p => $"{c.Title} {p.Item1} {p.Item2:F2}×"))
            .ToList();
        s.AppendLine();
        s.AppendLine("Targets of the kernel issue (ratios paired as above, PyTorch's in alternating rounds of its peer and our step; the all-core share from the medians):");
        s.AppendLine();
        var headroom = new RatioHeadroom(peak1, peakAll);
        double mlp64Flops = SuiteCase.Named("mlp64").ForwardFlopsPerSample(), mlp784Flops = SuiteCase.Named("mlp784").ForwardFlopsPerSample();
        string? mlp64Predict = headroom.Add("generated vs interpreted Predict, MLP 64-32-10 b32", medians["mlp64"].InterpretedPredict, mlp64Flops, 2, "interpreted");
        string? mlp784Train = headroom.Add("generated vs interpreted train, MLP 784-256-128-10 b128", medians["mlp784"].InterpretedTrain, 3 * mlp784Flops, 1.3, "interpreted");
        string? mlp64Train = headroom.Add("generated vs interpreted train, MLP 64-32-10 b32", medians["mlp64"].InterpretedTrain, 3 * mlp64Flops, 2, "interpreted");
        string? lenetTorch = TorchHeadroom(headroom, torchPaired, "lenet5", "generated vs PyTorch train, LeNet-5 b64", 3);
        string? mlp784Torch = TorchHeadroom(headroom, torchPaired, "mlp784", "generated vs PyTorch train, MLP 784-256-128-10 b128", 4);
        var targets = new SuiteTargets();
        targets.AtLeast("generated vs interpreted Predict, MLP 64-32-10 b32", paired.Networks["mlp64"].Predict, 2, "×", mlp64Predict);
        targets.AtLeast("generated vs interpreted train, MLP 784-256-128-10 b128", paired.Networks["mlp784"].Train, 1.3, "×", mlp784Train);
        targets.AtLeast("generated vs interpreted train, MLP 64-32-10 b32", paired.Networks["mlp64"].Train, 2, "×", mlp64Train);
        targets.AtLeast("generated vs PyTorch train, LeNet-5 b64", TorchRatio(torchPaired, "lenet5"), 3, "×", lenetTorch);
        targets.AtLeast("generated vs PyTorch train, MLP 784-256-128-10 b128", TorchRatio(torchPaired, "mlp784"), 4, "×", mlp784Torch);
        targets.AtLeast("MLP 784-256-128-10 train step, share of the all-core FMA peak (3 × forward FLOPs)", medians["mlp784"].Gflops / peakAll, 0.5, "");
        targets.AtLeast("SGEMM 512³ one thread, share of the one-core peak", paired.Gemms["512×512×512"].ShareOfPeak, 0.75, "");
        targets.AtLeast("SGEMM 128×256×784 on two threads vs one", paired.Gemms["128×256×784"].Split, 1.6, "×");
        targets.Every("generated faster than interpreted, train and Predict", slowerPaired, 2 * SuiteCase.All.Count);
        long generatedBytes = SuiteCase.All.Sum(c => r.Bytes("TrainStep", c.Name, "Generated") + r.Bytes("Predict", c.Name, "Generated"));
        targets.Exactly("bytes allocated per generated TrainStep and Predict, all networks", generatedBytes, 0);
        s.Append(targets.Table());
        s.AppendLine();
        s.AppendLine("What the FMA peak leaves for the ratio targets (the other side's step is already a share of the peak, and a goal of g×");
        s.AppendLine("asks the generated step for g times that share; FLOPs of the products only; PyTorch's rate is the median of its rounds):");
        s.AppendLine();
        s.Append(headroom.Table());
        return s.ToString();
    }

    private static string CpuKind() =>
        Simd.IsAccelerated(SimdWidth.Vector512) ? "AVX-512" : Simd.IsAccelerated(SimdWidth.Vector256) ? "AVX2, no AVX-512" : "no AVX2";

    private static string OrtVersion() =>
        typeof(Microsoft.ML.OnnxRuntime.InferenceSession).Assembly.GetName().Version is { } v ? $"{v.Major}.{v.Minor}.{v.Build}" : "(version unknown)";

    /// <summary>Adds the headroom row of a PyTorch target from PyTorch's median rate over the rounds; null when the peer did not run or the peak allows the goal.</summary>
    private static string? TorchHeadroom(RatioHeadroom headroom, IReadOnlyDictionary<string, TorchPeer.RoundRatios> paired, string name, string what, double goal) =>
        paired.TryGetValue(name, out TorchPeer.RoundRatios? ratio) && ratio.TheirMedian is { } theirs
            ? headroom.Add(what, theirs, 3 * SuiteCase.Named(name).ForwardFlopsPerSample(), goal, "PyTorch")
            : null;

    /// <summary>The paired generated/PyTorch train ratio of a case, NaN (a target not met) when the peer did not run.</summary>
    private static double TorchRatio(IReadOnlyDictionary<string, TorchPeer.RoundRatios> paired, string name) =>
        paired.TryGetValue(name, out TorchPeer.RoundRatios? ratio) && ratio.Median is { } r ? r : double.NaN;

    private static string Text(double? value) => value is { } v ? v.ToString("N0", CultureInfo.InvariantCulture) : "n/a";

    private static string Ratio(double ours, double? theirs) => theirs is { } t ? (ours / t).ToString("F2", CultureInfo.InvariantCulture) + "×" : "n/a";

    /// <summary>Median seconds and allocated bytes per call, found by method name and parameter values.</summary>
    private sealed class Results(Summary[] summaries)
    {
        private readonly BenchmarkReport[] _reports = summaries.SelectMany(s => s.Reports).ToArray();

        public double Seconds(string method, string? key = null, string? engine = null, string? threads = null, string? samples = null) =>
            Find(method, key, engine, threads, samples).ResultStatistics?.Median / 1e9 ?? double.NaN;

        public long Bytes(string method, string? key = null, string? engine = null) =>
            Find(method, key, engine, null, null) is { } report ? report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase) ?? -1 : -1;

        private BenchmarkReport Find(string method, string? key, string? engine, string? threads, string? samples) =>
            _reports.First(r => r.BenchmarkCase.Descriptor.WorkloadMethod.Name == method
                && (key is null || Value(r, "Case") == key || Value(r, "Shape") == key)
                && (engine is null || Value(r, "Engine") == engine)
                && (threads is null || Value(r, "Threads") == threads)
                && (samples is null || Value(r, "Samples") == samples));

        private static string? Value(BenchmarkReport report, string name) =>
            report.BenchmarkCase.Parameters.Items.FirstOrDefault(p => p.Name == name)?.Value?.ToString();
    }
}
