namespace NetGen.Distributed.Mpi;

/// <summary>
/// The process runs under mpirun but no usable Open MPI library could be loaded: the message says what was tried and
/// how to install it.
/// </summary>
public sealed class MpiNotFoundException : Exception
{
    /// <summary>An exception with the given message.</summary>
    public MpiNotFoundException(string message) : base(message)
    {
    }
}
