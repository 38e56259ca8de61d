using NetGen.Distributed.Mpi;

namespace NetGen.Distributed;

/// <summary>MPI_COMM_WORLD of the system's Open MPI (<see cref="OpenMpi"/>).</summary>
internal sealed unsafe class MpiCommunicator : Communicator
{
    private readonly OpenMpi _mpi;
    private readonly bool _finalizeOnDispose;
    private bool _disposed;

    private MpiCommunicator(OpenMpi mpi, bool initializedHere)
    {
        _mpi = mpi;
        _finalizeOnDispose = initializedHere;
        Rank = mpi.Rank();
        Size = mpi.Size();
        ProcessorName = mpi.ProcessorName();
    }

    public override int Rank { get; }

    public override int Size { get; }

    public override string ProcessorName { get; }

    /// <summary>Loads Open MPI and initializes it (unless something in this process already did).</summary>
    public static MpiCommunicator Connect()
    {
        OpenMpi mpi = OpenMpi.Load();
        return new MpiCommunicator(mpi, mpi.Initialize());
    }

    public override void Barrier() => _mpi.Barrier();

    private protected override void BroadcastCore(Span<float> values, int root)
    {
        fixed (float* p = values)
        {
            _mpi.Broadcast(p, values.Length, _mpi.Float, root);
        }
    }

    private protected override void BroadcastCore(Span<byte> values, int root)
    {
        fixed (byte* p = values)
        {
            _mpi.Broadcast(p, values.Length, _mpi.Byte, root);
        }
    }

    private protected override void AllreduceSumCore(Span<float> values)
    {
        fixed (float* p = values)
        {
            _mpi.AllreduceInPlace(p, values.Length, _mpi.Float, _mpi.Sum);
        }
    }

    private protected override void AllreduceSumCore(Span<double> values)
    {
        fixed (double* p = values)
        {
            _mpi.AllreduceInPlace(p, values.Length, _mpi.Double, _mpi.Sum);
        }
    }

    private protected override void AbortCore(int code) => _mpi.Abort(code);

    protected override void Dispose(bool disposing)
    {
        if (!_disposed && _finalizeOnDispose)
        {
            _disposed = true;
            _mpi.FinalizeMpi();
        }
    }
}
