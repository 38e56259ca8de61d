using System.Globalization;

namespace NetGen.Runtime;

/// <summary>
/// How many threads NetGen's split kernels (large GEMMs, large direct convolutions) run on: the calling thread plus
/// <see cref="Count"/> − 1 long-lived workers. The default is the environment variable <see cref="EnvironmentVariable"/>
/// when it holds a count in 1..<see cref="MaxCount"/>, else every core the process may use. Set <see cref="Count"/> to 1
/// to keep NetGen on the calling thread (a server running many networks side by side, or one network per core).
/// Results do not depend on the count: every split computes each output exactly as one thread does.
/// </summary>
public static class ComputeThreads
{
    /// <summary>The environment variable read once for the default, e.g. NETGEN_THREADS=1.</summary>
    public const string EnvironmentVariable = "NETGEN_THREADS";

    /// <summary>The largest count accepted.</summary>
    public const int MaxCount = 256;

    /// <summary>The count before any is set: <see cref="EnvironmentVariable"/>'s, or <see cref="Environment.ProcessorCount"/>.</summary>
    public static int Default { get; } = FromEnvironment(Environment.GetEnvironmentVariable(EnvironmentVariable), Environment.ProcessorCount);

    /// <summary>
    /// Threads a split job uses, 1..<see cref="MaxCount"/>. Setting it waits for a split job in flight to finish; workers
    /// are started as a larger count first needs them and stay parked when the count shrinks.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The count is outside 1..<see cref="MaxCount"/>.</exception>
    public static int Count
    {
        get => CoreSplit.Threads;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, MaxCount);
            CoreSplit.SetThreads(value);
        }
    }

    /// <summary>
    /// Whether split kernels called on the current thread may hand shares to the workers (true, the default, on every
    /// thread). False keeps every kernel called on this thread on this thread, whatever <see cref="Count"/> and
    /// <c>Gemm.Parallel</c> say, for code that runs its own threads: NetGen's data-parallel workers
    /// (NetGen.Parallel.DataParallel) set it on theirs, so W workers do not contend for the cores a GEMM would split over.
    /// A thread-local switch: it changes nothing on other threads, and results are the same bits either way.
    /// </summary>
    public static bool SplitOnCurrentThread
    {
        get => CoreSplit.SplitOnCurrentThread;
        set => CoreSplit.SplitOnCurrentThread = value;
    }

    /// <summary>
    /// Managed bytes NetGen's compute workers have allocated on their threads while running shares of split jobs, over
    /// the process's life (zero when nothing allocates, which is the contract): with the calling thread's own count
    /// (GC.GetAllocatedBytesForCurrentThread) it covers every thread a call runs on, for allocation tests and diagnostics.
    /// </summary>
    public static long WorkerAllocatedBytes => CoreSplit.WorkerAllocatedBytes;

    /// <summary>The count <paramref name="text"/> asks for, or <paramref name="fallback"/> when it is unset or not a count in range.</summary>
    internal static int FromEnvironment(string? text, int fallback)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Math.Clamp(fallback, 1, MaxCount);
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int count) && count is >= 1 and <= MaxCount)
        {
            return count;
        }

        // A library should not throw from a type initializer over a bad setting; it says so once and keeps the default.
        Console.Error.WriteLine($"NetGen: {EnvironmentVariable}='{text}' is not a thread count in 1..{MaxCount}; using {Math.Clamp(fallback, 1, MaxCount)}.");
        return Math.Clamp(fallback, 1, MaxCount);
    }
}
