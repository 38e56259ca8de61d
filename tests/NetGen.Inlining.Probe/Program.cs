using System.Diagnostics;
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

TimeSpan perPhase = TimeSpan.FromMilliseconds(args.Length > 0 ? int.Parse(args[0]) : 400);
foreach (INetwork network in networks)
{
    var batch = new ProbeBatch(network);
    for (int phase = 0; phase < 3; phase++)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < perPhase)
        {
            batch.Train(network);
            batch.Predict(network);
        }

        Thread.Sleep(150); // the tiering delay is 100 ms; the rejits run on a background thread
    }

    Console.WriteLine($"{network.GetType().Name}: {network.Step} steps");
}

Thread.Sleep(300); // rejits still queued finish (and are listed) before the process exits
