using BenchmarkDotNet.Running;
using NetGen.Benchmarks;

// --suite runs the whole suite and prints the combined report (docs/benchmarks.md); otherwise BenchmarkDotNet's own
// switches apply, e.g. --filter '*BatchNormInference*'.
if (args.Length == 1 && args[0] == "--suite")
{
    return SuiteRunner.Run();
}

// --distributed runs only the suite's last part, data parallelism over processes (Suite/DistributedScaling).
if (args.Length == 1 && args[0] == "--distributed")
{
    Console.WriteLine(DistributedScaling.Measure());
    return 0;
}

// --data-parallel prints the paired two-workers-against-one ratios of DataParallelScaling (the suite's report has them too).
if (args.Length == 1 && args[0] == "--data-parallel")
{
    Console.WriteLine("| MLP 64-32-10 step, samples | 2 data-parallel workers / 1 (TrainStep) | 2 workers / 1 on one core | FMA chains, 2 cores / 1, beside it |");
    Console.WriteLine("|---|---:|---:|---:|");
    foreach (int samples in new[] { 64, 1024, 4096 }) // 64: a step of microseconds, where the hand-off shows
    {
        (double overOne, double overCore, double fma) = PairedMeasurements.DataParallel(samples);
        Console.WriteLine(System.FormattableString.Invariant($"| {samples} | {overOne:F2}× | {overCore:F2}× | {fma:F2}× |"));
    }

    return 0;
}

// --paired [name ...] prints the paired generated/interpreted ratios of the suite's networks (all, or those named:
// mlp64, mlp784, ...), the suite's own measure, in seconds rather than the suite's minutes.
if (args.Length >= 1 && args[0] == "--paired")
{
    Console.WriteLine("| network | generated / interpreted, train | generated / interpreted, Predict |");
    Console.WriteLine("|---|---:|---:|");
    foreach (SuiteCase suite in args.Length == 1 ? SuiteCase.All : args.Skip(1).Select(SuiteCase.Named))
    {
        (double train, double predict) = PairedMeasurements.GeneratedOverInterpreted(suite);
        Console.WriteLine(System.FormattableString.Invariant($"| {suite.Title} | {train:F2}× | {predict:F2}× |"));
    }

    return 0;
}

// --feature-major prints where feature-major Predict and training pay against batch-major (FeatureMajorCrossover,
// FeatureMajorTrainingCrossover), the bounds of the generator's FeatureMajorRule.
if (args.Length >= 1 && args[0] == "--feature-major")
{
    FeatureMajorCrossover.Print();
    Console.WriteLine();
    FeatureMajorTrainingCrossover.Print();
    return 0;
}

// --update-split prints what splitting optimizer updates over the cores buys (UpdateSplitGain): the suite's large
// networks' TrainStep and Adam.Update alone, with the split off and on in alternating rounds.
if (args.Length == 1 && args[0] == "--update-split")
{
    UpdateSplitGain.Print();
    return 0;
}

// --torch [name ...] prints generated over PyTorch train ratios from alternating rounds of torch_peer.py and our step
// (the suite judges its PyTorch targets on these; default: the two networks with a target, lenet5 and mlp784).
if (args.Length >= 1 && args[0] == "--torch")
{
    IReadOnlyList<SuiteCase> cases = args.Length == 1 ? [SuiteCase.Named("lenet5"), SuiteCase.Named("mlp784")] : args.Skip(1).Select(SuiteCase.Named).ToList();
    Console.WriteLine("| network | generated / PyTorch, train (median of alternating rounds) |");
    Console.WriteLine("|---|---:|");
    foreach ((string name, TorchPeer.RoundRatios ratio) in TorchPeer.PairedTrainRatios(cases))
    {
        Console.WriteLine($"| {SuiteCase.Named(name).Title} | {ratio} |");
    }

    return 0;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
