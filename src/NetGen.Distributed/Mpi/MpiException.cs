namespace NetGen.Distributed.Mpi;

/// <summary>An MPI call returned an error code: the call's name, the code and MPI's text for it.</summary>
public sealed class MpiException : Exception
{
    /// <summary>An exception for <paramref name="call"/> returning <paramref name="code"/>, described by <paramref name="text"/>.</summary>
    public MpiException(string call, int code, string text) : base($"{call} failed with MPI error {code}: {text}")
    {
        Call = call;
        Code = code;
    }

    /// <summary>The MPI function that failed, e.g. MPI_Allreduce.</summary>
    public string Call { get; }

    /// <summary>The error code it returned (MPI_SUCCESS is 0).</summary>
    public int Code { get; }
}
