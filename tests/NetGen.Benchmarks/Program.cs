using BenchmarkDotNet.Running;

// Runs the benchmarks selected with --filter (e.g. --filter '*BatchNorm*'); see docs/benchmarks.md for the commands.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
