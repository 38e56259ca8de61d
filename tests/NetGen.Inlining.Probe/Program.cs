using System.Diagnostics;
using System.Reflection;
using System.Runtime.CompilerServices;
using Demo;
using NetGen;
using NetGen.Inlining.Probe;

// Trains each network and runs its Predict for a while, rests so the background compiler finishes its Tier1 rejits,
// then runs again so calls land on the rejitted code. Launched by InliningTests with DOTNET_JitDisasm on; what it prints
// is only the networks it ran (the disassembly goes to DOTNET_JitStdOutFile).
INetwork[] networks =
[
    new SuiteMlp(seed: 1), new NormedRmsProp(seed: 2), new GroupedAdaGrad(seed: 3), new Catalogue(seed: 4),
    new ChannelForms(seed: 5), new ClippedAdamW(seed: 6), new FashionCnn(seed: 7), new FashionMlp(seed: 8),
    new LeNet(seed: 9), new Regularized(seed: 10),
];

// Every non-generic fully optimized runtime method compiled now, on this thread (PrepareMethod), and then one step of
// each network: every method the JIT compiles on the calling thread at its first call (fully
// optimized ones, and, without on-stack replacement, those with loops) is compiled now, before the background compiler
// rejits anything at Tier1, so the listings of the two threads do not interleave.
foreach (MethodBase method in FullyOptimized(typeof(NetGen.Runtime.Gemm).Assembly))
{
    RuntimeHelpers.PrepareMethod(method.MethodHandle);
}

ProbeBatch[] batches = networks.Select(network => new ProbeBatch(network)).ToArray();
for (int i = 0; i < networks.Length; i++)
{
    batches[i].Train(networks[i]);
    batches[i].Predict(networks[i]);
}

Thread.Sleep(200);
TimeSpan perPhase = TimeSpan.FromMilliseconds(args.Length > 0 ? int.Parse(args[0]) : 400);
for (int i = 0; i < networks.Length; i++)
{
    (INetwork network, ProbeBatch batch) = (networks[i], batches[i]);
    for (int phase = 0; phase < 3; phase++)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < perPhase)
        {
            batch.Train(network);
            batch.Predict(network);
        }

        Thread.Sleep(150); // the background compiler finishes the rejits this phase queued
    }

    Console.WriteLine($"{network.GetType().Name}: {network.Step} steps");
}

Thread.Sleep(300); // rejits still queued finish (and are listed) before the process exits

// Methods marked AggressiveOptimization that can be compiled without type arguments.
static IEnumerable<MethodBase> FullyOptimized(Assembly assembly)
{
    const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly;
    return assembly.GetTypes()
        .Where(type => !type.ContainsGenericParameters)
        .SelectMany(type => type.GetMethods(all))
        .Where(method => !method.ContainsGenericParameters && !method.IsAbstract
            && (method.MethodImplementationFlags & MethodImplAttributes.AggressiveOptimization) != 0);
}
