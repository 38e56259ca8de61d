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

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
