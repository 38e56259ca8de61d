using System.Runtime.InteropServices;
using System.Text;

namespace NetGen.Distributed.Mpi;

/// <summary>
/// The MPI functions this package calls, bound to Open MPI's ABI: a communicator, datatype, operation or error handler
/// is a pointer, and the predefined ones (MPI_COMM_WORLD, MPI_FLOAT, MPI_SUM, MPI_ERRORS_RETURN) are the addresses of
/// exported globals (ompi_mpi_comm_world, ...); MPI_IN_PLACE is (void*)1. Every call's return code is checked: an
/// error throws <see cref="MpiException"/> naming the call, the code and MPI_Error_string's text. Counts are C ints,
/// as MPI's are.
/// </summary>
internal sealed unsafe class OpenMpi
{
    /// <summary>MPI_SUCCESS.</summary>
    private const int Success = 0;

    /// <summary>MPI_THREAD_SERIALIZED: any thread may call MPI, one at a time (the .NET runtime has threads of its own).</summary>
    private const int ThreadSerialized = 2;

    /// <summary>MPI_MAX_ERROR_STRING and MPI_MAX_PROCESSOR_NAME in Open MPI's mpi.h.</summary>
    private const int MaxString = 256;

    private static readonly IntPtr InPlace = 1;

    private readonly delegate* unmanaged<int*, byte***, int, int*, int> _initThread;
    private readonly delegate* unmanaged<int*, int> _initialized;
    private readonly delegate* unmanaged<int> _finalize;
    private readonly delegate* unmanaged<int*, int> _finalized;
    private readonly delegate* unmanaged<IntPtr, IntPtr, int> _commSetErrhandler;
    private readonly delegate* unmanaged<IntPtr, int*, int> _commRank;
    private readonly delegate* unmanaged<IntPtr, int*, int> _commSize;
    private readonly delegate* unmanaged<void*, int, IntPtr, int, IntPtr, int> _bcast;
    private readonly delegate* unmanaged<void*, void*, int, IntPtr, IntPtr, IntPtr, int> _allreduce;
    private readonly delegate* unmanaged<IntPtr, int> _barrier;
    private readonly delegate* unmanaged<IntPtr, int, int> _abort;
    private readonly delegate* unmanaged<byte*, int*, int> _processorName;
    private readonly delegate* unmanaged<int, byte*, int*, int> _errorString;

    private OpenMpi(IntPtr library)
    {
        IntPtr Export(string name) => NativeLibrary.GetExport(library, name);
        _initThread = (delegate* unmanaged<int*, byte***, int, int*, int>)Export("MPI_Init_thread");
        _initialized = (delegate* unmanaged<int*, int>)Export("MPI_Initialized");
        _finalize = (delegate* unmanaged<int>)Export("MPI_Finalize");
        _finalized = (delegate* unmanaged<int*, int>)Export("MPI_Finalized");
        _commSetErrhandler = (delegate* unmanaged<IntPtr, IntPtr, int>)Export("MPI_Comm_set_errhandler");
        _commRank = (delegate* unmanaged<IntPtr, int*, int>)Export("MPI_Comm_rank");
        _commSize = (delegate* unmanaged<IntPtr, int*, int>)Export("MPI_Comm_size");
        _bcast = (delegate* unmanaged<void*, int, IntPtr, int, IntPtr, int>)Export("MPI_Bcast");
        _allreduce = (delegate* unmanaged<void*, void*, int, IntPtr, IntPtr, IntPtr, int>)Export("MPI_Allreduce");
        _barrier = (delegate* unmanaged<IntPtr, int>)Export("MPI_Barrier");
        _abort = (delegate* unmanaged<IntPtr, int, int>)Export("MPI_Abort");
        _processorName = (delegate* unmanaged<byte*, int*, int>)Export("MPI_Get_processor_name");
        _errorString = (delegate* unmanaged<int, byte*, int*, int>)Export("MPI_Error_string");
        CommWorld = Export("ompi_mpi_comm_world");
        Float = Export("ompi_mpi_float");
        Double = Export("ompi_mpi_double");
        Byte = Export("ompi_mpi_byte");
        Sum = Export("ompi_mpi_op_sum");
        ErrorsReturn = Export("ompi_mpi_errors_return");
    }

    /// <summary>MPI_COMM_WORLD.</summary>
    public IntPtr CommWorld { get; }

    /// <summary>MPI_FLOAT, MPI_DOUBLE, MPI_BYTE.</summary>
    public IntPtr Float { get; }

    /// <inheritdoc cref="Float"/>
    public IntPtr Double { get; }

    /// <inheritdoc cref="Float"/>
    public IntPtr Byte { get; }

    /// <summary>MPI_SUM.</summary>
    public IntPtr Sum { get; }

    /// <summary>MPI_ERRORS_RETURN: errors come back as codes instead of aborting the job inside the call.</summary>
    private IntPtr ErrorsReturn { get; }

    /// <summary>Loads Open MPI (<see cref="MpiLibraryLoader"/>) and resolves every function and handle.</summary>
    public static OpenMpi Load() => new(MpiLibraryLoader.Load(MpiLibraryLoader.OpenMpiNames));

    /// <summary>MPI_Init_thread (unless already initialized), then MPI_ERRORS_RETURN on MPI_COMM_WORLD so every error reaches <see cref="Check"/>. True when this call initialized MPI.</summary>
    public bool Initialize()
    {
        int flag;
        Check(_initialized(&flag), "MPI_Initialized");
        if (flag != 0)
        {
            return false;
        }

        int provided;
        Check(_initThread(null, null, ThreadSerialized, &provided), "MPI_Init_thread");
        Check(_commSetErrhandler(CommWorld, ErrorsReturn), "MPI_Comm_set_errhandler");
        return true;
    }

    /// <summary>MPI_Finalize, unless MPI is finalized already.</summary>
    public void FinalizeMpi()
    {
        int flag;
        Check(_finalized(&flag), "MPI_Finalized");
        if (flag == 0)
        {
            Check(_finalize(), "MPI_Finalize");
        }
    }

    public int Rank()
    {
        int rank;
        Check(_commRank(CommWorld, &rank), "MPI_Comm_rank");
        return rank;
    }

    public int Size()
    {
        int size;
        Check(_commSize(CommWorld, &size), "MPI_Comm_size");
        return size;
    }

    /// <summary>MPI_Bcast of <paramref name="count"/> elements of <paramref name="type"/> at <paramref name="buffer"/> from <paramref name="root"/>.</summary>
    public void Broadcast(void* buffer, int count, IntPtr type, int root) =>
        Check(_bcast(buffer, count, type, root, CommWorld), "MPI_Bcast");

    /// <summary>MPI_Allreduce with MPI_IN_PLACE: <paramref name="buffer"/> holds this rank's values before, the reduction after.</summary>
    public void AllreduceInPlace(void* buffer, int count, IntPtr type, IntPtr op) =>
        Check(_allreduce((void*)InPlace, buffer, count, type, op, CommWorld), "MPI_Allreduce");

    public void Barrier() => Check(_barrier(CommWorld), "MPI_Barrier");

    /// <summary>MPI_Abort on MPI_COMM_WORLD: mpirun ends every rank with <paramref name="code"/>. Returns only if MPI cannot abort.</summary>
    public int Abort(int code) => _abort(CommWorld, code);

    public string ProcessorName()
    {
        byte* name = stackalloc byte[MaxString];
        int length;
        Check(_processorName(name, &length), "MPI_Get_processor_name");
        return Encoding.UTF8.GetString(name, length);
    }

    /// <summary>Throws <see cref="MpiException"/> when <paramref name="code"/> is not MPI_SUCCESS.</summary>
    private void Check(int code, string call)
    {
        if (code != Success)
        {
            throw new MpiException(call, code, ErrorText(code));
        }
    }

    private string ErrorText(int code)
    {
        byte* text = stackalloc byte[MaxString];
        int length;
        return _errorString(code, text, &length) == Success ? Encoding.UTF8.GetString(text, length) : "(MPI_Error_string failed too)";
    }
}
