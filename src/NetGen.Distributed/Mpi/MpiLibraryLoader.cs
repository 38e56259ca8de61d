using System.Runtime.InteropServices;

namespace NetGen.Distributed.Mpi;

/// <summary>
/// Finds the system's Open MPI library at run time. It is opened with dlopen(RTLD_NOW | RTLD_GLOBAL) rather than
/// NativeLibrary.Load (RTLD_LOCAL): Open MPI dlopens its own components (transports, collectives) and they resolve
/// libmpi's symbols from the global namespace, as they do for a C program linked against it.
/// </summary>
internal static partial class MpiLibraryLoader
{
    /// <summary>Open MPI 4 and 5's soname first, then the development symlink.</summary>
    internal static readonly string[] OpenMpiNames = ["libmpi.so.40", "libmpi.so"];

    /// <summary>MPICH's soname: recognized only to say that its ABI (integer handles) is not the one bound here.</summary>
    private const string MpichName = "libmpich.so.12";

    private const int RtldNow = 2, RtldGlobal = 0x100;

    /// <summary>The handle of the first of <paramref name="names"/> that loads; else <see cref="MpiNotFoundException"/>.</summary>
    public static IntPtr Load(IReadOnlyList<string> names)
    {
        var errors = new List<string>();
        foreach (string name in names)
        {
            IntPtr handle = DlOpen(name, RtldNow | RtldGlobal);
            if (handle != IntPtr.Zero)
            {
                return handle;
            }

            errors.Add(Marshal.PtrToStringUTF8(DlError()) ?? name);
        }

        throw new MpiNotFoundException(NotFoundMessage(names, errors, MpichPresent()));
    }

    /// <summary>What the user reads when Open MPI is missing: what was tried, how to install it, that MPICH is not supported.</summary>
    internal static string NotFoundMessage(IReadOnlyList<string> names, IReadOnlyList<string> errors, bool mpichPresent) =>
        $"Open MPI was not found: the process runs under mpirun (OMPI_COMM_WORLD_SIZE is set) but none of {string.Join(", ", names)} "
        + $"could be loaded ({string.Join("; ", errors)}). Install Open MPI (Debian/Ubuntu: apt-get install -y openmpi-bin libopenmpi-dev) "
        + "or put its lib folder on LD_LIBRARY_PATH. "
        + (mpichPresent
            ? $"{MpichName} (MPICH) is installed, but MPICH's ABI (integer handles) is not supported: launch with Open MPI's mpirun."
            : "MPICH and other MPI ABIs are not supported.");

    private static bool MpichPresent()
    {
        IntPtr handle = DlOpen(MpichName, RtldNow);
        return handle != IntPtr.Zero;
    }

    [LibraryImport("libc.so.6", EntryPoint = "dlopen", StringMarshalling = StringMarshalling.Utf8)]
    private static partial IntPtr DlOpen(string file, int mode);

    [LibraryImport("libc.so.6", EntryPoint = "dlerror")]
    private static partial IntPtr DlError();
}
