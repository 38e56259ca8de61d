using System.Diagnostics.CodeAnalysis;
using NetGen.Training;

namespace NetGen.Distributed;

/// <summary>
/// The processes of one job, numbered 0 … Size − 1: broadcast from a root, in-place all-reduce sums, a barrier and an
/// abort of the whole job. <see cref="Start"/> gives MPI's world communicator when the process was launched by Open MPI's
/// mpirun, else a single-process one (Rank 0, Size 1, every collective a no-op, no MPI library needed), so the same
/// program runs with and without mpirun. Collectives are blocking and must be called by every rank in the same order
/// with the same lengths; one call at a time per process. Dispose finalizes MPI if Start initialized it.
/// </summary>
public abstract class Communicator : IDisposable, IDataParallelGroup
{
    /// <summary>The variable Open MPI's mpirun sets in every process it launches: the job's size.</summary>
    public const string WorldSizeVariable = "OMPI_COMM_WORLD_SIZE";

    /// <summary>True when this process was launched by Open MPI's mpirun (<see cref="WorldSizeVariable"/> is set).</summary>
    public static bool UnderMpirun => Environment.GetEnvironmentVariable(WorldSizeVariable) is { Length: > 0 };

    /// <summary>This process's rank, 0 … Size − 1.</summary>
    public abstract int Rank { get; }

    /// <summary>Processes in the job.</summary>
    public abstract int Size { get; }

    /// <summary>True on rank 0, the rank that logs, evaluates and writes checkpoints.</summary>
    public bool IsRoot => Rank == 0;

    /// <summary>The host this rank runs on (MPI_Get_processor_name; the machine name without MPI).</summary>
    public abstract string ProcessorName { get; }

    /// <summary>
    /// MPI's world communicator under mpirun (MPI initialized here; <see cref="Mpi.MpiNotFoundException"/> when Open MPI
    /// cannot be loaded), otherwise <see cref="SingleProcess"/>.
    /// </summary>
    public static Communicator Start() => UnderMpirun ? MpiCommunicator.Connect() : SingleProcess();

    /// <summary>A job of one process: Rank 0, Size 1; collectives leave the values as they are.</summary>
    public static Communicator SingleProcess() => new SingleProcessCommunicator();

    /// <summary>Every rank's <paramref name="values"/> become <paramref name="root"/>'s.</summary>
    public void Broadcast(Span<float> values, int root)
    {
        CheckRoot(root);
        BroadcastCore(values, root);
    }

    /// <inheritdoc cref="Broadcast(Span{float}, int)"/>
    public void Broadcast(Span<byte> values, int root)
    {
        CheckRoot(root);
        BroadcastCore(values, root);
    }

    /// <summary>In place: every rank's <paramref name="values"/>[i] becomes the sum over the ranks of their values[i].</summary>
    public void AllreduceSum(Span<float> values) => AllreduceSumCore(values);

    /// <inheritdoc cref="AllreduceSum(Span{float})"/>
    public void AllreduceSum(Span<double> values) => AllreduceSumCore(values);

    /// <summary>Returns when every rank has called it.</summary>
    public abstract void Barrier();

    /// <summary>
    /// Ends the whole job: writes "rank R of N (host): <paramref name="message"/>" to standard error, then MPI_Abort, so
    /// mpirun stops every rank and exits with <paramref name="code"/> (without MPI the process exits with it).
    /// </summary>
    [DoesNotReturn]
    public void Abort(string message, int code = 1)
    {
        ArgumentNullException.ThrowIfNull(message);
        Console.Error.WriteLine($"rank {Rank} of {Size} ({ProcessorName}): {message}");
        Console.Error.Flush();
        AbortCore(code);
        Environment.Exit(code);
    }

    /// <summary>Finalizes MPI if <see cref="Start"/> initialized it; nothing for a single process.</summary>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases what the communicator holds.</summary>
    protected virtual void Dispose(bool disposing)
    {
    }

    private protected abstract void BroadcastCore(Span<float> values, int root);

    private protected abstract void BroadcastCore(Span<byte> values, int root);

    private protected abstract void AllreduceSumCore(Span<float> values);

    private protected abstract void AllreduceSumCore(Span<double> values);

    /// <summary>Asks MPI to end the job; returns only where there is no MPI.</summary>
    private protected abstract void AbortCore(int code);

    private void CheckRoot(int root)
    {
        if (root < 0 || root >= Size)
        {
            throw new ArgumentOutOfRangeException(nameof(root), root, $"the root must be a rank of this job, 0 … {Size - 1}.");
        }
    }
}
