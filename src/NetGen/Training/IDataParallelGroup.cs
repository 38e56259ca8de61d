namespace NetGen.Training;

/// <summary>
/// What Fit needs from the processes of a data-parallel job (NetGen.Distributed's Communicator implements it): every
/// rank runs the same Fit on the same data and options; the group sums the gradients and shares rank 0's decisions.
/// </summary>
internal interface IDataParallelGroup
{
    /// <summary>This process's rank, 0 … Size − 1; rank 0 logs, evaluates and runs the callbacks.</summary>
    int Rank { get; }

    /// <summary>Processes in the job.</summary>
    int Size { get; }

    /// <summary>In place: values[i] becomes the sum over the ranks.</summary>
    void AllreduceSum(Span<float> values);

    /// <summary>Every rank's values become <paramref name="root"/>'s.</summary>
    void Broadcast(Span<byte> values, int root);
}
