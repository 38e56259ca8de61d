using NetGen;
using NetGen.CheckpointWriter;

// Usage: NetGen.CheckpointWriter <path>. Saves LargeCheckpoint's state to <path> again and again, each save with the
// next step count, printing "saved <step>" after each, until killed: the crash test kills it mid-write and checks that
// the file still holds one whole checkpoint.
if (args.Length != 1)
{
    Console.Error.WriteLine("usage: NetGen.CheckpointWriter <checkpoint path>");
    return 2;
}

var network = new LargeCheckpoint(seed: 1);
for (long step = 1; ; step++)
{
    network.Position = network.Position with { Step = step };
    network.Parameters[0] = step; // the file's content changes with every save
    network.Save(args[0]);
    Console.WriteLine($"saved {step}");
}
