using System.Runtime.InteropServices;
using NetGen;
using NetGen.Data;
using NetGen.Distributed;
using NetGen.Distributed.Worker;
using NetGen.Training;

// One rank of a test job (or, with --model whole, the single-process oracle). Trains on 640 synthetic samples in global
// batches of 32 (20 steps per epoch), scores 128 validation samples after each epoch, and prints
// "rank R of N hash H step S". Options: --model shard|whole|bn, --epochs N, --out FILE (rank 0 writes the parameters
// there as raw floats), --checkpoint FILE (rank 0 saves the training state after every epoch), --resume FILE (rank 0
// loads it; DistributedTrainer gives it to the other ranks), --fail-rank R (that rank's training set holds NaNs);
// --measure STEPS times the main job's step instead (StepTiming); --mismatch 1 broadcasts with unequal lengths.
var arguments = new Dictionary<string, string>();
for (int i = 0; i + 1 < args.Length; i += 2)
{
    arguments[args[i]] = args[i + 1];
}

string model = arguments.GetValueOrDefault("--model", "shard");
int epochs = int.Parse(arguments.GetValueOrDefault("--epochs", "1"));
const int GlobalBatch = 32, Samples = 20 * GlobalBatch;

using Communicator communicator = Communicator.Start();
if (arguments.TryGetValue("--measure", out string? measure))
{
    StepTiming.Run(communicator, int.Parse(measure));
    return 0;
}

if (arguments.ContainsKey("--mismatch"))
{
    // A misuse MPI itself catches: rank 0 broadcasts 8 bytes, the others receive into 4 (MPI_ERR_TRUNCATE).
    try
    {
        communicator.Broadcast(new byte[communicator.IsRoot ? 8 : 4], root: 0);
    }
    catch (NetGen.Distributed.Mpi.MpiException e)
    {
        communicator.Abort(e.Message);
    }

    return 0;
}

INetwork network = model switch
{
    "shard" => new ShardMlp(seed: 3),
    "whole" => new WholeBatchMlp(seed: 3),
    "bn" => new ShardBatchNormMlp(seed: 3),
    _ => throw new ArgumentException($"unknown --model {model}: shard, whole or bn."),
};

DataSet train = SyntheticData.Make(Samples, seed: 7);
if (arguments.TryGetValue("--fail-rank", out string? failRank) && int.Parse(failRank) == communicator.Rank)
{
    Array.Fill(train.Features, float.NaN); // a corrupt copy of the data on one host
}

int epochsDone = 0;
if (arguments.TryGetValue("--resume", out string? resume) && communicator.IsRoot)
{
    network.Load(resume);
    epochsDone = (int)(network.Step / (Samples / GlobalBatch));
}

Span<int> done = [epochsDone];
communicator.Broadcast(MemoryMarshal.AsBytes(done), root: 0);
string? checkpoint = arguments.GetValueOrDefault("--checkpoint");
var options = new FitOptions
{
    Epochs = epochs,
    InitialEpoch = done[0],
    BatchSize = GlobalBatch,
    Seed = 5,
    Validation = SyntheticData.Make(128, seed: 8),
    Progress = ProgressMode.Plain,
    ProgressWriter = Console.Out,
    OnEpoch = checkpoint is null ? null : _ => network.Save(checkpoint),
};

FitResult result = model == "whole" ? Trainer.Fit(network, train, options) : DistributedTrainer.Fit(communicator, network, train, options);
Console.WriteLine($"rank {communicator.Rank} of {communicator.Size} hash {ParameterHash.Of(network)} step {network.Step} validation loss {result.History[^1].ValidationLoss:R}");
if (communicator.IsRoot && arguments.TryGetValue("--out", out string? output))
{
    File.WriteAllBytes(output, MemoryMarshal.AsBytes(network.Parameters).ToArray());
}

return 0;
