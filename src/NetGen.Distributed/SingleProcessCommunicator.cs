namespace NetGen.Distributed;

/// <summary>A job of one process, no MPI: the sum over one rank and a broadcast from it leave every value as it is.</summary>
internal sealed class SingleProcessCommunicator : Communicator
{
    public override int Rank => 0;

    public override int Size => 1;

    public override string ProcessorName => Environment.MachineName;

    public override void Barrier()
    {
    }

    private protected override void BroadcastCore(Span<float> values, int root)
    {
    }

    private protected override void BroadcastCore(Span<byte> values, int root)
    {
    }

    private protected override void AllreduceSumCore(Span<float> values)
    {
    }

    private protected override void AllreduceSumCore(Span<double> values)
    {
    }

    private protected override void AbortCore(int code)
    {
    }
}
