using NetGen.Data;
using NetGen.Training;

namespace NetGen.Distributed;

/// <summary>
/// Data-parallel training over the processes of a <see cref="Communicator"/> (docs/distributed.md): every rank calls
/// <see cref="Fit"/> with the same network type, data and options. Rank 0's whole training state is broadcast first,
/// then Trainer.Fit's loop runs on every rank with the same shuffled global batches (the same Seed), each rank computing
/// the gradient of its shard, the shards' gradients summed by all-reduce and one identical update applied everywhere.
/// </summary>
public static class DistributedTrainer
{
    /// <summary>
    /// <see cref="Trainer.Fit"/> as one rank of the job: <see cref="ShareState"/>, then the global batch of
    /// <see cref="FitOptions.BatchSize"/> (the network's BatchSize when null) split into one disjoint shard per rank, each
    /// computed in chunks of up to the network's BatchSize, all-reduced and applied; BatchNorm's running statistics taken
    /// from rank 0 after every step. Validation scoring, train accuracy, the log, progress, OnStep, OnEpoch and the
    /// callbacks run on rank 0 only; its scores and stop requests are broadcast, so schedules, early stopping and the
    /// restored best epoch agree on every rank. Every rank returns the same history but for its own timings (Seconds, SamplesPerSecond). With one process this is
    /// Trainer.Fit. In a job of several ranks, an exception on any rank (bad options, a non-finite loss, a failing
    /// callback) aborts the whole job through <see cref="Communicator.Abort"/>, its message naming the rank and the
    /// exception; with one process it propagates.
    /// </summary>
    public static FitResult Fit(Communicator communicator, INetwork network, DataSet train, FitOptions options)
    {
        ArgumentNullException.ThrowIfNull(communicator);
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(options);
        if (communicator.Size == 1)
        {
            return Trainer.Fit(network, train, options);
        }

        try
        {
            ShareState(communicator, network);
            return Trainer.FitAsRank(network, train, options, communicator);
        }
        catch (Exception e)
        {
            communicator.Abort($"training failed, aborting the job: {e}");
            throw; // Abort does not return; the compiler needs a way out of the block
        }
    }

    /// <summary>
    /// Every rank's network takes rank 0's whole training state: rank 0 saves it as a checkpoint in memory (parameters,
    /// BatchNorm statistics, optimizer state, step, dropout stream, learning rate; docs/checkpoints.md), broadcasts its
    /// length and bytes, and the other ranks load it, so a run resumed from a checkpoint that only rank 0 has (it alone
    /// writes them) continues alike everywhere. A no-op for one process.
    /// </summary>
    public static void ShareState(Communicator communicator, INetwork network)
    {
        ArgumentNullException.ThrowIfNull(communicator);
        ArgumentNullException.ThrowIfNull(network);
        if (communicator.Size == 1)
        {
            return;
        }

        using var state = new MemoryStream();
        if (communicator.IsRoot)
        {
            network.Save(state);
        }

        Span<byte> length = stackalloc byte[sizeof(long)];
        BitConverter.TryWriteBytes(length, state.Length);
        communicator.Broadcast(length, root: 0);
        long size = BitConverter.ToInt64(length);
        if (size > Array.MaxLength)
        {
            throw new ArgumentException($"rank 0's training state is {size:N0} bytes, more than one broadcast holds.", nameof(network));
        }

        byte[] bytes = communicator.IsRoot ? state.GetBuffer() : new byte[size];
        communicator.Broadcast(bytes.AsSpan(0, (int)size), root: 0);
        if (!communicator.IsRoot)
        {
            network.Load(new MemoryStream(bytes, writable: false));
        }
    }
}
