using BenchmarkDotNet.Running;
using NetGen.Benchmarks;

// --suite runs the whole suite and prints the combined report (docs/benchmarks.md); otherwise BenchmarkDotNet's own
// switches apply, e.g. --filter '*BatchNormInference*'.
if (args.Length == 1 && args[0] == "--suite")
{
    return SuiteRunner.Run();
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
